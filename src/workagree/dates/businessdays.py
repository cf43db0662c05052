"""Business-day arithmetic: which days count, and the date a deadline falls on.

A business day is a day of the working week (``calendar.workdays``) that is neither
a public holiday of ``calendar.country`` (and ``calendar.subdivision``, from the
``holidays`` package) nor one of the ``calendar.closed`` days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..model import Agreement
from ..model.calendar import WEEKDAY_ORDER, Calendar
from . import deadlines


class DateOutOfRange(ValueError):
    """A date workagree would count to lies outside 0001-01-01 to 9999-12-31.

    ``after`` tells which end: True past the last date, False before the first.
    """

    def __init__(self, after: bool) -> None:
        self.after = after
        super().__init__("after 9999-12-31" if after else "before 0001-01-01")


def moved(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days``; :class:`DateOutOfRange` rather than OverflowError at the ends."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise DateOutOfRange(after=days > 0) from None


@dataclass(frozen=True)
class BusinessCalendar:
    """Counts business days for one agreement's calendar."""

    calendar: Calendar = field(default_factory=Calendar)

    @cached_property
    def _workdays(self) -> frozenset[int]:
        return frozenset(WEEKDAY_ORDER.index(day) for day in self.calendar.workdays)

    @property
    def workday_numbers(self) -> frozenset[int]:
        """The working week as weekday numbers (0 for Monday)."""
        return self._workdays

    @cached_property
    def _holidays(self) -> Any:
        if self.calendar.country is None:
            return {}
        from .holidaytables import holiday_table

        return holiday_table(self.calendar.country, self.calendar.subdivision)

    def holiday_name(self, day: dt.date) -> str | None:
        """The public holiday's name on ``day``, if it is one."""
        if self.calendar.country is None:
            return None
        # Not ``if self._holidays``: the holidays mapping is empty until a year is looked up.
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_closed(self, day: dt.date) -> bool:
        """Whether ``day`` is one of the calendar's ``closed`` days."""
        return any(day in closed for closed in self.calendar.closed)

    def is_business_day(self, day: dt.date) -> bool:
        return (
            day.weekday() in self._workdays
            and day not in self._holidays
            and not self.is_closed(day)
        )

    def why_not_business_day(self, day: dt.date) -> str | None:
        """Why ``day`` is not a business day (``Saturday``, ``Good Friday``, ``closed``) or None."""
        if day.weekday() not in self._workdays:
            return deadlines.WEEKDAYS[day.weekday()].capitalize()  # not %A: locale-proof
        if (name := self.holiday_name(day)) is not None:
            return name
        return "closed" if self.is_closed(day) else None

    def shift(self, start: dt.date, days: int, *, business: bool) -> dt.date:
        """``days`` (business or calendar) after ``start``, or before it when negative."""
        if not business:
            return moved(start, days)
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        day = start
        while remaining:
            day = moved(day, step)
            if self.is_business_day(day):
                remaining -= 1
        return day

    def business_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many business days ``shift`` steps over to go from ``start`` to ``end``.

        Forward, the days after ``start`` up to and including ``end``; backward (``end``
        before ``start``), minus the days from ``end`` up to but not including ``start``.
        So ``business_days_between(start, shift(start, n)) == n`` for any ``n``.
        """
        if end < start:  # the days from ``end`` up to but not including ``start``
            return -(self.is_business_day(end) + self.business_days_between(end, moved(start, -1)))
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_business_day(day)
        return count


START_EVENTS = ("start", "the start", "effective", "the effective date")
"""Events that mean the agreement's effective date (unless a milestone has that id)."""


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise DateOutOfRange(after=months > 0)
    for candidate in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def anchor_date(agreement: Agreement, event: str | None) -> dt.date | None:
    """The date of a deadline's event: a milestone's date, or ``start`` for ``effective``."""
    if event is None:
        return None
    milestone = agreement.milestone(event)
    if milestone is not None:
        return milestone.date
    if event.lower() in START_EVENTS and agreement.effective is not None:
        return agreement.effective
    return None


def due_date(agreement: Agreement, deadline: deadlines.Deadline | None) -> dt.date | None:
    """The concrete date a deadline falls on, where it can be computed.

    Fixed dates are themselves; durations anchored to a dated milestone (or to
    ``start``, the effective date) are counted in business or calendar days as
    written. Anything else (``after each draft``, ``every friday``, hours) has no
    single date and gives ``None``; so does a date past either end of the calendar,
    which validation reports (see :func:`deadline_date`).
    """
    try:
        return deadline_date(agreement, deadline)
    except DateOutOfRange:
        return None


def deadline_date(agreement: Agreement, deadline: deadlines.Deadline | None) -> dt.date | None:
    """:func:`due_date`, raising :class:`DateOutOfRange` for a date past 9999-12-31 or
    before 0001-01-01, for the checks to report."""
    if isinstance(deadline, deadlines.OnDate):
        return deadline.date
    if not isinstance(deadline, deadlines.Within) or deadline.unit is deadlines.Unit.HOURS:
        return None
    start = anchor_date(agreement, deadline.event)
    if start is None or deadline.direction is None:
        return None
    sign = -1 if deadline.direction is deadlines.Direction.BEFORE else 1
    if deadline.unit is deadlines.Unit.MONTHS:
        return _add_months(start, sign * deadline.amount)
    days = deadline.amount
    if deadline.unit is deadlines.Unit.WEEKS:
        days *= len(agreement.calendar.workdays) if deadline.business else 7
    return BusinessCalendar(agreement.calendar).shift(
        start, sign * days, business=deadline.business
    )

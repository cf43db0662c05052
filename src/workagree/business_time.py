"""Business time in plain English: the working week, business hours, and what a deadline means.

>>> from workagree.model import Calendar
>>> business_time(Calendar(hours="09:00-17:00", timezone="Europe/Copenhagen"))
'09:00–17:00 Europe/Copenhagen, Monday to Friday'
"""

from __future__ import annotations

from collections.abc import Sequence

from . import deadlines
from .model.calendar import WEEKDAY_ORDER, Calendar, Weekday

DAY_NAMES: dict[Weekday, str] = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def _run_start(days: Sequence[Weekday]) -> int | None:
    """Where a run of consecutive days starts (counting Sunday→Monday as consecutive)."""
    indexes = {WEEKDAY_ORDER.index(day) for day in days}
    starts = [i for i in indexes if (i - 1) % 7 not in indexes]
    return starts[0] if len(starts) == 1 else None


def working_week(workdays: Sequence[Weekday]) -> str:
    """``Monday to Friday``, ``Sunday to Thursday``, ``Monday, Wednesday and Friday``."""
    days = sorted(set(workdays), key=WEEKDAY_ORDER.index)
    if not days:
        raise ValueError("a working week has at least one day")
    if len(days) == 7:
        return "every day of the week"
    start = _run_start(days)
    if len(days) >= 3 and start is not None:
        end = (start + len(days) - 1) % 7
        return f"{DAY_NAMES[WEEKDAY_ORDER[start]]} to {DAY_NAMES[WEEKDAY_ORDER[end]]}"
    names = [DAY_NAMES[day] for day in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def business_time(calendar: Calendar) -> str:
    """When business hours run: ``09:00–17:00 Europe/Copenhagen, Monday to Friday``.

    Without ``hours`` only the working week is given (with the time zone, if any).
    """
    week = working_week(calendar.workdays)
    if calendar.hours is None:
        return f"{week}, {calendar.timezone} time" if calendar.timezone else week
    span = f"{calendar.hours.start:%H:%M}–{calendar.hours.end:%H:%M}"
    if calendar.timezone:
        span += f" {calendar.timezone}"
    return f"{span}, {week}"


def duration(deadline: deadlines.Within, calendar: Calendar) -> str:
    """The amount of a deadline in words, explained for business hours.

    ``4 business hours (09:00–17:00 Europe/Copenhagen, Monday to Friday)``;
    other durations as written: ``5 business days``.
    """
    unit = deadline.unit.singular if deadline.amount == 1 else deadline.unit.value
    words = " ".join(
        [str(deadline.amount), *([deadline.basis.value] if deadline.basis else []), unit]
    )
    if deadline.business and deadline.unit is deadlines.Unit.HOURS:
        words += f" ({business_time(calendar)})"
    return words


def describe(deadline: deadlines.Deadline, calendar: Calendar) -> str:
    """A deadline in words, business hours explained:
    ``4 business hours (09:00–17:00 Europe/Copenhagen, Monday to Friday) after each request``.
    """
    if not isinstance(deadline, deadlines.Within):
        return str(deadline)
    words = duration(deadline, calendar)
    if deadline.direction is not None and deadline.event is not None:
        words += f" {deadline.direction.value} {deadline.event}"
    return words

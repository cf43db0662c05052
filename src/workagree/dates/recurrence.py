"""Recurring deadlines as repeat rules, and the days each repetition is kept on.

One rule serves the schedule's JSON (``repeats``) and the calendar file (RRULE), so
they cannot disagree. ``every month`` from the 29th, 30th or 31st falls on that day, or
on the last day of a shorter month (``BYMONTHDAY=28,29,30,31;BYSETPOS=-1``): a plain
``FREQ=MONTHLY`` would skip every month without that day (RFC 5545, 3.3.10).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from ..model.calendar import WEEKDAY_ORDER, Weekday
from . import deadlines
from .businessdays import BusinessCalendar, DateOutOfRange, moved

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# How far ahead the calendar file moves repetitions off public holidays and closed days.
HORIZON_DAYS = 366


def rule(every: deadlines.Every, workdays: Sequence[Weekday], first: dt.date) -> dict[str, object]:
    """The RRULE of a recurring deadline whose first repetition is ``first``."""
    if every.weekday is not None:
        return {"FREQ": "WEEKLY", "BYDAY": BYDAY[every.weekday]}
    if every.period == "business day":
        return {"FREQ": "WEEKLY", "BYDAY": [BYDAY[WEEKDAY_ORDER.index(day)] for day in workdays]}
    if every.period == "month" and first.day > 28:
        return {"FREQ": "MONTHLY", "BYMONTHDAY": list(range(28, first.day + 1)), "BYSETPOS": -1}
    return {"FREQ": {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY"}[every.period]}


def as_text(repeat: dict[str, object]) -> str:
    """``FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1``, as in an RRULE line."""
    parts = []
    for key, value in repeat.items():
        shown = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{key}={shown}")
    return ";".join(parts)


def _month_day(first: dt.date, months: int) -> dt.date:
    index = first.month - 1 + months
    year, month = first.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:
        raise DateOutOfRange(after=True)
    last = (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return dt.date(year, month, min(first.day, last.day))


def repetitions(every: deadlines.Every, first: dt.date) -> Iterator[dt.date]:
    """The days the rule falls on, from ``first``, for :data:`HORIZON_DAYS` days."""
    end = (
        first + dt.timedelta(days=HORIZON_DAYS)
        if first < dt.date.max - dt.timedelta(days=HORIZON_DAYS)
        else dt.date.max
    )
    n, day = 0, first
    step = 1 if every.period in ("day", "business day") else 7
    while day <= end:
        yield day
        n += 1
        try:
            day = _month_day(first, n) if every.period == "month" else moved(first, n * step)
        except DateOutOfRange:
            return


def kept_days(
    every: deadlines.Every, first: dt.date, counter: BusinessCalendar
) -> list[tuple[dt.date, dt.date | None]]:
    """(rule day, day kept on) for each repetition that is not on a business day.

    ``every business day`` drops such a day (kept on ``None``: the next business day has
    its own repetition); ``every day`` keeps every day; the others move to the next
    business day.
    """
    if every.period == "day":
        return []
    found: list[tuple[dt.date, dt.date | None]] = []
    for day in repetitions(every, first):
        if every.period == "business day" and day.weekday() not in counter.workday_numbers:
            continue  # not in the rule at all
        if counter.is_business_day(day):
            continue
        if every.period == "business day":
            found.append((day, None))
            continue
        kept: dt.date | None = day
        try:
            while kept is not None and not counter.is_business_day(kept):
                kept = moved(kept, 1)
        except DateOutOfRange:  # no business day left before the end of the calendar
            kept = None
        found.append((day, kept))
    return found

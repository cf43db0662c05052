"""Milestones and recurring deadlines that fall on a day nobody works.

The schedule, the calendar file and the document keep such a date on the next business
day (docs/calendars.md); a warning says so at the date's line, so that the move is
never a surprise. Only the agreement's own dates are looked at: with a ``country`` this
loads that country's holiday table, as counting any deadline would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..dates import deadlines
from ..dates.businessdays import BusinessCalendar, DateOutOfRange
from ..dates.schedule import first_occurrence, on_business_day, recurrence_start
from ..errors import Problem, Severity
from ..model import Agreement
from .loader import Document


def holiday_problems(doc: Document, agreement: Agreement) -> Iterator[Problem]:
    """A warning for each milestone and first repetition that is not on a business day."""
    counter = BusinessCalendar(agreement.calendar)
    for index, milestone in enumerate(agreement.milestones):
        why = counter.why_not_business_day(milestone.date)
        if why is not None:
            what = f"milestone '{milestone.id}' falls on {milestone.date} ({why})"
            yield _warning(
                doc,
                ("milestones", index, "date"),
                what,
                day=milestone.date,
                every=None,
                counter=counter,
            )
    start = recurrence_start(agreement)
    if start is None:
        return
    for index, item in enumerate(agreement.responsibilities):
        every = item.deadline
        if not isinstance(every, deadlines.Every) or every.period in ("day", "business day"):
            continue
        try:
            day = first_occurrence(every, start, counter)
        except DateOutOfRange:  # date_problems reports it
            continue
        why = counter.why_not_business_day(day)
        if why is not None:
            what = f"'{every}' first falls on {day} ({why})"
            path = ("responsibilities", index, "deadline")
            yield _warning(doc, path, what, day=day, every=every, counter=counter)


def _warning(
    doc: Document,
    path: tuple[str | int, ...],
    what: str,
    *,
    day: dt.date,
    every: deadlines.Every | None,
    counter: BusinessCalendar,
) -> Problem:
    try:
        kept = f"keep it on the next business day, {on_business_day(every, day, counter)}"
    except DateOutOfRange:
        kept = "cannot move it: there is no business day after it"
    return doc.problem(
        path,
        f"{what}, not a business day",
        "not-a-business-day",
        severity=Severity.WARNING,
        hint=f"the schedule and the calendar file {kept}; change the date if that is not meant",
    )

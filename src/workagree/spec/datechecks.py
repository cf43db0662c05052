"""Deadlines whose date falls off the calendar: after 9999-12-31 or before 0001-01-01.

Python's dates end there, so a deadline counted from a milestone near either end
(``2 business days after launch`` on 9999-12-31) has no date. The checks compute
the date of every deadline that could reach either end, with the same function the
schedule, the calendar export and the renderers use, and report such a deadline at
its line and column; so a valid agreement never meets the end of the calendar
downstream (where that function gives no date rather than raising).

Deadlines in business hours need the calendar's ``hours`` and ``timezone``: without
them the response clock (``workagree due``, ``ack``) counts 09:00-17:00 in UTC, which is
rarely what was meant, so a warning at each such deadline says what to add.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..dates import deadlines
from ..dates.businessdays import BusinessCalendar, DateOutOfRange, anchor_date
from ..dates.schedule import occurrence, recurrence_start
from ..errors import Problem, Severity
from ..model import Agreement, Responsibility
from .loader import Document

# How far any deadline can reach from the date it counts from, closed days aside: 999
# months is 84 years; 999 business weeks, even with public holidays on half the
# working days, stay well within a century.
_REACH_DAYS = 200 * 366


def date_problems(doc: Document, agreement: Agreement) -> Iterator[Problem]:
    """One problem for each deadline whose date cannot be counted.

    Deadlines counted from dates far from both ends cannot reach them and are not
    counted here: that would load the public-holiday tables on every `validate`.
    """
    counter = BusinessCalendar(agreement.calendar)
    reach = _REACH_DAYS + sum((c.end - c.start).days + 1 for c in agreement.calendar.closed)
    for index, item in enumerate(agreement.responsibilities):
        if _far_from_the_ends(_counted_from(agreement, item), reach):
            continue
        try:
            occurrence(agreement, item, counter)
        except DateOutOfRange as exc:
            path = ("responsibilities", index, "deadline")
            written = doc.data["responsibilities"][index]["deadline"]
            yield doc.problem(path, _message(written, exc.after), "date-out-of-range", hint=_HINT)


def business_hours_problems(doc: Document, agreement: Agreement) -> Iterator[Problem]:
    """A warning at each deadline in business hours when the calendar names no hours
    (``hours-undefined``) or, with hours, no time zone (``timezone-undefined``)."""
    calendar = agreement.calendar
    if calendar.hours is not None and calendar.timezone is not None:
        return
    for index, item in enumerate(agreement.responsibilities):
        deadline = item.deadline
        if not (
            isinstance(deadline, deadlines.Within)
            and deadline.business
            and deadline.unit is deadlines.Unit.HOURS
        ):
            continue
        path = ("responsibilities", index, "deadline")
        written = doc.data["responsibilities"][index]["deadline"]
        if calendar.hours is None:
            message = f"'{written}' counts business hours, but the calendar names no hours"
            code = "hours-undefined"
            add = 'hours: "09:00-17:00"'
            if calendar.timezone is None:
                add += " and timezone: Europe/Copenhagen"
            hint = f"add them under `calendar:`, e.g. {add}; until then 09:00-17:00 is counted"
            if calendar.timezone is None:
                hint += " in UTC"
        else:
            message = f"'{written}' counts business hours, but the calendar names no time zone"
            code = "timezone-undefined"
            hint = (
                "add one under `calendar:`, e.g. timezone: Europe/Copenhagen; "
                f"until then {calendar.hours} is counted in UTC"
            )
        yield doc.problem(path, message, code, severity=Severity.WARNING, hint=hint)


def _counted_from(agreement: Agreement, item: Responsibility) -> dt.date | None:
    if isinstance(item.deadline, deadlines.Every):
        return recurrence_start(agreement)
    if isinstance(item.deadline, deadlines.Within):
        return anchor_date(agreement, item.deadline.event)
    return None


def _far_from_the_ends(day: dt.date | None, reach: int) -> bool:
    if day is None:
        return True
    return reach < (day - dt.date.min).days and reach < (dt.date.max - day).days


_HINT = (
    "workagree counts dates from 0001-01-01 to 9999-12-31; "
    "check the year of the milestone or effective date it counts from"
)


def _message(written: str, after: bool) -> str:
    if after:
        return f"'{written}' falls after {dt.date.max}, the last date workagree can count to"
    return f"'{written}' falls before {dt.date.min}, the first date workagree can count from"

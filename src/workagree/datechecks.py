"""Deadlines whose date falls off the calendar: after 9999-12-31 or before 0001-01-01.

Python's dates end there, so a deadline counted from a milestone near either end
(``2 business days after launch`` on 9999-12-31) has no date. The checks compute
every deadline's date once, with the same function the schedule, the calendar
export and the renderers use, and report such a deadline at its line and column;
so a valid agreement never meets the end of the calendar downstream.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .businessdays import BusinessCalendar, DateOutOfRange
from .errors import Problem
from .loader import Document
from .model import Agreement
from .schedule import occurrence


def date_problems(doc: Document, agreement: Agreement) -> Iterator[Problem]:
    """One problem for each deadline whose date cannot be counted."""
    counter = BusinessCalendar(agreement.calendar)
    for index, item in enumerate(agreement.responsibilities):
        try:
            occurrence(agreement, item, counter)
        except DateOutOfRange as exc:
            path = ("responsibilities", index, "deadline")
            written = doc.data["responsibilities"][index]["deadline"]
            yield doc.problem(path, _message(written, exc.after), "date-out-of-range", hint=_HINT)


_HINT = (
    "workagree counts dates from 0001-01-01 to 9999-12-31; "
    "check the year of the milestone or effective date it counts from"
)


def _message(written: str, after: bool) -> str:
    if after:
        return f"'{written}' falls after {dt.date.max}, the last date workagree can count to"
    return f"'{written}' falls before {dt.date.min}, the first date workagree can count from"

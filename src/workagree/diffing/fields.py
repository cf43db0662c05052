"""Which fields of the model the diff compares, and the few it leaves out on purpose.

A change the diff does not report is a change nobody agreed to. The comparisons read
their field lists from here, and a test fails when a field of the model is in neither
``COMPARED`` nor ``IGNORED``: adding a field to the model means deciding, here, how a
change to it is reported.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..model import Agreement, Milestone, Party, Responsibility
from ..model.calendar import Calendar
from ..model.milestone import Term

# (field, noun in the summary, compared word by word)
AGREEMENT_FIELDS = (
    ("title", "title", True),
    ("project", "project", True),
    ("version", "version", False),
    ("effective", "effective date", False),
    ("locale", "language", False),
)
CALENDAR_FIELDS = (
    ("country", "holiday country"),
    ("subdivision", "holiday region"),
    ("workdays", "working week"),
    ("closed", "closed days"),
    ("hours", "business hours"),
    ("timezone", "time zone"),
)
# The fields that can move the date a deadline falls on.
DATE_FIELDS = frozenset(["effective", "country", "subdivision", "workdays", "closed"])
PARTY_FIELDS = (("role", "role"), ("contact", "contact"), ("signatory", "signatory"))

COMPARED: dict[type[BaseModel], frozenset[str]] = {
    Agreement: frozenset(
        [key for key, _, _ in AGREEMENT_FIELDS]
        + ["calendar", "parties", "responsibilities", "consequences", "milestones", "terms"]
    ),
    Calendar: frozenset(key for key, _ in CALENDAR_FIELDS),
    Party: frozenset(["name", *(key for key, _ in PARTY_FIELDS)]),
    Responsibility: frozenset(["id", "owner", "what", "deadline", "if_missed"]),
    Milestone: frozenset(["id", "what", "date"]),
    Term: frozenset(["heading", "text"]),
}
IGNORED: dict[type[BaseModel], dict[str, str]] = {
    Agreement: {"workagree": "the format version, always 1: not something the parties agree on"},
}

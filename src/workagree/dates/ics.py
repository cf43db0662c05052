"""The schedule as an iCalendar file, for both parties' calendars.

One all-day event per dated deadline and milestone; recurring deadlines
(``every friday``) become one event with an RRULE. Each event's UID comes from the
project, the client names and the entry's id, so importing an updated file
replaces events instead of adding copies. Nothing depends on the clock: the same
agreement always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from ..i18n import translate
from ..model import Agreement
from ..model.calendar import WEEKDAY_ORDER
from . import deadlines
from .schedule import Entry, Kind, Schedule, build

PRODID = "-//workagree//How We Work Together//EN"
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def agreement_key(agreement: Agreement) -> str:
    """12 hex digits naming the agreement in UIDs: its project and its clients' names.

    Unlike the fingerprint, it stays the same when deadlines or wording change.
    """
    clients = sorted(agreement.parties[pid].name for pid in agreement.clients())
    text = "\0".join([agreement.project, *clients])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def uid(agreement: Agreement, entry: Entry) -> str:
    """``deadline-assets-3f2a9c1b7d4e@workagree``: stable across versions of the agreement."""
    kind = "milestone" if entry.kind is Kind.MILESTONE else "deadline"
    return f"{kind}-{entry.id}-{agreement_key(agreement)}@workagree"


def rrule(every: deadlines.Every, agreement: Agreement) -> dict[str, Any]:
    """The RRULE of a recurring deadline."""
    if every.weekday is not None:
        return {"FREQ": "WEEKLY", "BYDAY": _BYDAY[every.weekday]}
    if every.period == "business day":
        days = [_BYDAY[WEEKDAY_ORDER.index(day)] for day in agreement.calendar.workdays]
        return {"FREQ": "WEEKLY", "BYDAY": days}
    return {"FREQ": {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY"}[every.period]}


def stamp(agreement: Agreement, schedule: Schedule) -> dt.datetime:
    """DTSTAMP: the effective date (or the first dated entry), never the current time."""
    day = agreement.effective or min((d for d, _ in schedule.dated()), default=dt.date(2000, 1, 1))
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _description(agreement: Agreement, entry: Entry) -> str:
    locale, project = agreement.locale, agreement.project
    lines = [entry.title]
    if entry.kind is not Kind.MILESTONE:
        if entry.words and not isinstance(entry.deadline, deadlines.OnDate):
            lines.append(translate(locale, "Deadline: %(deadline)s", deadline=entry.words))
        lines += [
            translate(locale, "If missed: %(consequence)s", consequence=text)
            for text in entry.consequences
        ]
    if agreement.version:
        lines.append(
            translate(
                locale,
                "Agreement: %(project)s, version %(version)s",
                project=project,
                version=agreement.version,
            )
        )
    else:
        lines.append(translate(locale, "Agreement: %(project)s", project=project))
    return "\n".join(lines)


def to_ics(agreement: Agreement, schedule: Schedule | None = None) -> bytes:
    """The agreement's schedule as iCalendar bytes (RFC 5545, CRLF line endings)."""
    import icalendar

    schedule = schedule or build(agreement)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", agreement.project)
    stamped = stamp(agreement, schedule)
    for day, entry in schedule.dated():
        event = icalendar.Event()
        event.add("uid", uid(agreement, entry))
        event.add("dtstamp", stamped)
        event.add("dtstart", day)
        if day < dt.date.max:  # without DTEND an all-day event lasts that one day (RFC 5545)
            event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", entry.title)
        event.add("description", _description(agreement, entry))
        event.add("transp", "TRANSPARENT")
        if entry.every is not None:
            event.add("rrule", rrule(entry.every, agreement))
        calendar.add_component(event)
    return bytes(calendar.to_ical())

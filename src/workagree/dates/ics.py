"""The schedule as an iCalendar file, for both parties' calendars.

One all-day event per dated deadline and milestone; recurring deadlines
(``every friday``) become one event with an RRULE, repetitions on public holidays
and closed days moved (EXDATE + RDATE) for a year. Each event's UID comes from the
project, the client names and the entry's id, so importing an updated file
replaces events instead of adding copies.

Nothing depends on the clock: the same agreement always gives the same bytes. So
that calendar apps take an edited file as newer (RFC 5546: a higher SEQUENCE, then
a later DTSTAMP), SEQUENCE comes from the agreement's ``version``; see
docs/calendars.md for the rule and its limits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from ..errors import UsageError, WorkagreeError
from ..i18n import translate
from ..model import Agreement
from . import deadlines, recurrence
from .businessdays import BusinessCalendar
from .schedule import Entry, Kind, Schedule, build

PRODID = "-//workagree//How We Work Together//EN"
_VERSION = re.compile(r"v?(\d{1,4})(?:[.-](\d{1,3}))?(?:[.-](\d{1,3}))?")
_REMINDER = re.compile(r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")
_MAX_REMINDER = dt.timedelta(days=366)


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


def sequence(agreement: Agreement) -> int:
    """SEQUENCE: the ``version`` read as up to three numbers, ``2`` → 2000000, ``1.10`` →
    1010000, ``2027-03`` → 2027003000; 0 for a version that is not numbers (or none) or
    whose first number is past 2147 (SEQUENCE is a 32-bit integer in most apps).

    So raising the version makes every event newer for calendar apps (RFC 5546).
    """
    match = _VERSION.fullmatch(agreement.version or "")
    if match is None:
        return 0
    major, minor, patch = (int(part or 0) for part in match.groups())
    value = major * 1_000_000 + minor * 1_000 + patch
    return value if value < 2**31 else 0


def parse_reminder(text: str) -> dt.timedelta:
    """``2d``, ``36h``, ``1w2d``, ``90m``: how long before each event an alarm goes off."""
    match = _REMINDER.fullmatch(text.strip().lower())
    if match is None or not any(match.groups()):
        raise UsageError(
            f"'{text}' is not a reminder time",
            hint="write a number and a unit: 2d (days), 3h (hours), 30m (minutes), 1w "
            "(weeks), or combined: 1d12h",
        )
    weeks, days, hours, minutes = (int(part or 0) for part in match.groups())
    total = dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
    if not dt.timedelta(0) < total <= _MAX_REMINDER:
        raise UsageError(
            f"a reminder of '{text}' is not between 1 minute and 366 days before the event",
            hint="give a time such as 2d or 3h",
        )
    return total


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


def to_ics(
    agreement: Agreement,
    schedule: Schedule | None = None,
    *,
    remind: dt.timedelta | None = None,
    file: str = "agreement",
) -> bytes:
    """The agreement's schedule as iCalendar bytes (RFC 5545, CRLF line endings).

    ``remind`` adds an alarm that long before each event. Raises :class:`WorkagreeError`
    (exit 1) when nothing is dated: a calendar must hold at least one event (RFC 5545).
    """
    import icalendar

    schedule = schedule or build(agreement)
    if not schedule.dated():
        raise WorkagreeError.single(
            file,
            "nothing to put in a calendar: no milestone or deadline has a date",
            "nothing-dated",
            hint="add milestones with dates, or an effective date for recurring deadlines",
        )
    counter = BusinessCalendar(agreement.calendar)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", agreement.project)
    stamped = stamp(agreement, schedule)
    for kept, entry in schedule.dated():
        # A recurring event starts on its rule's first day; a move off it is an RDATE.
        day = entry.rule_start if entry.repeats is not None and entry.rule_start else kept
        event = icalendar.Event()
        event.add("uid", uid(agreement, entry))
        event.add("dtstamp", stamped)
        event.add("sequence", sequence(agreement))
        event.add("dtstart", day)
        if day < dt.date.max:  # without DTEND an all-day event lasts that one day (RFC 5545)
            event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", entry.title)
        event.add("description", _description(agreement, entry))
        event.add("transp", "TRANSPARENT")
        if entry.every is not None and entry.repeats is not None:
            event.add("rrule", entry.repeats)
            _keep_on_business_days(event, entry.every, day, counter)
        if remind is not None:
            event.add_component(_alarm(entry, remind))
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _keep_on_business_days(
    event: Any, every: deadlines.Every, first: dt.date, counter: BusinessCalendar
) -> None:
    """EXDATE for each repetition off a business day (for a year), RDATE for the day it
    moves to, as the schedule moves its first one."""
    kept = recurrence.kept_days(every, first, counter)
    if kept:
        event.add("exdate", [day for day, _ in kept])
    moved_to = [day for _, day in kept if day is not None]
    if moved_to:
        event.add("rdate", moved_to)


def _alarm(entry: Entry, before: dt.timedelta) -> Any:
    import icalendar

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", entry.title)
    alarm.add("trigger", -before)
    return alarm

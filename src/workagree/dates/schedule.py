"""The schedule: every dated deadline and milestone of an agreement, in date order.

``build(agreement)`` gives a :class:`Schedule`; ``to_text`` and ``to_json`` format it
(``workagree.dates.ics`` makes an iCalendar file of it). Deadlines without a date of their
own (``5 business days after each draft``) are listed apart as *undated*.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..i18n import translate, weekday_abbreviation
from ..model import Agreement, Responsibility
from . import deadlines, recurrence
from .businessdays import BusinessCalendar, DateOutOfRange, deadline_date, moved
from .wording import describe


class Kind(StrEnum):
    """What a schedule entry is."""

    MILESTONE = "milestone"
    DEADLINE = "deadline"
    RECURRING = "recurring"


@dataclass(frozen=True)
class Entry:
    """One dated thing: a milestone, a deadline, or the first time a recurring one falls due."""

    date: dt.date | None
    kind: Kind
    id: str
    what: str
    title: str  # "Contoso Ltd: Supply the content", "Milestone: Campaign goes live"
    owner: str | None = None
    owner_name: str | None = None
    deadline: deadlines.Deadline | None = None
    words: str | None = None  # the deadline in words, business hours explained
    consequences: tuple[str, ...] = ()
    moved_from: dt.date | None = None  # the day it falls on when that is not a business day
    moved_why: str | None = None  # "Christmas Day", "Saturday", "closed"
    repeats: dict[str, object] | None = None  # the repeat rule of a recurring deadline

    @property
    def rule_start(self) -> dt.date | None:
        """The first day the repeat rule falls on (before any move to a business day)."""
        return self.moved_from or self.date

    @property
    def every(self) -> deadlines.Every | None:
        return self.deadline if isinstance(self.deadline, deadlines.Every) else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": None if self.date is None else self.date.isoformat(),
            "kind": str(self.kind),
            "id": self.id,
            "owner": self.owner,
            "owner_name": self.owner_name,
            "what": self.what,
            "deadline": None if self.deadline is None else str(self.deadline),
            "deadline_words": self.words,
            "consequences": list(self.consequences),
            "moved_from": None if self.moved_from is None else self.moved_from.isoformat(),
            "repeats": None if self.repeats is None else recurrence.as_text(self.repeats),
        }


@dataclass(frozen=True)
class Schedule:
    """An agreement's dated entries in order, and the deadlines that have no single date."""

    project: str
    version: str | None
    locale: str
    start: dt.date | None
    entries: tuple[Entry, ...]
    undated: tuple[Entry, ...]

    def dated(self) -> list[tuple[dt.date, Entry]]:
        """``(date, entry)`` for every dated entry, in order."""
        return [(entry.date, entry) for entry in self.entries if entry.date is not None]


def recurrence_start(agreement: Agreement) -> dt.date | None:
    """Where recurring deadlines start: the effective date, or else the first milestone."""
    if agreement.effective is not None:
        return agreement.effective
    return min((m.date for m in agreement.milestones), default=None)


def first_occurrence(every: deadlines.Every, start: dt.date, counter: BusinessCalendar) -> dt.date:
    """The first day on or after ``start`` that ``every`` falls on."""
    if every.weekday is not None:
        return moved(start, (every.weekday - start.weekday()) % 7)
    day = start
    if every.period == "business day":
        while not counter.is_business_day(day):
            day = moved(day, 1)
    return day


def on_business_day(
    every: deadlines.Every | None, day: dt.date, counter: BusinessCalendar
) -> dt.date:
    """The day a milestone or a recurring deadline is kept on: ``day``, or the next business
    day when ``day`` is a public holiday, a closed day or outside the working week.

    ``every day`` counts calendar days and stays where it falls.
    """
    if every is not None and every.period == "day":
        return day
    while not counter.is_business_day(day):
        day = moved(day, 1)
    return day


def occurrence(
    agreement: Agreement, item: Responsibility, counter: BusinessCalendar
) -> dt.date | None:
    """The date in the schedule of a responsibility's deadline, if it has one.

    Raises :class:`DateOutOfRange` for a date past either end of the calendar.
    """
    if isinstance(item.deadline, deadlines.Every):
        start = recurrence_start(agreement)
        if start is None:
            return None
        return on_business_day(
            item.deadline, first_occurrence(item.deadline, start, counter), counter
        )
    return deadline_date(agreement, item.deadline)


def _entry(
    agreement: Agreement, item: Responsibility, day: dt.date | None, counter: BusinessCalendar
) -> Entry:
    rule = None
    repeats: dict[str, object] | None = None
    if isinstance(item.deadline, deadlines.Every) and day is not None:
        start = recurrence_start(agreement)
        assert start is not None  # a recurring deadline with a date has a start
        rule = first_occurrence(item.deadline, start, counter)
        repeats = recurrence.rule(item.deadline, agreement.calendar.workdays, rule)
    return Entry(
        date=day,
        kind=Kind.RECURRING if isinstance(item.deadline, deadlines.Every) else Kind.DEADLINE,
        id=item.id,
        what=item.what,
        title=f"{agreement.parties[item.owner].name}: {item.what}",
        owner=item.owner,
        owner_name=agreement.parties[item.owner].name,
        deadline=item.deadline,
        words=None
        if item.deadline is None
        else describe(item.deadline, agreement.calendar, agreement.locale),
        consequences=tuple(agreement.consequences[c] for c in item.if_missed),
        repeats=repeats,
        **_moved(rule, day, counter),
    )


def _moved(
    written: dt.date | None, day: dt.date | None, counter: BusinessCalendar
) -> dict[str, Any]:
    if written is None or written == day:
        return {}
    return {"moved_from": written, "moved_why": counter.why_not_business_day(written)}


def build(agreement: Agreement) -> Schedule:
    """The schedule of an agreement (pure: no files, no clock)."""
    counter = BusinessCalendar(agreement.calendar)
    start = recurrence_start(agreement)
    ranked: list[tuple[dt.date, int, int, Entry]] = []
    undated: list[Entry] = []
    for index, milestone in enumerate(agreement.milestones):
        title = translate(agreement.locale, "Milestone: %(what)s", what=milestone.what)
        try:
            kept = on_business_day(None, milestone.date, counter)
        except DateOutOfRange:
            kept = milestone.date
        moves = _moved(milestone.date, kept, counter)
        entry = Entry(kept, Kind.MILESTONE, milestone.id, milestone.what, title, **moves)
        ranked.append((kept, 0, index, entry))
    for index, item in enumerate(agreement.responsibilities):
        if item.deadline is None:
            continue
        try:
            day = occurrence(agreement, item, counter)
        except DateOutOfRange:  # reported by validation; here it has no date
            day = None
        if day is None:
            undated.append(_entry(agreement, item, None, counter))
        else:
            ranked.append((day, 1, index, _entry(agreement, item, day, counter)))
    entries = tuple(entry for *_, entry in sorted(ranked, key=lambda r: r[:3]))
    return Schedule(
        agreement.project, agreement.version, agreement.locale, start, entries, tuple(undated)
    )


def moved_note(entry: Entry, locale: str) -> str:
    """``Moved from 2026-12-25 (Christmas Day) to the next business day``."""
    assert entry.moved_from is not None
    return translate(
        locale,
        "Moved from %(date)s (%(reason)s) to the next business day",
        date=entry.moved_from.isoformat(),
        reason=entry.moved_why or "",
    )


def to_json(schedule: Schedule) -> str:
    """The schedule as JSON: ``{project, version, entries: [...], undated: [...]}``."""
    payload = {
        "project": schedule.project,
        "version": schedule.version,
        "entries": [e.as_dict() for e in schedule.entries],
        "undated": [e.as_dict() for e in schedule.undated],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def to_text(schedule: Schedule) -> str:
    """The schedule for people, in the agreement's language: one block per entry, date first."""
    locale, project, version = schedule.locale, schedule.project, schedule.version
    if version:
        heading = translate(
            locale, "%(project)s (version %(version)s): schedule", project=project, version=version
        )
    else:
        heading = translate(locale, "%(project)s: schedule", project=project)
    lines = [heading, ""]
    if not schedule.entries:
        lines.append(
            translate(locale, "Nothing is dated: add milestones with dates, or an effective date.")
        )
    for day, entry in schedule.dated():
        when = f"{day.isoformat()} {weekday_abbreviation(day, locale)}  "
        pad = " " * len(when)
        lines.append(when + entry.title)
        if entry.every is not None:
            lines.append(
                pad
                + translate(
                    locale,
                    "%(recurrence)s, from %(date)s",
                    recurrence=entry.words,
                    date=(entry.rule_start or day).isoformat(),
                )
            )
        elif entry.deadline is not None and not isinstance(entry.deadline, deadlines.OnDate):
            lines.append(f"{pad}{entry.words}")
        if entry.moved_from is not None:
            lines.append(pad + moved_note(entry, locale))
        lines += [
            pad + translate(locale, "If missed: %(consequence)s", consequence=text)
            for text in entry.consequences
        ]
    if schedule.undated:
        lines += ["", translate(locale, "Not on the calendar (no single date):")]
        lines += [f"  {entry.title} ({entry.words})" for entry in schedule.undated]
    return "\n".join(lines) + "\n"

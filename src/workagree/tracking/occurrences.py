"""Occurrences: each time a responsibility's trigger happens, and the entry that settles it.

A deadline ``after each draft`` has one occurrence per logged draft; ``every friday`` one
per repetition up to today and the next one; a dated deadline one. Times are on the
agreement's clock (``calendar.timezone``), counted by :mod:`workagree.dates.clock`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ..dates import clock, deadlines
from ..dates.businessdays import BusinessCalendar, DateOutOfRange, _add_months, moved
from ..dates.recurrence import _month_day
from ..dates.schedule import first_occurrence, on_business_day, recurrence_start
from ..model import Agreement, Responsibility
from .model import Log, LogEntry
from .names import event_key, event_of, resolve
from .state import When, day_of

MAX_OCCURRENCES = 2000  # of one recurring deadline: `every day` for five years and more


@dataclass
class Occurrence:
    item: Responsibility
    number: int
    trigger: When | None
    label: str | None
    planned_due: When | None
    started: bool
    recurring: bool = False
    answers_event: bool = False
    due: When | None = None
    done: When | None = None
    done_day: dt.date | None = None
    note: str | None = None


class Clock:
    """Moments and counts in the agreement's calendar and time zone."""

    def __init__(self, agreement: Agreement, now: dt.datetime) -> None:
        self.agreement = agreement
        self.calendar = agreement.calendar
        self.counter = BusinessCalendar(agreement.calendar)
        self.now = clock.in_zone(agreement.calendar, now)
        self.today = self.now.date()

    def moment(self, entry: LogEntry, *, done: bool) -> When:
        if entry.at is not None:
            return clock.in_zone(self.calendar, dt.datetime.combine(entry.on, entry.at))
        return (
            entry.on
            if done
            else clock.in_zone(self.calendar, dt.datetime.combine(entry.on, dt.time()))
        )

    def late(self, due: When, done: When | None) -> bool:
        """Whether ``done`` (or now, when None) is past ``due``."""
        if done is None:
            if isinstance(due, dt.datetime):
                return self.now > due
            return self.today > due
        if isinstance(due, dt.datetime) and isinstance(done, dt.datetime):
            return done > due
        return day_of(done) > day_of(due)

    def late_days(self, due: When, end: dt.date) -> int:
        return max(0, self.counter.business_days_between(day_of(due), end))

    def count(self, deadline: deadlines.Within, anchor: dt.date) -> dt.date:
        """A deadline counted from a date, as the documents count it."""
        sign = -1 if deadline.direction is deadlines.Direction.BEFORE else 1
        if deadline.unit is deadlines.Unit.MONTHS:
            return _add_months(anchor, sign * deadline.amount)
        if deadline.unit is deadlines.Unit.HOURS:
            return anchor  # hours from a day: that day
        days = deadline.amount
        if deadline.unit is deadlines.Unit.WEEKS:
            days *= len(self.calendar.workdays) if deadline.business else 7
        return self.counter.shift(anchor, sign * days, business=deadline.business)

    def from_event(self, deadline: deadlines.Within, start: When) -> When:
        if deadline.direction is deadlines.Direction.BEFORE:
            return self.count(deadline, day_of(start))
        moment = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
        return clock.due(self.calendar, deadline, moment)


def happened(log: Log, agreement: Agreement, today: dt.date) -> list[tuple[LogEntry, str, str]]:
    """(entry, kind, id) of each entry that has happened by ``today``, in time order."""
    found = []
    for index, entry in enumerate(log.entries):
        if entry.planned or entry.on > today:
            continue
        hit = resolve(agreement, entry.what)
        if hit is None:
            continue
        kind, target = hit[1].kind, hit[1].id
        at = entry.at or (dt.time.max if kind == "responsibility" else dt.time.min)
        found.append(((entry.on, at, index), entry, kind, target))
    found.sort(key=lambda row: row[0])
    return [(entry, kind, target) for _, entry, kind, target in found]


def _start(entry: LogEntry, c: Clock) -> When:
    """When an event happened: its time on the agreement's clock, or its day."""
    if entry.at is None:
        return entry.on
    return clock.in_zone(c.calendar, dt.datetime.combine(entry.on, entry.at))


def _instant(value: When, c: Clock) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return clock.in_zone(c.calendar, dt.datetime.combine(value, dt.time()))


def _recurring(
    item: Responsibility, every: deadlines.Every, agreement: Agreement, c: Clock
) -> Iterator[Occurrence]:
    start = recurrence_start(agreement)
    if start is None:
        return
    first = first_occurrence(every, start, c.counter)
    previous: dt.date = start
    n = 0
    rule = first
    while n < MAX_OCCURRENCES:
        if every.period == "business day" and not c.counter.is_business_day(rule):
            pass
        else:
            kept = on_business_day(every, rule, c.counter)
            n += 1
            yield Occurrence(
                item, n, previous, str(every), kept, started=previous <= c.today, recurring=True
            )
            previous = kept
            if kept > c.today:
                return
        if every.period == "month":
            rule = _month_day(first, n)
        else:
            rule = moved(rule, 1 if every.period in ("day", "business day") else 7)


def triggers(
    agreement: Agreement, log: Log, c: Clock, today: dt.date | None
) -> dict[str, list[tuple[When, bool]]]:
    """Each event's times, in order, and whether it has happened (by ``today``; every
    entry not marked planned when ``today`` is None)."""
    events: dict[str, list[tuple[When, bool]]] = {}
    for entry in log.entries:
        hit = resolve(agreement, entry.what)
        if hit is None or hit[1].kind != "event":
            continue
        real = not entry.planned and (today is None or entry.on <= today)
        events.setdefault(event_key(hit[1].id), []).append((_start(entry, c), real))
    for times in events.values():
        times.sort(key=lambda t: _instant(t[0], c))
    return events


def event_deadlines(
    agreement: Agreement, log: Log
) -> list[tuple[Responsibility, int, When, When, bool]]:
    """(responsibility, occurrence number, trigger, due, happened) for every logged event
    of an "after each EVENT" deadline, whatever the day: the schedule's dated entries."""
    c = Clock(agreement, dt.datetime.now(dt.UTC))
    events = triggers(agreement, log, c, None)
    found = []
    for item in agreement.responsibilities:
        event = event_of(agreement, item.deadline)
        if event is None or not isinstance(item.deadline, deadlines.Within):
            continue
        for n, (moment, real) in enumerate(events.get(event_key(event), []), start=1):
            try:
                found.append((item, n, moment, c.from_event(item.deadline, moment), real))
            except DateOutOfRange:
                continue
    return found


def occurrences(agreement: Agreement, log: Log, c: Clock) -> list[Occurrence]:
    events = triggers(agreement, log, c, c.today)
    found: list[Occurrence] = []
    for item in agreement.responsibilities:
        deadline = item.deadline
        if deadline is None:
            continue
        event = event_of(agreement, deadline)
        if isinstance(deadline, deadlines.Every):
            found += list(_recurring(item, deadline, agreement, c))
        elif event is not None and isinstance(deadline, deadlines.Within):
            times = events.get(event_key(event), [])
            if not times:
                found.append(Occurrence(item, 1, None, event_key(event), None, started=False))
            for n, (moment, real) in enumerate(times, start=1):
                found.append(
                    Occurrence(
                        item,
                        n,
                        moment,
                        event_key(event),
                        c.from_event(deadline, moment),
                        started=real,
                        answers_event=True,
                    )
                )
        else:
            found.append(Occurrence(item, 1, None, None, None, started=False))
    return found


def settle(occurrences: list[Occurrence], agreement: Agreement, log: Log, c: Clock) -> None:
    by_id: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        by_id.setdefault(occurrence.item.id, []).append(occurrence)
    for entry, kind, target in happened(log, agreement, c.today):
        if kind != "responsibility":
            continue
        done = c.moment(entry, done=True)
        for occurrence in by_id.get(target, []):
            if occurrence.done is not None:
                continue
            if occurrence.label is not None and occurrence.trigger is None:
                break  # an event that was never logged: nothing to answer
            if occurrence.trigger is not None and day_of(occurrence.trigger) > entry.on:
                break  # done before its trigger: it answers nothing logged
            occurrence.done, occurrence.done_day, occurrence.note = done, entry.on, entry.note
            break

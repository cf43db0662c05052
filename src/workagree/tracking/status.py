"""The status of a tracked agreement: each deadline's date and state, who holds the ball.

``compute(agreement, log, now)`` is pure (no files, no clock). The rules, which
docs/tracking.md gives to users:

- Each responsibility has one *occurrence* per time its trigger happens: each logged
  event for ``5 business days after each draft``, each repetition of ``every friday``
  up to today and the next one, and one for a dated deadline.
- An entry naming the responsibility (it was done) settles its earliest open
  occurrence that had started by then. Done on or before the due date is ``met``,
  after it ``met-late``; open, it is ``due`` until the due date has passed, then
  ``overdue``; an occurrence whose trigger has not happened is ``not-started``.
- ``late_business_days`` counts the business days after the due date up to and
  including the day it was done (or today). A consequence applies to a late
  occurrence once that count is past its ``after_business_days``.
- A consequence that ``moves_schedule`` moves later milestones and dated deadlines
  back by the business days it has lasted: day for day. A delay counts only up to the
  moment the later thing was settled, so a new entry never changes an earlier result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from ..dates import clock, deadlines
from ..dates.businessdays import (
    START_EVENTS,
    BusinessCalendar,
    DateOutOfRange,
    _add_months,
    moved,
)
from ..dates.recurrence import _month_day
from ..dates.schedule import first_occurrence, on_business_day, recurrence_start
from ..model import Agreement, Responsibility
from .log import event_key, event_of, resolve
from .model import Log, LogEntry

When = dt.date | dt.datetime
MAX_OCCURRENCES = 2000  # of one recurring deadline: `every day` for five years and more


class State(StrEnum):
    """Where an occurrence of a responsibility stands."""

    MET = "met"
    MET_LATE = "met-late"
    DUE = "due"
    OVERDUE = "overdue"
    NOT_STARTED = "not-started"

    @property
    def late(self) -> bool:
        return self in (State.MET_LATE, State.OVERDUE)

    @property
    def open(self) -> bool:
        return self in (State.DUE, State.OVERDUE)


@dataclass(frozen=True)
class Applied:
    """A consequence that applies now."""

    id: str
    text: str
    moves_schedule: bool


@dataclass(frozen=True)
class Item:
    """One occurrence of a responsibility."""

    id: str
    occurrence: int
    owner: str
    owner_name: str
    what: str
    deadline: str
    trigger: When | None  # when it started: the event, the effective date, the last repetition
    trigger_label: str | None  # "draft", "launch", "start", "every friday"
    planned_due: When | None
    due: When | None
    done: When | None
    state: State
    late_business_days: int
    applies: tuple[Applied, ...]
    moved_business_days: int = 0  # how far the schedule moved it back
    recurring: bool = False
    answers_event: bool = False  # owed because the other side did something (a draft)
    note: str | None = None


@dataclass(frozen=True)
class MilestoneStatus:
    """A milestone: the date agreed, the date now expected, and the date it happened."""

    id: str
    what: str
    planned: dt.date
    expected: dt.date
    actual: dt.date | None
    moved_business_days: int


@dataclass(frozen=True)
class Side:
    """A party: whether it holds the ball now, and how long it has kept the other waiting."""

    id: str
    name: str
    role: str
    holds_ball: bool
    open_items: tuple[str, ...]  # ids of the responsibilities it owes now
    holding_business_days: int  # business days it has held the ball so far
    late_business_days: int  # of those, the days past a deadline


@dataclass(frozen=True)
class Status:
    """Everything `workagree status` shows."""

    project: str
    version: str | None
    fingerprint: str
    locale: str
    timezone: str | None
    today: dt.date
    now: dt.datetime
    items: tuple[Item, ...]
    milestones: tuple[MilestoneStatus, ...]
    sides: tuple[Side, ...]
    overdue: int = field(default=0)

    def item(self, responsibility: str) -> list[Item]:
        return [i for i in self.items if i.id == responsibility]


def _day(value: When) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass
class _Occurrence:
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


class _Clock:
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
        return _day(done) > _day(due)

    def late_days(self, due: When, end: dt.date) -> int:
        return max(0, self.counter.business_days_between(_day(due), end))

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
            return self.count(deadline, _day(start))
        moment = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
        return clock.due(self.calendar, deadline, moment)


def _ordered_entries(
    log: Log, agreement: Agreement, today: dt.date
) -> list[tuple[LogEntry, str, str]]:
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


def _start(entry: LogEntry, c: _Clock) -> When:
    """When an event happened: its time on the agreement's clock, or its day."""
    if entry.at is None:
        return entry.on
    return clock.in_zone(c.calendar, dt.datetime.combine(entry.on, entry.at))


def _instant(value: When, c: _Clock) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return clock.in_zone(c.calendar, dt.datetime.combine(value, dt.time()))


def _recurring(
    item: Responsibility, every: deadlines.Every, agreement: Agreement, c: _Clock
) -> Iterator[_Occurrence]:
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
            yield _Occurrence(
                item, n, previous, str(every), kept, started=previous <= c.today, recurring=True
            )
            previous = kept
            if kept > c.today:
                return
        if every.period == "month":
            rule = _month_day(first, n)
        else:
            rule = moved(rule, 1 if every.period in ("day", "business day") else 7)


def _triggers(
    agreement: Agreement, log: Log, c: _Clock, today: dt.date | None
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
    c = _Clock(agreement, dt.datetime.now(dt.UTC))
    events = _triggers(agreement, log, c, None)
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


def _occurrences(agreement: Agreement, log: Log, c: _Clock) -> list[_Occurrence]:
    events = _triggers(agreement, log, c, c.today)
    found: list[_Occurrence] = []
    for item in agreement.responsibilities:
        deadline = item.deadline
        if deadline is None:
            continue
        event = event_of(agreement, deadline)
        if isinstance(deadline, deadlines.Every):
            found += list(_recurring(item, deadline, agreement, c))
        elif event is not None and isinstance(deadline, deadlines.Within):
            triggers = events.get(event_key(event), [])
            if not triggers:
                found.append(_Occurrence(item, 1, None, event_key(event), None, started=False))
            for n, (moment, real) in enumerate(triggers, start=1):
                found.append(
                    _Occurrence(
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
            found.append(_Occurrence(item, 1, None, None, None, started=False))
    return found


def _settle(occurrences: list[_Occurrence], agreement: Agreement, log: Log, c: _Clock) -> None:
    by_id: dict[str, list[_Occurrence]] = {}
    for occurrence in occurrences:
        by_id.setdefault(occurrence.item.id, []).append(occurrence)
    for entry, kind, target in _ordered_entries(log, agreement, c.today):
        if kind != "responsibility":
            continue
        done = c.moment(entry, done=True)
        for occurrence in by_id.get(target, []):
            if occurrence.done is not None:
                continue
            if occurrence.label is not None and occurrence.trigger is None:
                break  # an event that was never logged: nothing to answer
            if occurrence.trigger is not None and _day(occurrence.trigger) > entry.on:
                break  # done before its trigger: it answers nothing logged
            occurrence.done, occurrence.done_day, occurrence.note = done, entry.on, entry.note
            break


class _Moves:
    """Delays that move the schedule: (due day, end day or None while open, consequence)."""

    def __init__(self, agreement: Agreement, c: _Clock) -> None:
        self.agreement, self.c = agreement, c
        self.delays: list[tuple[dt.date, dt.date | None, int]] = []

    def add(self, occurrence: _Occurrence) -> None:
        if occurrence.due is None or not occurrence.started:
            return
        grace = [
            self.agreement.consequences[cid].after_business_days
            for cid in occurrence.item.if_missed
            if cid in self.agreement.consequences
            and getattr(self.agreement.consequences[cid], "moves_schedule", False)
        ]
        if grace and self.c.late(occurrence.due, occurrence.done):
            self.delays.append((_day(occurrence.due), occurrence.done_day, min(grace)))

    def before(self, planned: dt.date, until: dt.date) -> int:
        """Business days of delay, due before ``planned``, lasted by ``until``."""
        total = 0
        for due, end, grace in self.delays:
            if due >= planned:
                continue
            stop = min(end or self.c.today, until, self.c.today)
            days = self.c.late_days(due, stop)
            if days > grace or (grace == 0 and days > 0):
                total += days
        return total


def _shifted(c: _Clock, day: dt.date, by: int) -> dt.date:
    try:
        return c.counter.shift(day, by, business=True) if by else day
    except DateOutOfRange:
        return day


def compute(agreement: Agreement, log: Log, now: dt.datetime) -> Status:
    """The status of ``agreement`` at ``now`` (aware, or the agreement's wall clock)."""
    c = _Clock(agreement, now)
    occurrences = _occurrences(agreement, log, c)
    _settle(occurrences, agreement, log, c)
    moves = _Moves(agreement, c)
    for occurrence in occurrences:
        if occurrence.planned_due is not None:  # event and recurring: counted from the event
            occurrence.due = occurrence.planned_due
            moves.add(occurrence)
    actual: dict[str, dt.date] = {}
    planned_on: dict[str, dt.date] = {}
    for entry in log.entries:
        hit = resolve(agreement, entry.what)
        if hit is None or hit[1].kind != "milestone":
            continue
        if entry.planned or entry.on > c.today:
            planned_on[hit[1].id] = entry.on
        else:
            actual.setdefault(hit[1].id, entry.on)
    fixed = [
        o
        for o in occurrences
        if o.planned_due is None and _anchor(agreement, o.item) != "milestone"
    ]
    for occurrence in sorted(fixed, key=lambda o: _planned(agreement, o, c) or dt.date.max):
        planned = _planned(agreement, occurrence, c)
        if planned is None:
            continue
        start = agreement.effective
        occurrence.trigger = start
        occurrence.started = start is None or start <= c.today
        until = occurrence.done_day or c.today
        occurrence.planned_due = planned
        occurrence.due = _shifted(c, planned, moves.before(planned, until))
        moves.add(occurrence)
    milestones = []
    expected: dict[str, dt.date] = {}
    for milestone in agreement.milestones:
        planned = on_business_day(None, milestone.date, c.counter)
        seen = actual.get(milestone.id)
        by = moves.before(planned, seen or c.today)
        guess = planned_on.get(milestone.id) or _shifted(c, planned, by)
        expected[milestone.id] = seen or guess
        milestones.append(
            MilestoneStatus(
                milestone.id,
                milestone.what,
                planned,
                seen or guess,
                seen,
                max(0, c.counter.business_days_between(planned, seen or guess)),
            )
        )
    for occurrence in occurrences:
        if _anchor(agreement, occurrence.item) != "milestone":
            continue
        deadline = occurrence.item.deadline
        assert isinstance(deadline, deadlines.Within)
        assert deadline.event is not None
        anchor = expected[deadline.event]
        agreed = agreement.milestone(deadline.event)
        assert agreed is not None
        occurrence.planned_due = c.count(deadline, on_business_day(None, agreed.date, c.counter))
        occurrence.due = c.count(deadline, anchor)
        if deadline.direction is deadlines.Direction.AFTER:
            occurrence.trigger, occurrence.label = anchor, deadline.event
            occurrence.started = anchor in actual.values() or anchor <= c.today
        else:
            occurrence.trigger = agreement.effective
            occurrence.started = agreement.effective is None or agreement.effective <= c.today
    items = tuple(_item(agreement, o, c) for o in occurrences)
    return Status(
        project=agreement.project,
        version=agreement.version,
        fingerprint=agreement.fingerprint,
        locale=agreement.locale,
        timezone=agreement.calendar.timezone,
        today=c.today,
        now=c.now,
        items=items,
        milestones=tuple(milestones),
        sides=_sides(agreement, items, c),
        overdue=sum(i.state is State.OVERDUE for i in items),
    )


def _anchor(agreement: Agreement, item: Responsibility) -> str | None:
    deadline = item.deadline
    if isinstance(deadline, deadlines.OnDate):
        return "date"
    if isinstance(deadline, deadlines.Within) and deadline.event is not None:
        if agreement.milestone(deadline.event) is not None:
            return "milestone"
        if deadline.event.lower() in START_EVENTS:
            return "start"
        return "event"
    return None


def _planned(agreement: Agreement, occurrence: _Occurrence, c: _Clock) -> dt.date | None:
    deadline = occurrence.item.deadline
    if isinstance(deadline, deadlines.OnDate):
        return deadline.date
    if (
        isinstance(deadline, deadlines.Within)
        and _anchor(agreement, occurrence.item) == "start"
        and agreement.effective is not None
    ):
        try:
            return c.count(deadline, agreement.effective)
        except DateOutOfRange:
            return None
    return None


def _item(agreement: Agreement, o: _Occurrence, c: _Clock) -> Item:
    if not o.started or o.due is None:
        state = State.NOT_STARTED if o.done is None else State.MET
    elif o.done is not None:
        state = State.MET_LATE if c.late(o.due, o.done) else State.MET
    else:
        state = State.OVERDUE if c.late(o.due, None) else State.DUE
    days = 0
    if state.late and o.due is not None:
        days = c.late_days(o.due, o.done_day or c.today)
    applies = tuple(
        Applied(cid, agreement.consequences[cid].text, agreement.consequences[cid].moves_schedule)
        for cid in o.item.if_missed
        if cid in agreement.consequences and agreement.consequences[cid].applies(state.late, days)
    )
    moved = 0
    if o.planned_due is not None and o.due is not None:
        moved = max(0, c.counter.business_days_between(_day(o.planned_due), _day(o.due)))
    return Item(
        id=o.item.id,
        occurrence=o.number,
        owner=o.item.owner,
        owner_name=agreement.parties[o.item.owner].name,
        what=o.item.what,
        deadline=str(o.item.deadline),
        trigger=o.trigger,
        trigger_label=o.label,
        planned_due=o.planned_due,
        due=o.due,
        done=o.done,
        state=state,
        late_business_days=days,
        applies=applies,
        moved_business_days=moved,
        recurring=o.recurring,
        answers_event=o.answers_event,
        note=o.note,
    )


def _open_on(item: Item, day: dt.date, today: dt.date) -> bool:
    """Whether ``item`` was owed on ``day``: after its trigger, up to the day it was done."""
    if item.recurring or item.trigger is None or item.state is State.NOT_STARTED:
        return False
    end = _day(item.done) if item.done is not None else today
    return _day(item.trigger) < day <= end


def _holders(items: tuple[Item, ...], day: dt.date, today: dt.date) -> set[str]:
    """Who held the ball on ``day``: whoever owed an answer to something the other side
    did (a draft, a request); when nobody did, whoever owed dated work."""
    answering = {i.owner for i in items if i.answers_event and _open_on(i, day, today)}
    if answering:
        return answering
    return {i.owner for i in items if _open_on(i, day, today)}


def _sides(agreement: Agreement, everything: tuple[Item, ...], c: _Clock) -> tuple[Side, ...]:
    """Each party: whether it holds the ball today, the business days it has held it, and
    the business days past a deadline (counted once when several deadlines overlap)."""
    items = tuple(i for i in everything if not i.recurring)  # standing duties pass no ball
    starts = [_day(i.trigger) for i in items if i.trigger is not None]
    holding: dict[str, int] = dict.fromkeys(agreement.parties, 0)
    now = _holders(items, c.today, c.today) if starts else set()
    for day in _days_after(min(starts), c.today) if starts else ():
        if c.counter.is_business_day(day):
            for pid in _holders(items, day, c.today):
                holding[pid] += 1
    sides = []
    for pid, party in agreement.parties.items():
        late: set[dt.date] = set()
        for item in everything:
            if item.owner == pid and item.state.late and item.due is not None:
                end = _day(item.done) if item.done is not None else c.today
                late |= set(_days_after(_day(item.due), end))
        owes = [i.id for i in items if i.owner == pid and i.state.open] if pid in now else []
        sides.append(
            Side(
                pid,
                party.name,
                party.role,
                pid in now,
                tuple(dict.fromkeys(owes)),
                holding[pid],
                sum(c.counter.is_business_day(day) for day in late),
            )
        )
    return tuple(sides)


def _days_after(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        yield day

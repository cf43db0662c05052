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

from ..dates import deadlines
from ..dates.businessdays import START_EVENTS, DateOutOfRange
from ..dates.schedule import on_business_day
from ..model import Agreement, Responsibility
from .ball import sides
from .model import Log
from .names import resolve
from .occurrences import Clock, Occurrence, occurrences, settle
from .state import Applied, Item, MilestoneStatus, Side, State, Status, When, day_of

__all__ = ["Applied", "Item", "MilestoneStatus", "Side", "State", "Status", "When", "compute"]


class _Moves:
    """Delays that move the schedule: (due day, end day or None while open, consequence)."""

    def __init__(self, agreement: Agreement, c: Clock) -> None:
        self.agreement, self.c = agreement, c
        self.delays: list[tuple[dt.date, dt.date | None, int]] = []

    def add(self, occurrence: Occurrence) -> None:
        if occurrence.due is None or not occurrence.started:
            return
        grace = [
            self.agreement.consequences[cid].after_business_days
            for cid in occurrence.item.if_missed
            if cid in self.agreement.consequences
            and getattr(self.agreement.consequences[cid], "moves_schedule", False)
        ]
        if grace and self.c.late(occurrence.due, occurrence.done):
            self.delays.append((day_of(occurrence.due), occurrence.done_day, min(grace)))

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


def _shifted(c: Clock, day: dt.date, by: int) -> dt.date:
    try:
        return c.counter.shift(day, by, business=True) if by else day
    except DateOutOfRange:
        return day


def compute(agreement: Agreement, log: Log, now: dt.datetime) -> Status:
    """The status of ``agreement`` at ``now`` (aware, or the agreement's wall clock)."""
    c = Clock(agreement, now)
    found = occurrences(agreement, log, c)
    settle(found, agreement, log, c)
    moves = _Moves(agreement, c)
    for occurrence in found:
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
        o for o in found if o.planned_due is None and _anchor(agreement, o.item) != "milestone"
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
    for occurrence in found:
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
    items = tuple(_item(agreement, o, c) for o in found)
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
        sides=sides(agreement, items, c),
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


def _planned(agreement: Agreement, occurrence: Occurrence, c: Clock) -> dt.date | None:
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


def _item(agreement: Agreement, o: Occurrence, c: Clock) -> Item:
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
        moved = max(0, c.counter.business_days_between(day_of(o.planned_due), day_of(o.due)))
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

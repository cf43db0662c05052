"""Who holds the ball, and how long each side has kept the other waiting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..model import Agreement
from .occurrences import Clock
from .state import Item, Side, State, day_of


def _open_on(item: Item, day: dt.date, today: dt.date) -> bool:
    """Whether ``item`` was owed on ``day``: after its trigger, up to the day it was done."""
    if item.recurring or item.trigger is None or item.state is State.NOT_STARTED:
        return False
    end = day_of(item.done) if item.done is not None else today
    return day_of(item.trigger) < day <= end


def _holders(items: tuple[Item, ...], day: dt.date, today: dt.date) -> set[str]:
    """Who held the ball on ``day``: whoever owed an answer to something the other side
    did (a draft, a request); when nobody did, whoever owed dated work."""
    answering = {i.owner for i in items if i.answers_event and _open_on(i, day, today)}
    if answering:
        return answering
    return {i.owner for i in items if _open_on(i, day, today)}


def sides(agreement: Agreement, everything: tuple[Item, ...], c: Clock) -> tuple[Side, ...]:
    """Each party: whether it holds the ball today, the business days it has held it, and
    the business days past a deadline (counted once when several deadlines overlap)."""
    items = tuple(i for i in everything if not i.recurring)  # standing duties pass no ball
    starts = [day_of(i.trigger) for i in items if i.trigger is not None]
    holding: dict[str, int] = dict.fromkeys(agreement.parties, 0)
    now = _holders(items, c.today, c.today) if starts else set()
    for day in days_after(min(starts), c.today) if starts else ():
        if c.counter.is_business_day(day):
            for pid in _holders(items, day, c.today):
                holding[pid] += 1
    sides = []
    for pid, party in agreement.parties.items():
        late: set[dt.date] = set()
        for item in everything:
            if item.owner == pid and item.state.late and item.due is not None:
                end = day_of(item.done) if item.done is not None else c.today
                late |= set(days_after(day_of(item.due), end))
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


def days_after(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        yield day

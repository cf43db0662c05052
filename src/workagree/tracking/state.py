"""What `workagree status` reports: each occurrence's state, the milestones, the sides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

When = dt.date | dt.datetime


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


def day_of(value: When) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value

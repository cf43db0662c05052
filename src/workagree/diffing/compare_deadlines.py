"""Which way a deadline moved: shorter and stricter for its owner, or longer and looser.

Durations are compared on one scale, calendar days, so that ``5 business days`` and
``1 week`` can be set against each other: a business day counts as 7/5 of a calendar
day, a business hour as 1/8 of a business day, a week as 7 days and a month as
365.25/12 days. Two deadlines are only compared when they count from the same event
in the same way (``after each draft``); otherwise, and when they come out equal,
the change has no direction and is reported as "changed".
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..dates.deadlines import Deadline, Every, OnDate, Unit, Within
from ..dates.deadlines import Direction as Towards
from .kinds import Direction

_BUSINESS_DAY = Fraction(7, 5)
_MONTH = Fraction(1461, 48)
_PERIOD = {"day": Fraction(1), "business day": _BUSINESS_DAY, "week": Fraction(7)}


@dataclass(frozen=True)
class Comparison:
    """How a deadline changed: ``direction`` for its owner and a word for people."""

    direction: Direction | None = None
    word: str = ""


def calendar_days(deadline: Within) -> Fraction:
    """The length of a duration in (approximate) calendar days."""
    amount = Fraction(deadline.amount)
    if deadline.unit is Unit.HOURS:
        return amount / 8 * _BUSINESS_DAY if deadline.business else amount / 24
    if deadline.unit is Unit.DAYS:
        return amount * _BUSINESS_DAY if deadline.business else amount
    if deadline.unit is Unit.WEEKS:
        return amount * 7
    return amount * _MONTH


def _period(every: Every) -> Fraction:
    return _PERIOD.get(every.period, _MONTH if every.period == "month" else Fraction(7))


def _event(deadline: Within) -> tuple[Towards | None, str | None]:
    event = " ".join(deadline.event.lower().split()) if deadline.event else None
    return deadline.direction, event


def compare(old: Deadline | None, new: Deadline | None) -> Comparison:
    """Compare the deadline of one responsibility before and after a change."""
    if old is None and new is not None:
        return Comparison(Direction.STRICTER, "new deadline")
    if new is None and old is not None:
        return Comparison(Direction.LOOSER, "no deadline any more")
    if isinstance(old, OnDate) and isinstance(new, OnDate) and old.date != new.date:
        return _toward(new.date < old.date, "earlier", "later")
    if isinstance(old, Every) and isinstance(new, Every) and _period(old) != _period(new):
        return _toward(_period(new) < _period(old), "more often", "less often")
    if isinstance(old, Within) and isinstance(new, Within) and _event(old) == _event(new):
        before, after = calendar_days(old), calendar_days(new)
        if before == after:
            return Comparison()
        if old.direction is Towards.BEFORE:
            # More time before the event means the work is due earlier.
            return _toward(after > before, "earlier", "later")
        return _toward(after < before, "shorter", "longer")
    return Comparison()


def _toward(stricter: bool, strict_word: str, loose_word: str) -> Comparison:
    if stricter:
        return Comparison(Direction.STRICTER, strict_word)
    return Comparison(Direction.LOOSER, loose_word)


def amount_only(old: Deadline, new: Deadline) -> bool:
    """True when only the number differs: ``5 → 3 business days after each draft``."""
    return (
        isinstance(old, Within)
        and isinstance(new, Within)
        and old.amount != new.amount
        and (old.unit, old.basis, old.direction, old.event)
        == (new.unit, new.basis, new.direction, new.event)
    )


def phrase(old: Deadline, new: Deadline) -> str:
    """``5 → 3 business days after each draft`` or ``every friday → every month``."""
    if amount_only(old, new):
        assert isinstance(new, Within)
        assert isinstance(old, Within)
        rest = str(new).split(" ", 1)[1]
        if old.amount == 1 or new.amount == 1:
            rest = str(Within(2, new.unit, new.basis, new.direction, new.event)).split(" ", 1)[1]
        return f"{old.amount} → {new.amount} {rest}"
    return f"{old} → {new}"

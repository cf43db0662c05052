"""Dates computed from other dates: when a milestone, the effective date or the calendar
changes, every deadline counted from them can fall on another day without its text changing.

The date of each responsibility is the one the schedule, the calendar file and the rendered
document show (:func:`workagree.dates.schedule.occurrence`), so the diff reports exactly the
dates those outputs move. A later date is looser for the owner, an earlier one stricter.
"""

from __future__ import annotations

import datetime as dt

from ..dates.businessdays import BusinessCalendar, DateOutOfRange
from ..dates.schedule import occurrence
from ..model import Agreement, Responsibility
from .change import Change
from .kinds import Direction, Kind, Section

# Longer moves are counted in calendar days: counting the business days of a move from
# 0001 to 9999 would look up 10,000 years of public holidays (half a minute).
LONGEST_BUSINESS_COUNT = 3660


def moved_by(calendar: BusinessCalendar, old: dt.date, new: dt.date) -> tuple[str, int | None]:
    """``12 business days`` and the signed count (``4000 days`` and None past 10 years).

    Counted the same way in both directions, so diff(b, a) mirrors diff(a, b).
    """
    low, high = min(old, new), max(old, new)
    sign = 1 if new >= old else -1
    if (high - low).days > LONGEST_BUSINESS_COUNT:
        return f"{(high - low).days} days", None
    days = calendar.business_days_between(low, high)
    return f"{days} business day{'s' if days != 1 else ''}", sign * days


def scheduled(agreement: Agreement) -> dict[str, dt.date | None]:
    """Each responsibility's date in the schedule (``None`` when it has none)."""
    counter = BusinessCalendar(agreement.calendar)
    dates: dict[str, dt.date | None] = {}
    for item in agreement.responsibilities:
        try:
            dates[item.id] = occurrence(agreement, item, counter)
        except DateOutOfRange:  # reported by validation
            dates[item.id] = None
    return dates


def for_owner(old: dt.date, new: dt.date) -> Direction:
    """Later is looser for the owner, earlier stricter."""
    return Direction.LOOSER if new > old else Direction.STRICTER


def date_change(
    new_agreement: Agreement,
    item: Responsibility,
    old: dt.date | None,
    new: dt.date | None,
    *,
    owner: str,
    judged: bool,
) -> Change | None:
    """The change of a responsibility's date whose deadline text stayed the same.

    ``judged`` is False when the responsibility moved to another party: a date that is
    later for one party is not looser for another.
    """
    if old == new:
        return None
    path, label = f"responsibilities.{item.id}.date", "moved due date"
    written = f" ({item.deadline})"
    if old is None:
        assert new is not None
        summary = f"{item.id}: now falls on {new}{written}"
        return Change(
            Section.RESPONSIBILITIES,
            Kind.ADDED,
            path,
            "new due date",
            summary,
            None,
            new.isoformat(),
            party=item.owner,
        )
    if new is None:
        summary = f"{item.id}: no longer has a date (was {old}){written}"
        return Change(
            Section.RESPONSIBILITIES,
            Kind.REMOVED,
            path,
            "removed due date",
            summary,
            old.isoformat(),
            None,
            party=item.owner,
        )
    count, days = moved_by(BusinessCalendar(new_agreement.calendar), old, new)
    when = "later" if new > old else "earlier"
    direction = for_owner(old, new) if judged else None
    tail = f" — {direction} for {owner}" if direction else ""
    summary = f"{item.id}: due {old} → {new}{written}, {count} {when}{tail}"
    return Change(
        Section.RESPONSIBILITIES,
        Kind.MOVED,
        path,
        label,
        summary,
        old.isoformat(),
        new.isoformat(),
        direction=direction,
        party=item.owner,
        business_days=days,
    )

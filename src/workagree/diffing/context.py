"""What every section's comparison needs: both agreements and the renames between them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..dates.deadlines import Within
from ..model import Agreement
from .change import Change
from .dates import scheduled
from .kinds import Kind, Section
from .renames import Renames
from .words import marked, word_diff


@dataclass(frozen=True)
class Context:
    old: Agreement
    new: Agreement
    renames: Renames
    old_terms: dict[str, str]
    new_terms: dict[str, str]
    old_dates: dict[str, dt.date | None] = field(init=False)
    new_dates: dict[str, dt.date | None] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "old_dates", scheduled(self.old))
        object.__setattr__(self, "new_dates", scheduled(self.new))

    def dates_of(self, new_id: str) -> tuple[dt.date | None, dt.date | None]:
        """A responsibility's date on the old side (under its old id) and on the new side."""
        back = {target: source for source, target in self.renames.responsibilities.items()}
        return self.old_dates.get(back.get(new_id, new_id)), self.new_dates.get(new_id)

    def moved_dates(self, *, counting_from: str | None = None) -> list[str]:
        """Responsibilities (new ids) kept on both sides whose date changed; with
        ``counting_from``, only those whose deadline counts from that milestone."""
        back = {target: source for source, target in self.renames.responsibilities.items()}
        moved = []
        for item in self.new.responsibilities:
            if back.get(item.id, item.id) not in self.old_dates:
                continue
            old, new = self.dates_of(item.id)
            if old == new:
                continue
            deadline = item.deadline
            if counting_from is None or (
                isinstance(deadline, Within) and deadline.event == counting_from
            ):
                moved.append(item.id)
        return moved

    def old_name(self, party_id: str) -> str:
        party = self.old.parties.get(party_id)
        return party.name if party else party_id

    def new_name(self, party_id: str) -> str:
        party = self.new.parties.get(party_id)
        return party.name if party else party_id


def value_change(
    section: Section, path: str, noun: str, old: Any, new: Any, *, words: bool = False
) -> Change | None:
    """A field whose value changed, appeared or disappeared (``None`` when it did not change)."""
    if old == new:
        return None
    if old is None:
        return Change(
            section, Kind.ADDED, path, f"new {noun}", f"{noun}: {show(new)} (new)", new=new
        )
    if new is None:
        return Change(
            section,
            Kind.REMOVED,
            path,
            f"removed {noun}",
            f"{noun}: {show(old)} (removed)",
            old=old,
        )
    segments = word_diff(old, new) if words and isinstance(old, str) else ()
    text = marked(segments) if segments else f"{show(old)} → {show(new)}"
    return Change(
        section, Kind.CHANGED, path, f"changed {noun}", f"{noun}: {text}", old, new, words=segments
    )


def show(value: Any) -> str:
    """A value as people read it: lists as comma-separated text."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) if value else "none"
    return str(value)


def walk(
    old: Mapping[str, Any], new: Mapping[str, Any], renamed: Mapping[str, str]
) -> Iterator[tuple[str | None, str | None]]:
    """Pairs (old id, new id) in the new side's order, then the removed items (new id ``None``).

    An added item comes as ``(None, id)``; a renamed one as ``(old id, new id)``.
    """
    sources = {target: source for source, target in renamed.items()}
    for key in new:
        if key in old:
            yield key, key
        else:
            yield sources.get(key), key
    for key in old:
        if key not in new and key not in renamed:
            yield key, None


def reordered(
    section: Section,
    old_order: list[str],
    new_order: list[str],
    renamed: Mapping[str, str],
    *,
    path: str | None = None,
    label: str = "reordered section",
    prefix: str = "",
    party: str | None = None,
) -> Change | None:
    """A change when the items kept on both sides are listed in another order.

    By default the items are a section's; ``path``, ``label`` and the summary's ``prefix``
    name a list inside one item instead (``responsibilities.feedback.if_missed``).
    """
    kept_new = set(new_order)
    old_kept = [key for key in old_order if renamed.get(key, key) in kept_new]
    as_new = [renamed.get(key, key) for key in old_kept]
    new_kept = [key for key in new_order if key in set(as_new)]
    if as_new == new_kept:
        return None
    return Change(
        section,
        Kind.REORDERED,
        path or str(section),
        label,
        f"{prefix}new order: {', '.join(new_kept)}",
        old_kept,
        new_kept,
        party=party,
    )

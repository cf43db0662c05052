"""Telling a renamed item from a removal plus an addition.

An item that disappears under one id while an item with the same content appears
under another has been renamed. When several items share the same content they are
paired in id order, so that comparing in either direction finds the same pairs.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..dates.deadlines import Deadline, Within
from ..model import Agreement, Milestone, Responsibility

T = TypeVar("T")


def pair(old: Mapping[str, T], new: Mapping[str, T], content: Callable[[T], Any]) -> dict[str, str]:
    """Old id → new id for items that only exist on one side and have the same content."""
    gone: dict[str, list[str]] = {}
    came: dict[str, list[str]] = {}
    for key, item in old.items():
        if key not in new:
            gone.setdefault(_key(content(item)), []).append(key)
    for key, item in new.items():
        if key not in old:
            came.setdefault(_key(content(item)), []).append(key)
    pairs: dict[str, str] = {}
    for fingerprint, old_ids in gone.items():
        pairs.update(zip(sorted(old_ids), sorted(came.get(fingerprint, [])), strict=False))
    return pairs


def _key(content: Any) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)


@dataclass
class Renames:
    """The renamed ids of one comparison, old id → new id, per kind of item."""

    parties: dict[str, str] = field(default_factory=dict)
    consequences: dict[str, str] = field(default_factory=dict)
    milestones: dict[str, str] = field(default_factory=dict)
    responsibilities: dict[str, str] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)

    def deadline(self, deadline: Deadline | None) -> Deadline | None:
        """An old deadline with its milestone, if renamed, called by its new id."""
        if isinstance(deadline, Within) and deadline.event in self.milestones:
            return dataclasses.replace(deadline, event=self.milestones[deadline.event])
        return deadline

    def responsibility(self, item: Responsibility, milestones: Collection[str]) -> dict[str, Any]:
        """An old responsibility's content in the new side's ids (everything but its own id).

        ``milestones`` are the ids of the milestones on the item's own side.
        """
        return {
            "owner": self.parties.get(item.owner, item.owner),
            "what": item.what,
            "deadline": str(self.deadline(item.deadline)),
            "anchored": anchored(item.deadline, milestones),
            "if_missed": [self.consequences.get(c, c) for c in item.if_missed],
        }


def anchored(deadline: Deadline | None, milestones: Collection[str]) -> bool:
    """Whether a deadline counts from one of the milestones (rather than from free text).

    ``3 days after kickoff`` means something else once ``kickoff`` becomes a milestone.
    """
    return isinstance(deadline, Within) and deadline.event in milestones


def find(
    old: Agreement, new: Agreement, old_terms: dict[str, str], new_terms: dict[str, str]
) -> Renames:
    """Every rename between two agreements (terms are keyed by heading)."""
    renames = Renames()
    renames.parties = pair(old.parties, new.parties, lambda p: p.model_dump(mode="json"))
    renames.consequences = pair(old.consequences, new.consequences, lambda text: text)
    renames.milestones = pair(_by_id(old.milestones), _by_id(new.milestones), _milestone)
    renames.terms = pair(old_terms, new_terms, lambda text: text)
    identity = Renames()
    old_milestones = {m.id for m in old.milestones}
    new_milestones = {m.id for m in new.milestones}
    renames.responsibilities = pair(
        {r.id: renames.responsibility(r, old_milestones) for r in old.responsibilities},
        {r.id: identity.responsibility(r, new_milestones) for r in new.responsibilities},
        lambda content: content,
    )
    return renames


def _milestone(item: Milestone) -> dict[str, Any]:
    return {"what": item.what, "date": item.date.isoformat()}


def _by_id(items: list[Milestone]) -> dict[str, Milestone]:
    return {item.id: item for item in items}

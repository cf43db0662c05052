"""One difference between two versions of an agreement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .kinds import Direction, Kind, Section
from .words import Segment


@dataclass(frozen=True)
class Change:
    """One difference, keyed by ids rather than by lines of YAML.

    ``path`` names what changed: ``version``, ``calendar.country``, ``parties.client.contact``,
    ``responsibilities.feedback.deadline``, ``consequences.pause``, ``milestones.launch.date``,
    ``terms.Changes``. Items are named by their id on the new side (the old side for a
    removal); terms by their heading. ``old`` and ``new`` are plain JSON values (text,
    lists, or the whole item for an addition or removal); ``None`` when absent.
    """

    section: Section
    kind: Kind
    path: str
    label: str
    summary: str
    old: Any = None
    new: Any = None
    direction: Direction | None = None
    party: str | None = None
    words: tuple[Segment, ...] = ()
    business_days: int | None = None
    affects: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON form documented in docs/diff.md."""
        return {
            "section": str(self.section),
            "kind": str(self.kind),
            "path": self.path,
            "label": self.label,
            "summary": self.summary,
            "old": self.old,
            "new": self.new,
            "direction": str(self.direction) if self.direction else None,
            "party": self.party,
            "words": [segment.as_dict() for segment in self.words],
            "business_days": self.business_days,
            "affects": list(self.affects),
        }

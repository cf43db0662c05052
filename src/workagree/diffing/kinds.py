"""The vocabulary of a change: which section, what happened, and which way it goes."""

from __future__ import annotations

from enum import StrEnum


class Section(StrEnum):
    """The part of the agreement a change is in, in the order a document shows them."""

    AGREEMENT = "agreement"
    CALENDAR = "calendar"
    PARTIES = "parties"
    RESPONSIBILITIES = "responsibilities"
    CONSEQUENCES = "consequences"
    MILESTONES = "milestones"
    TERMS = "terms"

    @property
    def heading(self) -> str:
        return self.value.capitalize()


class Kind(StrEnum):
    """What happened. ``added`` and ``removed`` mirror each other; the rest mirror themselves."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RENAMED = "renamed"
    MOVED = "moved"
    REORDERED = "reordered"

    def mirror(self) -> Kind:
        return {Kind.ADDED: Kind.REMOVED, Kind.REMOVED: Kind.ADDED}.get(self, self)


class Direction(StrEnum):
    """Which way a deadline or a date went. Each value has a mirror image."""

    STRICTER = "stricter"
    LOOSER = "looser"
    EARLIER = "earlier"
    LATER = "later"

    def mirror(self) -> Direction:
        pairs = {
            Direction.STRICTER: Direction.LOOSER,
            Direction.LOOSER: Direction.STRICTER,
            Direction.EARLIER: Direction.LATER,
            Direction.LATER: Direction.EARLIER,
        }
        return pairs[self]

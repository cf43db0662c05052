"""Redline marks: text as HTML with insertions in <ins> and deletions in <del>.

Every piece of user text goes through markupsafe's escaping before it is wrapped,
so a ``<script>`` in a spec stays text in a redline too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from markupsafe import Markup, escape

from ..diffing.words import Op, word_diff

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
K = TypeVar("K", bound=Hashable)


class State(StrEnum):
    """How an item on the redline compares with the old version."""

    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


def inserted(text: str) -> Markup:
    return Markup('<ins class="redline">{}</ins>').format(text) if text else Markup("")


def deleted(text: str) -> Markup:
    return Markup('<del class="redline">{}</del>').format(text) if text else Markup("")


def words(old: str | None, new: str | None) -> Markup:
    """``new``, with the words that differ from ``old`` marked; either may be missing."""
    old, new = old or "", new or ""
    if old == new:
        return escape(new)
    if not old or not new:
        return deleted(old) + inserted(new)
    parts: list[Markup] = []
    for segment in word_diff(old, new):
        if segment.op is Op.DELETE:
            parts.append(deleted(segment.text))
        elif segment.op is Op.INSERT:
            parts.append(inserted(segment.text))
        else:
            parts.append(escape(segment.text))
    return Markup(" ").join(parts)


def whole(text: str | None, state: State) -> Markup:
    """All of ``text`` marked as inserted (an added item) or deleted (a removed one)."""
    if state is State.ADDED:
        return inserted(text or "")
    if state is State.REMOVED:
        return deleted(text or "")
    return escape(text or "")


def replaced(old: str | None, new: str | None) -> Markup:
    """A value that changes as a whole (a date): the old one struck, the new one inserted."""
    if (old or "") == (new or ""):
        return escape(new or "")
    return (
        deleted(old or "") + Markup(" ") + inserted(new or "") if old and new else words(old, new)
    )


@dataclass(frozen=True)
class Placed(Generic[T_co]):
    """An item on the redline: ``old`` and ``new`` are None for an added or a removed one."""

    old: T_co | None
    new: T_co | None

    @property
    def state(self) -> State:
        if self.old is None:
            return State.ADDED
        if self.new is None:
            return State.REMOVED
        return State.CHANGED


def interleave(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], K], counterpart: dict[K, K]
) -> list[Placed[T]]:
    """The new items in order, each with its old version, and the removed ones where they were.

    ``counterpart`` maps an old key to its new key (the same key unless renamed). A removed
    item follows the nearest item before it on the old side that is still there.
    """
    new_keys = {key(item) for item in new}
    matched = {counterpart.get(key(item), key(item)): item for item in old}
    placed = [Placed(matched.get(key(item)), item) for item in new]
    anchor: K | None = None
    insert_at = 0
    for item in old:
        target = counterpart.get(key(item), key(item))
        if target in new_keys:
            anchor = target
            insert_at = 1 + next(
                i for i, p in enumerate(placed) if p.new is not None and key(p.new) == anchor
            )
            continue
        placed.insert(insert_at, Placed(item, None))
        insert_at += 1
    return placed

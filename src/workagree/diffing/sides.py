"""Loading the two sides of a comparison, each from a file or a git revision.

Problems on either side are collected (both sides, every problem) and raised together,
each side labelled OLD or NEW, as a usage error (exit 2): a comparison needs two valid
agreements.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..api import check_bytes
from ..errors import Problem, WorkagreeError
from ..model import Agreement
from ..spec.gitsource import Source, sources


@dataclass(frozen=True)
class Side:
    """One side that could not be loaded: its label, where it came from, and why."""

    label: str
    source: Source
    reason: str
    problems: list[Problem]

    @property
    def heading(self) -> str:
        """``OLD (HEAD~1:agreement.yaml) is not a valid agreement:``."""
        return f"{self.label} ({self.source.display}) {self.reason}:"


class SidesError(WorkagreeError):
    """One or both sides could not be read or are not valid agreements (exit 2)."""

    def __init__(self, sides: list[Side]) -> None:
        super().__init__([p for side in sides for p in side.problems], exit_code=2)
        self.sides = sides


def load_source(source: Source, *, label: str) -> Agreement | Side:
    """The agreement at ``source``, or the :class:`Side` saying what is wrong with it."""
    try:
        result = check_bytes(source.read(), file=source.display)
    except WorkagreeError as exc:
        reason = "cannot be read" if exc.exit_code == 2 else "is not a valid agreement"
        return Side(label, source, reason, exc.problems)
    if result.agreement is None:
        return Side(label, source, "is not a valid agreement", result.errors)
    return result.agreement


def load_pair(old: str, new: str) -> tuple[Agreement, Agreement]:
    """The agreements named by ``workagree diff OLD NEW`` (files or ``REV:PATH``)."""
    old_source, new_source = sources(old, new)
    loaded = load_source(old_source, label="OLD"), load_source(new_source, label="NEW")
    failed = [side for side in loaded if isinstance(side, Side)]
    if failed:
        raise SidesError(failed)
    old_agreement, new_agreement = loaded
    assert isinstance(old_agreement, Agreement)
    assert isinstance(new_agreement, Agreement)
    return old_agreement, new_agreement

"""Comparing two agreements: ``diff(old, new)`` → the list of :class:`Change`.

The comparison is semantic: items are matched by id, not by position in the YAML,
so formatting, comments and the order of mapping keys never count. The result is
in a fixed order (agreement, calendar, parties, responsibilities, consequences,
milestones, terms; within a section, the new side's order, then removals).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Agreement
from .change import Change
from .context import Context
from .renames import Renames, find
from .responsibilities import responsibility_changes
from .sections import (
    agreement_changes,
    consequence_changes,
    milestone_changes,
    party_changes,
    term_changes,
)


@dataclass(frozen=True)
class Compared:
    """One comparison: the changes and the renames they were found with.

    The redline marks its rows from ``renames`` and lists ``changes``, so it can never
    pair items differently from ``workagree diff`` or report other changes.
    """

    changes: list[Change]
    renames: Renames


def compare(old: Agreement, new: Agreement) -> Compared:
    """Compare two versions of an agreement once, for every output that shows the result."""
    old_terms, new_terms = terms_by_heading(old), terms_by_heading(new)
    ctx = Context(old, new, find(old, new, old_terms, new_terms), old_terms, new_terms)
    changes = [
        *agreement_changes(ctx),
        *party_changes(ctx),
        *responsibility_changes(ctx),
        *consequence_changes(ctx),
        *milestone_changes(ctx),
        *term_changes(ctx),
    ]
    return Compared(changes, ctx.renames)


def diff(old: Agreement, new: Agreement) -> list[Change]:
    """Every difference between two versions of an agreement; ``[]`` when they are the same."""
    return compare(old, new).changes


def terms_by_heading(agreement: Agreement) -> dict[str, str]:
    """Terms keyed by heading; a repeated heading gets a number: ``Changes (2)``."""
    keyed: dict[str, str] = {}
    for term in agreement.terms:
        key, n = term.heading, 1
        while key in keyed:
            n += 1
            key = f"{term.heading} ({n})"
        keyed[key] = term.text
    return keyed

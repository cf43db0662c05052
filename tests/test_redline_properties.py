"""Properties of redlines over generated pairs of agreements: the marks spell both versions."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from markupsafe import Markup

from workagree import Agreement
from workagree.diffing.changes import terms_by_heading
from workagree.diffing.renames import find
from workagree.rendering import helpers
from workagree.rendering.redline_rows import duties

from .test_diff_properties import pairs

_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spell(cell: Markup, drop: str) -> str:
    """The text of a marked cell without its ``drop`` (``del`` or ``ins``) runs."""
    kept = re.sub(rf'<{drop} class="redline">.*?</{drop}>', " ", str(cell))
    return " ".join(Markup(kept).striptags().split())


@_SETTINGS
@given(pairs())
def test_the_marks_spell_the_new_version(pair: tuple[Agreement, Agreement]) -> None:
    old, new = pair
    renames = find(old, new, terms_by_heading(old), terms_by_heading(new))
    marked = duties(old, new, renames)
    for side, red in zip(helpers.sides(new), marked, strict=False):
        shown = [row for row in red.rows if row.state != "removed"]
        assert [spell(row.cells["what"], "del") for row in shown] == [
            " ".join(item.what.split()) for item in side.responsibilities
        ]
        assert [spell(row.cells["when"], "del") for row in shown] == [
            " ".join(helpers.deadline_words(new, item.deadline, new.locale).split())
            for item in side.responsibilities
        ]


@_SETTINGS
@given(pairs())
def test_removed_rows_are_the_old_items_that_are_gone(pair: tuple[Agreement, Agreement]) -> None:
    old, new = pair
    renames = find(old, new, terms_by_heading(old), terms_by_heading(new))
    removed = sum(row.state == "removed" for red in duties(old, new, renames) for row in red.rows)
    kept = {(r.id, r.owner) for r in new.responsibilities}
    gone = [
        r
        for r in old.responsibilities
        if (renames.responsibilities.get(r.id, r.id), renames.parties.get(r.owner, r.owner))
        not in kept
    ]
    assert removed == len(gone)

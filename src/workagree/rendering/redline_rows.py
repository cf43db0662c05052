"""What a redline template receives: each section's items, old and new side by side, marked.

A row is one item of the new version (or a removed one, where it used to be) with its
fields as HTML: changed words in <ins>/<del>, an added item all inserted, a removed
one all deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..diffing import Change
from ..diffing.changes import terms_by_heading
from ..diffing.format import by_section, summary_line
from ..diffing.renames import Renames
from ..diffing.words import Op, unmarked
from ..model import Agreement, Responsibility
from . import helpers, markup
from .marks import Placed, State, deleted, inserted, interleave, replaced, whole, words


@dataclass(frozen=True)
class Row:
    """One item on the redline: ``state`` is same, changed, added or removed."""

    state: str
    cells: dict[str, Markup]


@dataclass(frozen=True)
class RedSide:
    """A party's responsibilities on the redline."""

    state: str
    name: Markup
    rows: list[Row] = field(default_factory=list)


def row(placed: Placed[object], cells: dict[str, Markup]) -> Row:
    state = placed.state
    if state is State.CHANGED and not any("redline" in cell for cell in cells.values()):
        state = State.SAME
    return Row(str(state), cells)


def mark(placed: Placed[object], old: str | None, new: str | None) -> Markup:
    """One field of one item: word by word when changed, whole when added or removed."""
    if placed.state is State.CHANGED:
        return words(old, new)
    return whole(old if placed.state is State.REMOVED else new, placed.state)


def summary_markup(text: str) -> Markup:
    """A change summary with ``[-old-]{+new+}`` turned into <del>/<ins>."""
    parts: list[Markup] = []
    previous = Op.EQUAL
    for run in unmarked(text):
        if run.op is Op.EQUAL:
            parts.append(escape(run.text))
        elif run.op is Op.DELETE:
            parts.append(deleted(run.text))
        else:
            if previous is Op.DELETE:
                parts.append(Markup(" "))
            parts.append(inserted(run.text))
        previous = run.op
    return Markup("").join(parts)


def summary(changes: Sequence[Change]) -> dict[str, object]:
    return {
        "line": summary_line(changes),
        "sections": [
            (section.heading, [summary_markup(c.summary) for c in items])
            for section, items in by_section(changes).items()
        ],
    }


def _inverse(mapping: dict[str, str]) -> dict[str, str]:
    return {new: old for old, new in mapping.items()}


def duties(
    old: Agreement, new: Agreement, renames: Renames, locale: str | None = None
) -> list[RedSide]:
    """Each party's responsibilities, new sides first, then the sides of removed parties.

    Deadlines are written in ``locale`` (default: the new version's language).
    """
    locale = locale or new.locale

    def cells(p: Placed[Responsibility]) -> dict[str, Markup]:
        o, n = p.old, p.new
        when_o = helpers.deadline_words(old, o.deadline, locale) if o else None
        when_n = helpers.deadline_words(new, n.deadline, locale) if n else None
        missed_o = ", ".join(map(helpers.consequence_label, o.if_missed)) if o else None
        missed_n = ", ".join(map(helpers.consequence_label, n.if_missed)) if n else None
        return {
            "what": mark(p, o.what if o else None, n.what if n else None),
            "when": mark(p, when_o, when_n),
            "missed": mark(p, missed_o, missed_n),
        }

    def rows(old_items: list[Responsibility], new_items: list[Responsibility]) -> list[Row]:
        placed = interleave(old_items, new_items, lambda r: r.id, renames.responsibilities)
        return [row(p, cells(p)) for p in placed]

    back = _inverse(renames.parties)
    result: list[RedSide] = []
    for side in helpers.sides(new):
        old_id = back.get(side.id, side.id)
        old_party = old.parties.get(old_id)
        name = words(old_party.name if old_party else None, side.party.name)
        state = State.ADDED if old_party is None else State.SAME
        result.append(
            RedSide(str(state), name, rows(old.responsibilities_of(old_id), side.responsibilities))
        )
    for side in helpers.sides(old):
        if renames.parties.get(side.id, side.id) not in new.parties:
            result.append(
                RedSide("removed", deleted(side.party.name), rows(side.responsibilities, []))
            )
    return result


def parties(old: Agreement, new: Agreement, renames: Renames) -> list[Row]:
    old_ids = [side.id for side in helpers.sides(old)]
    new_ids = [side.id for side in helpers.sides(new)]
    placed = interleave(old_ids, new_ids, lambda pid: pid, renames.parties)
    result = []
    for p in placed:
        o = old.parties[p.old] if p.old else None
        n = new.parties[p.new] if p.new else None
        either = n or o
        assert either is not None  # a placed item is on at least one side
        cells = {
            "role": escape(either.role),
            "name": mark(p, o.name if o else None, n.name if n else None),
            "contact": mark(p, o.contact if o else None, n.contact if n else None),
        }
        result.append(row(p, cells))
    return result


def consequences(old: Agreement, new: Agreement, renames: Renames) -> list[Row]:
    old_used, new_used = helpers.used_consequences(old), helpers.used_consequences(new)
    placed = interleave(old_used, new_used, lambda item: item[0], renames.consequences)
    result = []
    for p in placed:
        o, n = p.old, p.new
        label_o = helpers.consequence_label(o[0]) if o else None
        label_n = helpers.consequence_label(n[0]) if n else None
        cells = {
            "label": mark(p, label_o, label_n),
            "text": mark(p, o[1] if o else None, n[1] if n else None),
        }
        result.append(row(p, cells))
    return result


def milestones(
    old: Agreement, new: Agreement, renames: Renames, on: Callable[[Agreement, object], str]
) -> list[Row]:
    placed = interleave(old.milestones, new.milestones, lambda m: m.id, renames.milestones)
    result = []
    for p in placed:
        o, n = p.old, p.new
        date_o = on(old, helpers.kept_day(old, o)[0]) if o else None
        date_n = on(new, helpers.kept_day(new, n)[0]) if n else None
        date = (
            replaced(date_o, date_n)
            if p.state is State.CHANGED
            else whole(date_o or date_n, p.state)
        )
        cells = {"date": date, "what": mark(p, o.what if o else None, n.what if n else None)}
        result.append(row(p, cells))
    return result


def terms(old: Agreement, new: Agreement, renames: Renames) -> list[Row]:
    old_terms, new_terms = terms_by_heading(old), terms_by_heading(new)
    placed = interleave(
        list(old_terms.items()), list(new_terms.items()), lambda t: t[0], renames.terms
    )
    result = []
    for p in placed:
        o, n = p.old, p.new
        text_o, text_n = (o[1] if o else None), (n[1] if n else None)
        if p.state is State.CHANGED and text_o == text_n:
            text = Markup(markup.to_html(text_n or ""))
        else:
            text = Markup("<p>{}</p>").format(mark(p, text_o, text_n))
        heading = mark(p, o[0] if o else None, n[0] if n else None)
        result.append(row(p, {"heading": heading, "text": text}))
    return result

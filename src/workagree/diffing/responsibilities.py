"""Changes in responsibilities: added, removed, renamed, moved to another party, reworded,
given another deadline, or linked to other consequences."""

from __future__ import annotations

from collections.abc import Iterator

from ..dates.businessdays import due_date
from ..dates.deadlines import Deadline, Every
from ..model import Responsibility
from .change import Change
from .compare_deadlines import Comparison, compare, phrase
from .context import Context, reordered, walk
from .dates import date_change, for_owner
from .kinds import Direction, Kind, Section
from .renames import anchored
from .words import marked, word_diff

_R = Section.RESPONSIBILITIES


def responsibility_changes(ctx: Context) -> Iterator[Change]:
    old_items = {r.id: r for r in ctx.old.responsibilities}
    new_items = {r.id: r for r in ctx.new.responsibilities}
    renamed = ctx.renames.responsibilities
    for old_id, new_id in walk(old_items, new_items, renamed):
        if new_id is None:
            assert old_id is not None
            yield _whole(ctx, Kind.REMOVED, old_items[old_id])
        elif old_id is None:
            yield _whole(ctx, Kind.ADDED, new_items[new_id])
        elif old_id != new_id:
            yield Change(
                _R,
                Kind.RENAMED,
                f"responsibilities.{new_id}",
                "renamed responsibility",
                f"{new_id}: renamed from {old_id} (same content)",
                old_id,
                new_id,
            )
            change = _date(ctx, new_items[new_id], judged=True)
            if change:
                yield change
        else:
            yield from _changed(ctx, old_items[old_id], new_items[new_id])
    change = reordered(_R, list(old_items), list(new_items), renamed)
    if change:
        yield change


def _whole(ctx: Context, kind: Kind, item: Responsibility) -> Change:
    value = item.model_dump(mode="json", exclude_none=True)
    name = (ctx.new_name if kind is Kind.ADDED else ctx.old_name)(item.owner)
    deadline = f", {item.deadline}" if item.deadline else ""
    adjective = "new" if kind is Kind.ADDED else "removed"
    summary = f"{item.id} ({name}): {item.what}{deadline} ({adjective})"
    path = f"responsibilities.{item.id}"
    if kind is Kind.ADDED:
        return Change(_R, kind, path, "new responsibility", summary, new=value, party=item.owner)
    return Change(_R, kind, path, "removed responsibility", summary, old=value, party=item.owner)


def _changed(ctx: Context, old: Responsibility, new: Responsibility) -> Iterator[Change]:
    path = f"responsibilities.{new.id}"
    owner_moved = ctx.renames.parties.get(old.owner, old.owner) != new.owner
    if owner_moved:
        yield Change(
            _R,
            Kind.MOVED,
            f"{path}.owner",
            "moved responsibility",
            f"{new.id}: moved from {ctx.old_name(old.owner)} to {ctx.new_name(new.owner)}",
            old.owner,
            new.owner,
            party=new.owner,
        )
    if old.what != new.what:
        segments = word_diff(old.what, new.what)
        yield Change(
            _R,
            Kind.CHANGED,
            f"{path}.what",
            "reworded responsibility",
            f"{new.id}: {marked(segments)}",
            old.what,
            new.what,
            party=new.owner,
            words=segments,
        )
    old_deadline = ctx.renames.deadline(old.deadline)
    old_anchor = anchored(old.deadline, {m.id for m in ctx.old.milestones})
    new_anchor = anchored(new.deadline, {m.id for m in ctx.new.milestones})
    if old_deadline != new.deadline or old_anchor != new_anchor:
        # Counting from a milestone on one side and from free text on the other, the two
        # deadlines count from different things: neither is stricter.
        different_start = old_anchor != new_anchor
        comparison = Comparison()
        if not owner_moved:
            if not different_start:
                comparison = compare(old_deadline, new.deadline)
            if comparison.direction is None:
                comparison = _by_dates(ctx, old, new)
        note = None
        if old_deadline == new.deadline:
            note = (
                "now counts from the milestone"
                if new_anchor
                else "no longer counts from a milestone"
            )
        yield _deadline(ctx, path, new, old.deadline, comparison, note=note)
    else:
        change = _date(ctx, new, judged=not owner_moved)
        if change:
            yield change
    owner = ctx.new_name(new.owner)
    old_links = [ctx.renames.consequences.get(c, c) for c in old.if_missed]
    for cid in new.if_missed:
        if cid not in old_links:
            summary = f"{new.id}: if missed, now also {cid} — stricter for {owner}"
            yield Change(
                _R,
                Kind.ADDED,
                f"{path}.if_missed.{cid}",
                "new if-missed link",
                summary,
                None,
                cid,
                direction=Direction.STRICTER,
                party=new.owner,
            )
    for cid, as_new in zip(old.if_missed, old_links, strict=True):
        if as_new not in new.if_missed:
            summary = f"{new.id}: if missed, no longer {cid} — looser for {owner}"
            yield Change(
                _R,
                Kind.REMOVED,
                f"{path}.if_missed.{cid}",
                "removed if-missed link",
                summary,
                cid,
                direction=Direction.LOOSER,
                party=new.owner,
            )
    # The links are listed in the document in this order, so a new order is a change.
    order = reordered(
        _R,
        list(old.if_missed),
        list(new.if_missed),
        ctx.renames.consequences,
        path=f"{path}.if_missed",
        label="reordered if-missed links",
        prefix=f"{new.id}: if missed, ",
        party=new.owner,
    )
    if order is not None:
        yield order


def _date(ctx: Context, item: Responsibility, *, judged: bool) -> Change | None:
    """The responsibility's date, when it moved with the same deadline text."""
    old, new = ctx.dates_of(item.id)
    return date_change(ctx.new, item, old, new, owner=ctx.new_name(item.owner), judged=judged)


def _by_dates(ctx: Context, old: Responsibility, new: Responsibility) -> Comparison:
    """Deadlines of different kinds (a date, a duration from a milestone) compared by the
    dates they fall on, when both have one."""
    if isinstance(old.deadline, Every) or isinstance(new.deadline, Every):
        return Comparison()
    before, after = due_date(ctx.old, old.deadline), due_date(ctx.new, new.deadline)
    if before is None or after is None or before == after:
        return Comparison()
    word = f"due {before} → {after}, {'later' if after > before else 'earlier'}"
    return Comparison(for_owner(before, after), word)


def _deadline(
    ctx: Context,
    path: str,
    new: Responsibility,
    old_deadline: Deadline | None,
    comparison: Comparison,
    *,
    note: str | None,
) -> Change:
    """A deadline that changed; ``note`` says how when the text stayed the same."""
    owner = ctx.new_name(new.owner)
    old_text = str(old_deadline) if old_deadline is not None else None
    new_text = str(new.deadline) if new.deadline is not None else None
    direction = comparison.direction
    if old_text is None:
        kind, what = Kind.ADDED, f"new deadline {new_text}"
    elif new_text is None:
        kind, what = Kind.REMOVED, f"deadline {old_text} removed"
    else:
        kind = Kind.CHANGED
        assert old_deadline is not None
        assert new.deadline is not None
        what = (
            f"deadline {new_text} {note}"
            if note
            else f"deadline {phrase(old_deadline, new.deadline)}"
        )
    label = f"{direction or 'changed'} deadline"
    if kind is not Kind.CHANGED:
        label = f"{'new' if kind is Kind.ADDED else 'removed'} deadline"
    tail = ""
    if direction is not None:
        word = f"{comparison.word}, " if kind is Kind.CHANGED else ""
        tail = f" — {word}{direction} for {owner}"
    return Change(
        _R,
        kind,
        f"{path}.deadline",
        label,
        f"{new.id}: {what}{tail}",
        old_text,
        new_text,
        direction=direction,
        party=new.owner,
    )

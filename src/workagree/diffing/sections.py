"""Changes in the agreement's fields, calendar, parties, consequences, milestones and terms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from ..dates.businessdays import BusinessCalendar
from .change import Change
from .context import Context, reordered, show, value_change, walk
from .dates import moved_by
from .fields import AGREEMENT_FIELDS, CALENDAR_FIELDS, DATE_FIELDS, PARTY_FIELDS
from .kinds import Direction, Kind, Section
from .words import marked, word_diff


def agreement_changes(ctx: Context) -> Iterator[Change]:
    """The agreement's own fields and its calendar; a change that moves computed dates
    names the responsibilities whose date it moved in ``affects``."""
    old = ctx.old.model_dump(mode="json")
    new = ctx.new.model_dump(mode="json")
    moved = ctx.moved_dates()
    for key, noun, words in AGREEMENT_FIELDS:
        change = value_change(Section.AGREEMENT, key, noun, old[key], new[key], words=words)
        if change:
            yield _with_affects(change, moved) if key in DATE_FIELDS else change
    for key, noun in CALENDAR_FIELDS:
        change = value_change(
            Section.CALENDAR, f"calendar.{key}", noun, old["calendar"][key], new["calendar"][key]
        )
        if change:
            yield _with_affects(change, moved) if key in DATE_FIELDS else change


def party_changes(ctx: Context) -> Iterator[Change]:
    renamed = ctx.renames.parties
    for old_id, new_id in walk(ctx.old.parties, ctx.new.parties, renamed):
        if old_id is None or new_id is None:
            yield _added_or_removed(ctx, Section.PARTIES, "party", old_id, new_id)
            continue
        old, new = ctx.old.parties[old_id], ctx.new.parties[new_id]
        path = f"parties.{new_id}"
        if old_id != new_id:
            summary = f"{new.name}: id {old_id} → {new_id} (same details)"
            yield Change(
                Section.PARTIES, Kind.RENAMED, path, "renamed party id", summary, old_id, new_id
            )
            continue
        if old.name != new.name:
            yield Change(
                Section.PARTIES,
                Kind.RENAMED,
                f"{path}.name",
                "renamed party",
                f"{old.name} is now called {new.name}",
                old.name,
                new.name,
            )
        for key, noun in PARTY_FIELDS:
            change = value_change(
                Section.PARTIES, f"{path}.{key}", noun, getattr(old, key), getattr(new, key)
            )
            if change:
                yield _about(change, new.name)


def consequence_changes(ctx: Context) -> Iterator[Change]:
    renamed = ctx.renames.consequences
    for old_id, new_id in walk(ctx.old.consequences, ctx.new.consequences, renamed):
        if old_id is None or new_id is None:
            change = _added_or_removed(ctx, Section.CONSEQUENCES, "consequence", old_id, new_id)
            side = ctx.new if new_id else ctx.old
            key = new_id or old_id
            yield _with_affects(change, [r.id for r in side.responsibilities if key in r.if_missed])
            continue
        old, new = ctx.old.consequences[old_id], ctx.new.consequences[new_id]
        path = f"consequences.{new_id}"
        if old_id != new_id:
            summary = f"{new_id}: renamed from {old_id} (same content)"
            yield Change(
                Section.CONSEQUENCES,
                Kind.RENAMED,
                path,
                "renamed consequence id",
                summary,
                old_id,
                new_id,
            )
        elif old != new:
            segments = word_diff(old, new)
            users = [r for r in ctx.new.responsibilities if new_id in r.if_missed]
            change = Change(
                Section.CONSEQUENCES,
                Kind.CHANGED,
                path,
                "changed consequence",
                f"{new_id}: {marked(segments)}",
                old,
                new,
                words=segments,
            )
            owners = sorted({ctx.new_name(r.owner) for r in users})
            yield _with_affects(change, [r.id for r in users], owed_by=owners)
        yield from _consequence_rules(path, old, new)


def _consequence_rules(path: str, old: Any, new: Any) -> Iterator[Change]:
    """How a consequence acts on a tracked schedule: a pause that moves it, a threshold."""
    moves = value_change(
        Section.CONSEQUENCES,
        f"{path}.moves_schedule",
        "moves the schedule",
        "yes" if getattr(old, "moves_schedule", False) else "no",
        "yes" if getattr(new, "moves_schedule", False) else "no",
    )
    grace = value_change(
        Section.CONSEQUENCES,
        f"{path}.after_business_days",
        "applies after (business days late)",
        getattr(old, "after_business_days", 0),
        getattr(new, "after_business_days", 0),
    )
    yield from (change for change in (moves, grace) if change is not None)


def milestone_changes(ctx: Context) -> Iterator[Change]:
    old_items = {m.id: m for m in ctx.old.milestones}
    new_items = {m.id: m for m in ctx.new.milestones}
    renamed = ctx.renames.milestones
    calendar = BusinessCalendar(ctx.new.calendar)
    for old_id, new_id in walk(old_items, new_items, renamed):
        if old_id is None or new_id is None:
            yield _added_or_removed(ctx, Section.MILESTONES, "milestone", old_id, new_id)
            continue
        old, new = old_items[old_id], new_items[new_id]
        path = f"milestones.{new_id}"
        if old_id != new_id:
            summary = f"{new_id}: renamed from {old_id} (same content)"
            yield Change(
                Section.MILESTONES,
                Kind.RENAMED,
                path,
                "renamed milestone id",
                summary,
                old_id,
                new_id,
            )
            continue
        if old.date != new.date:
            direction = Direction.LATER if new.date > old.date else Direction.EARLIER
            count, days = moved_by(calendar, old.date, new.date)
            move = Change(
                Section.MILESTONES,
                Kind.MOVED,
                f"{path}.date",
                "moved milestone",
                f"{new_id}: {old.date} → {new.date}, {count} {direction}",
                old.date.isoformat(),
                new.date.isoformat(),
                direction=direction,
                business_days=days,
            )
            yield _with_affects(move, ctx.moved_dates(counting_from=new_id))
        change = value_change(
            Section.MILESTONES, f"{path}.what", "description", old.what, new.what, words=True
        )
        if change:
            yield _about(change, new_id)
    change = reordered(Section.MILESTONES, list(old_items), list(new_items), renamed)
    if change:
        yield change


def term_changes(ctx: Context) -> Iterator[Change]:
    renamed = ctx.renames.terms
    for old_key, new_key in walk(ctx.old_terms, ctx.new_terms, renamed):
        if old_key is None or new_key is None:
            yield _added_or_removed(ctx, Section.TERMS, "term", old_key, new_key)
            continue
        path = f"terms.{new_key}"
        if old_key != new_key:
            summary = f"{new_key}: renamed from {old_key} (same text)"
            yield Change(
                Section.TERMS, Kind.RENAMED, path, "renamed term", summary, old_key, new_key
            )
            continue
        change = value_change(
            Section.TERMS, path, "text", ctx.old_terms[old_key], ctx.new_terms[new_key], words=True
        )
        if change:
            yield _about(change, new_key)
    change = reordered(Section.TERMS, list(ctx.old_terms), list(ctx.new_terms), renamed)
    if change:
        yield change


def _added_or_removed(
    ctx: Context, section: Section, noun: str, old_id: str | None, new_id: str | None
) -> Change:
    if new_id is not None:
        value = _item(ctx, section, new_id, new=True)
        return Change(
            section,
            Kind.ADDED,
            f"{section}.{new_id}",
            f"new {noun}",
            f"{new_id}: {_brief(value)} (new)",
            new=value,
        )
    assert old_id is not None
    value = _item(ctx, section, old_id, new=False)
    return Change(
        section,
        Kind.REMOVED,
        f"{section}.{old_id}",
        f"removed {noun}",
        f"{old_id}: {_brief(value)} (removed)",
        old=value,
    )


def _item(ctx: Context, section: Section, key: str, *, new: bool) -> object:
    agreement = ctx.new if new else ctx.old
    if section is Section.PARTIES:
        return agreement.parties[key].model_dump(mode="json", exclude_none=True)
    if section is Section.CONSEQUENCES:
        return agreement.consequences[key]
    if section is Section.TERMS:
        return (ctx.new_terms if new else ctx.old_terms)[key]
    milestone = agreement.milestone(key)
    assert milestone is not None
    return milestone.model_dump(mode="json")


def _brief(value: object) -> str:
    if isinstance(value, dict):
        if "name" in value:
            return f"{value['name']} ({value['role']})"
        return f"{value['what']}, {value['date']}"
    return show(value)


def _about(change: Change, subject: str) -> Change:
    return replace(change, summary=f"{subject}: {change.summary}")


def _with_affects(change: Change, users: list[str], *, owed_by: Sequence[str] = ()) -> Change:
    """``; affects feedback, testing`` (and who owes them: for whom the change matters)."""
    if not users:
        return change
    verb = "was used by" if change.kind is Kind.REMOVED else "affects"
    whose = f" (owed by {' and '.join(owed_by)})" if owed_by else ""
    return replace(
        change,
        affects=tuple(users),
        summary=f"{change.summary}; {verb} {', '.join(users)}{whose}",
    )

"""The status as text for people, JSON for programs, and Markdown for a pull request.

Plain functions ``Status -> str``; the HTML page is in :mod:`.page`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .status import Item, State, Status, When

_ORDER = {
    State.OVERDUE: 0,
    State.DUE: 1,
    State.MET_LATE: 2,
    State.MET: 3,
    State.NOT_STARTED: 4,
}
_LABEL = {
    State.OVERDUE: "OVERDUE",
    State.DUE: "due",
    State.MET_LATE: "met late",
    State.MET: "met",
    State.NOT_STARTED: "not started",
}


def when(value: When | None) -> str | None:
    """``2027-01-20`` or ``2027-01-20T14:30+01:00``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def shown(value: When | None) -> str:
    """``2027-01-20`` or ``2027-01-20 14:30`` (the agreement's clock) for people."""
    if value is None:
        return "no date yet"
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return value.isoformat()


def _days(n: int) -> str:
    return f"{n} business day{'s' if n != 1 else ''}"


def item_dict(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "occurrence": item.occurrence,
        "owner": item.owner,
        "owner_name": item.owner_name,
        "what": item.what,
        "deadline": item.deadline,
        "trigger": when(item.trigger),
        "trigger_label": item.trigger_label,
        "planned_due": when(item.planned_due),
        "due": when(item.due),
        "done": when(item.done),
        "state": str(item.state),
        "late_business_days": item.late_business_days,
        "moved_business_days": item.moved_business_days,
        "applies": [
            {"id": a.id, "text": a.text, "moves_schedule": a.moves_schedule} for a in item.applies
        ],
        "recurring": item.recurring,
        "note": item.note,
    }


def as_dict(status: Status) -> dict[str, Any]:
    return {
        "project": status.project,
        "version": status.version,
        "fingerprint": status.fingerprint,
        "today": status.today.isoformat(),
        "timezone": status.timezone,
        "overdue": status.overdue,
        "ball": [side.id for side in status.sides if side.holds_ball],
        "items": [item_dict(item) for item in status.items],
        "milestones": [
            {
                "id": m.id,
                "what": m.what,
                "planned": m.planned.isoformat(),
                "expected": m.expected.isoformat(),
                "actual": None if m.actual is None else m.actual.isoformat(),
                "moved_business_days": m.moved_business_days,
            }
            for m in status.milestones
        ],
        "sides": [
            {
                "id": s.id,
                "name": s.name,
                "role": s.role,
                "holds_ball": s.holds_ball,
                "owes": list(s.open_items),
                "holding_business_days": s.holding_business_days,
                "late_business_days": s.late_business_days,
            }
            for s in status.sides
        ],
    }


def to_json(status: Status) -> str:
    return json.dumps(as_dict(status), indent=2, ensure_ascii=False) + "\n"


def ordered(status: Status) -> list[Item]:
    """Items worth a line, the most urgent first; recurring ones met on time are counted
    in :func:`met_recurring` instead."""
    kept = [i for i in status.items if not (i.recurring and i.state is State.MET)]
    return sorted(
        kept,
        key=lambda i: (_ORDER[i.state], _day_key(i.due), status.items.index(i)),
    )


def _day_key(value: When | None) -> str:
    return when(value) or "9999"


def met_recurring(status: Status) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in status.items:
        if item.recurring and item.state is State.MET:
            counts[item.id] = counts.get(item.id, 0) + 1
    return counts


def heading(status: Status) -> str:
    version = f" (version {status.version})" if status.version else ""
    return f"{status.project}{version}: status on {status.today.isoformat()}"


def ball_line(status: Status) -> str:
    holders = [s for s in status.sides if s.holds_ball]
    if not holders:
        return "The ball: nobody owes anything now."
    parts = [f"{s.name} ({', '.join(s.open_items)})" for s in holders]
    return "The ball: " + "; ".join(parts) + "."


def waiting_lines(status: Status) -> list[str]:
    return [
        f"  {s.name}: held the ball {_days(s.holding_business_days)}, "
        f"{_days(s.late_business_days)} past a deadline"
        for s in status.sides
    ]


def _item_line(item: Item) -> str:
    number = f" #{item.occurrence}" if item.trigger_label or item.recurring else ""
    return f"{item.id}{number}: {item.owner_name}: {item.what}"


def _detail(item: Item) -> str:
    parts = [f"due {shown(item.due)}"]
    if item.trigger_label and item.trigger is not None and not item.recurring:
        parts.insert(0, f"after {item.trigger_label} on {shown(item.trigger)}")
    if item.done is not None:
        parts.append(f"done {shown(item.done)}")
    if item.state.late:
        parts.append(f"{_days(item.late_business_days)} late")
    if item.moved_business_days:
        parts.append(f"moved {_days(item.moved_business_days)} by a pause")
    if item.state is State.NOT_STARTED and item.due is None and item.trigger_label:
        return f"waits for {item.trigger_label}"
    return ", ".join(parts)


def to_text(status: Status) -> str:
    lines = [heading(status), f"Agreement fingerprint {status.fingerprint}", ""]
    lines += [ball_line(status), "Kept waiting so far:", *waiting_lines(status), ""]
    width = max((len(_LABEL[i.state]) for i in status.items), default=7)
    for item in ordered(status):
        lines.append(f"{_LABEL[item.state]:<{width}}  {_item_line(item)}")
        pad = " " * (width + 2)
        lines.append(f"{pad}{_detail(item)}")
        lines += [f"{pad}applies: {a.text}" for a in item.applies]
    for rid, count in met_recurring(status).items():
        lines.append(f"{_LABEL[State.MET]:<{width}}  {rid}: {count} on time")
    if status.milestones:
        lines += ["", "Milestones:"]
        for m in status.milestones:
            state = f"happened {m.actual.isoformat()}" if m.actual else f"expected {m.expected}"
            moved = f" (moved {_days(m.moved_business_days)})" if m.moved_business_days else ""
            lines.append(f"  {m.planned.isoformat()} planned, {state}{moved}: {m.id}: {m.what}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no pipes, no markup, no line breaks."""
    out = " ".join(text.split())
    for char in "\\`*_[]<>|#!~":
        out = out.replace(char, "\\" + char)
    return out


def to_markdown(status: Status) -> str:
    lines = [
        f"# {_cell(heading(status))}",
        "",
        f"Agreement fingerprint `{status.fingerprint}`.",
        "",
    ]
    lines += [_cell(ball_line(status)), ""]
    lines += ["| side | held the ball | past a deadline |", "| --- | --- | --- |"]
    lines += [
        f"| {_cell(s.name)} | {_days(s.holding_business_days)} | {_days(s.late_business_days)} |"
        for s in status.sides
    ]
    lines += [
        "",
        "| state | responsibility | owner | due | done | late | applies |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for item in ordered(status):
        number = f" #{item.occurrence}" if item.trigger_label or item.recurring else ""
        applies = "; ".join(_cell(a.text) for a in item.applies) or "–"
        lines.append(
            f"| {_LABEL[item.state]} | {_cell(item.id + number)}: {_cell(item.what)} "
            f"| {_cell(item.owner_name)} | {shown(item.due)} "
            f"| {shown(item.done) if item.done else '–'} "
            f"| {item.late_business_days} | {applies} |"
        )
    if status.milestones:
        lines += ["", "| milestone | planned | expected | happened |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {_cell(m.id)}: {_cell(m.what)} | {m.planned} | {m.expected} | {m.actual or '–'} |"
            for m in status.milestones
        ]
    return "\n".join(lines) + "\n"

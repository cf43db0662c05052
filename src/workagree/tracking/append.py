"""Appending to the log: the bytes already in the file stay as they are.

The new entry is written as text after the last one, the whole new file is checked
(it must read back as the old entries plus the new one) and then replaces the old
file atomically, through the project's one writer.
"""

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import UsageError, WorkagreeError, did_you_mean
from ..model import Agreement
from ..spec.characters import is_forbidden
from .log import check_log, read_log
from .model import LogEntry
from .names import describe_targets, event_key, resolve, targets

HEADER = (
    "# What happened in this project, newest last: `workagree log` adds entries\n"
    "# (see docs/tracking.md). Earlier entries are never rewritten.\n"
    "workagree-log: 1\n"
    "entries:\n"
)
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_ITEM = re.compile(r"^( *)- ", re.MULTILINE)


def _scalar(text: str) -> str:
    return text if _PLAIN.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def entry_text(entry: LogEntry, indent: int) -> str:
    """The YAML lines of one entry, as a block list item indented ``indent`` spaces."""
    pad = " " * indent
    lines = [f"{pad}- what: {_scalar(entry.what)}", f"{pad}  on: {entry.on.isoformat()}"]
    if entry.at is not None:
        lines.append(f'{pad}  at: "{entry.at:%H:%M}"')
    if entry.note is not None:
        lines.append(f"{pad}  note: {json.dumps(entry.note, ensure_ascii=False)}")
    if entry.planned:
        lines.append(f"{pad}  planned: true")
    return "\n".join(lines) + "\n"


def appended(existing: str | None, entry: LogEntry) -> str:
    """The log's new text: ``existing`` byte for byte, then the entry."""
    if existing is None or not existing.strip():
        return (existing or "") + HEADER + entry_text(entry, 2)
    items = _ITEM.findall(existing)
    indent = len(items[-1]) if items else 2
    text = existing if existing.endswith("\n") else existing + "\n"
    return text + entry_text(entry, indent)


def new_entry(
    agreement: Agreement,
    what: str,
    on: dt.date,
    *,
    today: dt.date,
    at: dt.time | None = None,
    note: str | None = None,
    planned: bool = False,
) -> LogEntry:
    """A checked entry for ``workagree log``: usage errors (exit 2) say what is wrong."""
    found = resolve(agreement, what)
    if found is None:
        close = did_you_mean(what.strip(), targets(agreement)) or did_you_mean(
            event_key(what), targets(agreement)
        )
        raise UsageError(
            f"'{what[:40]}' is not a responsibility, milestone or event of the agreement"
            + (f" (did you mean '{close}'?)" if close else ""),
            hint=describe_targets(agreement),
        )
    name, target = found
    if planned and target.kind == "responsibility":
        raise UsageError(
            f"'{name}' is a responsibility: it is done or not, never planned",
            hint="drop --planned, or log a milestone or an event",
        )
    if agreement.effective is not None and on < agreement.effective:
        raise UsageError(
            f"{on.isoformat()} is before the agreement started ({agreement.effective.isoformat()})",
            hint="check --on",
        )
    if on > today and not planned:
        raise UsageError(
            f"{on.isoformat()} is in the future (today is {today.isoformat()})",
            hint="log what has happened; add --planned for a planned milestone or event",
        )
    if note is not None and any(is_forbidden(char) for char in note):
        raise UsageError(
            "the note contains a control or text-direction character",
            hint="write the note as plain text",
        )
    data: dict[str, Any] = {"what": name, "on": on}
    if at is not None:
        data["at"] = at
    if note is not None and note.strip():
        data["note"] = note
    if planned:
        data["planned"] = True
    try:
        return LogEntry.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise UsageError(
            f"--{first['loc'][0]}: {first['msg'].removeprefix('Value error, ')}"
        ) from None


def append(
    path: Path, agreement: Agreement, entry: LogEntry, *, today: dt.date, display: str | None = None
) -> int:
    """Add ``entry`` at the end of the log at ``path`` (made if missing); how many entries
    it now has. The log must be valid first; the old bytes are kept as they are."""
    from ..output import write_atomic

    name = display or str(path)
    existing = read_log(path, display=name, missing_ok=True)
    before = 0
    if existing is not None:
        result = check_log(existing, name, agreement, today=today)
        if result.log is None:
            raise WorkagreeError(result.problems)
        before = len(result.log.entries)
    text = appended(existing, entry)
    try:
        after = check_log(text, name, agreement, today=today).log
    except WorkagreeError:
        after = None
    if after is None or after.entries[-1:] != [entry] or len(after.entries) != before + 1:
        raise WorkagreeError.single(
            name,
            "cannot add an entry at the end: `entries:` must be the last key, "
            "written as a block list (one `- what: ...` per entry)",
            "cannot-append",
            hint="move `entries:` to the end of the file and write its items on their own lines",
        )
    write_atomic(path, text)
    return before + 1

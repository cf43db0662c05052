"""Reading, checking and appending to the log of a tracked agreement.

The log is read with the spec's own loader (strict YAML, a source position for every
value), so a log edited by hand gets every problem at once, each at its line and
column. ``append`` adds an entry *textually*: the bytes already in the file stay as
they are, and the new file replaces the old one atomically.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError
from pydantic_core import ErrorDetails, core_schema

from .. import inputs
from ..dates import deadlines
from ..dates.businessdays import START_EVENTS
from ..errors import Problem, Severity, UsageError, WorkagreeError, did_you_mean, suggestion
from ..model import Agreement
from ..spec.characters import is_forbidden
from ..spec.files import NOT_REGULAR, NOT_REGULAR_HINT, NotRegularFile, read_regular
from ..spec.loader import MAX_BYTES, Document, PathKey, decode, loads
from .model import Log, LogEntry

HEADER = (
    "# What happened in this project, newest last: `workagree log` adds entries\n"
    "# (see docs/tracking.md). Earlier entries are never rewritten.\n"
    "workagree-log: 1\n"
    "entries:\n"
)
_ARTICLES = ("each ", "every ", "the ", "a ", "an ")
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_ITEM = re.compile(r"^( *)- ", re.MULTILINE)

Kind = Literal["responsibility", "milestone", "event"]


@dataclass(frozen=True)
class Target:
    """Something a log entry can name: a responsibility, a milestone or an event."""

    kind: Kind
    id: str  # the responsibility or milestone id, or the event as the deadline writes it


def log_path(spec: Path) -> Path:
    """``agreement.log.yaml`` beside ``agreement.yaml``."""
    stem = spec.name.removesuffix(".yaml").removesuffix(".yml") if spec.suffix else spec.name
    return spec.with_name(f"{stem}.log.yaml")


def event_key(text: str) -> str:
    """The short name of an event: ``each draft`` → ``draft``, ``the invoice date`` →
    ``invoice-date``."""
    words = " ".join(text.casefold().split())
    for article in _ARTICLES:
        if words.startswith(article) and len(words) > len(article):
            words = words[len(article) :]
            break
    return words.replace(" ", "-")


def event_of(agreement: Agreement, deadline: deadlines.Deadline | None) -> str | None:
    """The event a deadline counts from, when it happens in the project (not a milestone,
    not the effective date): ``each draft`` for ``5 business days after each draft``."""
    if not isinstance(deadline, deadlines.Within) or deadline.event is None:
        return None
    if agreement.milestone(deadline.event) is not None:
        return None
    if deadline.event.lower() in START_EVENTS:
        return None
    return deadline.event


def targets(agreement: Agreement) -> dict[str, Target]:
    """Every name a log entry may use, to what it names. Responsibilities win a clash,
    then milestones, then events."""
    found: dict[str, Target] = {}
    for item in agreement.responsibilities:
        event = event_of(agreement, item.deadline)
        if event is not None:
            found.setdefault(event_key(event), Target("event", event))
    for milestone in agreement.milestones:
        found[milestone.id] = Target("milestone", milestone.id)
    for item in agreement.responsibilities:
        found[item.id] = Target("responsibility", item.id)
    return found


def resolve(agreement: Agreement, what: str) -> tuple[str, Target] | None:
    """The name a log entry is written with, and what it names; None if nothing."""
    known = targets(agreement)
    for name in (what.strip(), event_key(what)):
        if name in known:
            return name, known[name]
    return None


def describe_targets(agreement: Agreement) -> str:
    known = targets(agreement)
    parts = []
    for kind, label in (
        ("responsibility", "responsibilities"),
        ("milestone", "milestones"),
        ("event", "events"),
    ):
        names = [name for name, target in known.items() if target.kind == kind]
        if names:
            parts.append(f"{label}: {', '.join(names)}")
    return "; ".join(parts)


# -- reading ---------------------------------------------------------------------------


def read_log(path: Path, *, display: str | None = None, missing_ok: bool = False) -> str | None:
    """The log's text, or None when it does not exist and ``missing_ok``."""
    name = display or str(path)
    try:
        raw = read_regular(path, MAX_BYTES + 1)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise WorkagreeError.single(
            name,
            "no such file",
            "file-not-found",
            hint="check the path, or start a log with `workagree log SPEC WHAT --on DATE`",
            exit_code=2,
        ) from None
    except IsADirectoryError:
        raise WorkagreeError.single(
            name, "is a folder, not a file", "not-a-file", hint="name a .yaml file", exit_code=2
        ) from None
    except NotRegularFile:
        raise WorkagreeError.single(
            name, NOT_REGULAR, "not-a-file", hint=NOT_REGULAR_HINT, exit_code=2
        ) from None
    except OSError as exc:
        raise WorkagreeError.single(
            name, f"cannot be read: {exc.strerror or exc}", "unreadable", exit_code=2
        ) from None
    return decode(raw, name)


def _document(text: str, file: str) -> Document | None:
    """The log's YAML, or None when it holds nothing (only comments)."""
    try:
        return loads(text, file)
    except WorkagreeError as exc:
        codes = {p.code for p in exc.problems}
        if codes == {"empty"}:
            return None
        if codes == {"not-a-mapping"}:
            hint = "a log starts with `workagree-log: 1` and `entries:`"
            raise WorkagreeError([dataclasses.replace(exc.problems[0], hint=hint)]) from None
        raise


_BUILTIN = frozenset(core_schema.ErrorType.__args__)  # type: ignore[attr-defined]
_FIELDS = {"": ["workagree-log", "entries"], "entry": list(LogEntry.model_fields)}


def _schema_problem(doc: Document, error: ErrorDetails) -> Problem:
    loc: PathKey = tuple(error["loc"])
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    name = str(loc[-1])[:40] if loc else "the file"
    if kind not in _BUILTIN:
        if "field" in ctx:
            loc = (*loc, ctx["field"])
        return doc.problem(loc, error["msg"], kind.replace("_", "-"), hint=ctx.get("hint"))
    allowed = _FIELDS["entry" if len(loc) >= 3 else ""]
    if kind == "missing":
        example = {"what": "what: draft", "on": "on: 2027-01-20", "workagree-log": ""}.get(name)
        return doc.problem(
            loc[:-1],
            f"'{name}' is missing",
            "missing-key",
            hint=f"add it, e.g. {example}" if example else "add `workagree-log: 1` at the top",
            key=True,
        )
    if kind == "extra_forbidden":
        return doc.problem(
            loc,
            f"unknown key '{name}'{suggestion(name, allowed)}",
            "unknown-key",
            hint="allowed here: " + ", ".join(allowed),
            key=True,
        )
    if kind == "literal_error":
        return doc.problem(loc, "'workagree-log' must be 1", "bad-value", hint="workagree-log: 1")
    if kind in ("string_type", "list_type", "model_type", "dict_type", "bool_type"):
        expected = {
            "string_type": "text",
            "list_type": "a list",
            "bool_type": "true or false",
        }.get(kind, "a mapping")
        return doc.problem(loc, f"'{name}' must be {expected}", "wrong-type")
    message = str(error["msg"]).removeprefix("Value error, ")
    return doc.problem(loc, f"'{name}': {message}", kind.replace("_", "-"))


@dataclass
class LogResult:
    """A checked log: its entries (when it has no errors) and every problem in it."""

    file: str
    log: Log | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


@dataclass(frozen=True)
class _Raw:
    what: str | None
    on: dt.date | None
    planned: bool


def _entries(doc: Document) -> Iterator[tuple[int, _Raw]]:
    """What each entry says, field by field, so that an entry with one bad field still
    has the others checked."""
    raw = doc.data.get("entries")
    for index, value in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(value, dict):
            continue
        what = value.get("what")
        on = value.get("on")
        try:
            day = dt.date.fromisoformat(on.strip()) if isinstance(on, str) else None
        except ValueError:
            day = None
        yield (
            index,
            _Raw(
                what.strip() if isinstance(what, str) and what.strip() else None,
                day,
                value.get("planned") is True,
            ),
        )


def _entry_problems(doc: Document, agreement: Agreement, today: dt.date) -> Iterator[Problem]:
    known = describe_targets(agreement)
    for index, entry in _entries(doc):
        base = ("entries", index)
        found = None if entry.what is None else resolve(agreement, entry.what)
        if entry.what is not None and found is None:
            yield doc.problem(
                (*base, "what"),
                f"'{entry.what[:40]}' is not a responsibility, milestone or event of the "
                f"agreement{suggestion(entry.what, targets(agreement))}",
                "unknown-target",
                hint=known,
            )
        elif found is not None and entry.planned and found[1].kind == "responsibility":
            yield doc.problem(
                (*base, "planned"),
                f"'{entry.what}' is a responsibility: it is done or not, never planned",
                "planned-responsibility",
                hint="remove `planned: true`; plan milestones and events only",
            )
        if entry.on is None:
            continue
        if agreement.effective is not None and entry.on < agreement.effective:
            yield doc.problem(
                (*base, "on"),
                f"{entry.on.isoformat()} is before the agreement started "
                f"({agreement.effective.isoformat()})",
                "before-effective",
                hint="check the date; the log records what happened under the agreement",
            )
        if entry.on > today and not entry.planned:
            yield doc.problem(
                (*base, "on"),
                f"{entry.on.isoformat()} is in the future (today is {today.isoformat()})",
                "future-date",
                severity=Severity.WARNING,
                hint="log what has happened (status leaves it out until then); "
                "for a planned date add `planned: true`",
            )


def check_log(text: str, file: str, agreement: Agreement | None, *, today: dt.date) -> LogResult:
    """Check a log's text against its agreement; every problem at once, never raising for
    problems inside the file (only when it is not YAML at all)."""
    doc = _document(text, file)
    if doc is None:
        return LogResult(file, Log.model_validate({"workagree-log": 1}))
    log: Log | None = None
    problems: list[Problem] = []
    try:
        log = Log.model_validate(doc.data)
    except ValidationError as exc:
        problems += [_schema_problem(doc, error) for error in exc.errors()]
    if agreement is not None:
        problems += list(_entry_problems(doc, agreement, today))
    errors = any(p.severity is Severity.ERROR for p in problems)
    return LogResult(file, None if errors else log, _ordered(problems))


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def load_log(
    path: Path, agreement: Agreement, *, today: dt.date, display: str | None = None
) -> Log:
    """Read and check a log; :class:`WorkagreeError` with every problem when it has errors."""
    name = display or str(path)
    text = read_log(path, display=name)
    assert text is not None
    inputs.note(path, "the log")
    result = check_log(text, name, agreement, today=today)
    if result.log is None:
        raise WorkagreeError(result.problems)
    return result.log


def log_or_empty(path: Path, agreement: Agreement, *, today: dt.date) -> Log:
    """The log beside a spec, or an empty one when there is none."""
    if not path.exists():
        return Log.model_validate({"workagree-log": 1})
    return load_log(path, agreement, today=today)


# -- appending -------------------------------------------------------------------------


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

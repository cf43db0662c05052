"""Reading and checking the log of a tracked agreement.

The log is read with the spec's own loader (strict YAML, a source position for every
value), so a log edited by hand gets every problem at once, each at its line and
column, as the spec's problems are reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails, core_schema

from .. import inputs
from ..errors import Problem, Severity, WorkagreeError, suggestion
from ..model import Agreement
from ..spec.loader import Document, PathKey, decode, loads, read_source
from .model import Log, LogEntry
from .names import describe_targets, resolve, targets


def read_log(path: Path, *, display: str | None = None, missing_ok: bool = False) -> str | None:
    """The log's text, or None when it does not exist and ``missing_ok``."""
    name = display or str(path)
    try:
        raw = read_source(
            path,
            display=name,
            noted=None,  # `log` appends to it
            missing_hint="check the path, or start a log with `workagree log SPEC WHAT --on DATE`",
        )
    except WorkagreeError as exc:
        if missing_ok and exc.problems[0].code == "file-not-found":
            return None
        raise
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

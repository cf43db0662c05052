"""The checks: a loaded document to a typed Agreement plus every problem found in it.

Schema problems come from the pydantic models and are mapped back to lines and
columns through the loader's source map. Cross-reference checks (owners are
parties, consequences exist, ids are unique...) and warnings run on the loaded
data, so that one run reports every problem in the file, not just the first kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, get_args

import yaml
from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails, core_schema

from ..dates import deadlines
from ..errors import Problem, Severity, suggestion
from ..locales import SUPPORTED_LOCALES
from ..model import Agreement
from ..model.agreement import Agreement as _Agreement
from .datechecks import business_hours_problems, date_problems
from .holidaychecks import holiday_problems
from .loader import Document, PathKey

# Pydantic's own error types; any other type is a model's custom error, which carries its
# message, its hint and (``field``) the key it is about. The models hold that knowledge.
_BUILTIN_ERRORS = frozenset(get_args(core_schema.ErrorType))


@dataclass
class Result:
    """What checking a document found: the agreement (if it has no errors) and every problem."""

    document: Document
    agreement: Agreement | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def _shorten(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return "text"


def _model_at(loc: tuple[Any, ...]) -> Any:
    """The model class of the mapping that holds ``loc``'s last key, or None."""
    from pydantic import BaseModel

    model: Any = _Agreement
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            if model is _Agreement and part != "parties":
                return None
            continue
        annotation = fields[part].annotation
        args = getattr(annotation, "__args__", ())
        candidates = [annotation, *args]
        for arg in list(candidates):
            candidates += list(getattr(arg, "__args__", ()))
        model = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
        )
        if model is None:
            return None
    return model


def _model_fields(loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at the mapping containing ``loc``'s last key."""
    return list(getattr(_model_at(loc), "model_fields", {}))


def _field(loc: tuple[Any, ...]) -> FieldInfo | None:
    """The model field ``loc`` names, with its description and examples."""
    fields = getattr(_model_at(loc), "model_fields", {})
    return fields.get(loc[-1]) if loc else None


def _example(loc: tuple[Any, ...]) -> str | None:
    """The field's first example, written as the YAML a user would type."""
    field = _field(loc)
    if field is None or not field.examples:
        return None
    example = field.examples[0]
    if not isinstance(example, dict | list):
        return f"{loc[-1]}: {example}"
    text = yaml.safe_dump(
        {loc[-1]: example},
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1000,
    )
    return text.strip()


def _schema_problem(doc: Document, error: ErrorDetails) -> Problem:
    loc: PathKey = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    name = _shorten(loc[-1]) if loc else "the file"
    where = doc.problem
    if kind not in _BUILTIN_ERRORS:  # a model's own error: message, hint and place are its own
        if "field" in ctx:
            loc = (*loc, ctx["field"])
        code = str(ctx.get("code") or kind.replace("_", "-"))
        return where(loc, error["msg"], code, hint=str(ctx.get("hint") or "") or None)
    if kind == "missing":
        example = _example(loc)
        return where(
            loc[:-1],
            f"'{name}' is missing",
            "missing-key",
            hint=f"add it, e.g.\n{example}" if example else "add it",
            key=True,
        )
    if kind == "extra_forbidden":
        choices = _model_fields(loc)
        return where(
            loc,
            f"unknown key '{name}'{suggestion(name, choices)}",
            "unknown-key",
            hint="allowed here: " + ", ".join(choices) if choices else "remove it",
            key=True,
        )
    if kind in ("string_type", "str_type") and loc in doc.plain_numbers:
        raw = _shorten(doc.plain_numbers[loc])
        return where(
            loc,
            f"{raw} was read as a number, but '{name}' is text",
            "quote-number",
            hint=f'put it in quotes so it is kept exactly as written: {name}: "{raw}"',
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        choices = [c.strip() for c in expected.replace(" or ", ",").split(",") if c.strip()]
        shown = _shorten(
            value if isinstance(value, str) else doc.plain_numbers.get(loc, _kind(value))
        )
        return where(
            loc,
            f"'{shown}' is not allowed for '{name}'"
            + (suggestion(value, choices) if isinstance(value, str) else ""),
            "bad-value",
            hint=f"use one of: {', '.join(choices)}",
        )
    if kind == "string_pattern_mismatch":
        example = _example(loc)
        return where(
            loc,
            f"'{_shorten(value)}' is not a valid {name}",
            "bad-value",
            hint=f"for example:\n{example}" if example else None,
        )
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return where(
            loc,
            f"'{name}' is {len(value):,} characters long; the limit is {limit}",
            "too-long",
            hint="a one-page agreement needs short sentences; move detail into `terms`",
        )
    if kind in ("string_too_short", "too_short"):
        what = "text" if kind == "string_too_short" else "entries"
        need = ctx.get("min_length", 1)
        return where(
            loc,
            f"'{name}' needs at least {need} {'character' if what == 'text' else 'entries'}"
            if need != 1 or what != "text"
            else f"'{name}' is empty",
            "too-short",
            hint=f"fill in '{name}'",
        )
    if kind in ("string_type", "dict_type", "list_type", "model_type", "model_attributes_type"):
        expected = {"string_type": "text", "dict_type": "a mapping", "list_type": "a list"}.get(
            kind, "a mapping"
        )
        return where(
            loc,
            f"'{name}' must be {expected}, not {_kind(value)}",
            "wrong-type",
            hint="check the indentation" if expected != "text" else None,
        )
    message = error["msg"].removeprefix("Value error, ")
    return where(loc, f"'{name}': {message}", kind.replace("_", "-"))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _cross_checks(doc: Document) -> Iterator[Problem]:
    data = doc.data
    parties = _mapping(data.get("parties"))
    party_ids = list(parties)
    roles = {
        pid: p["role"]
        for pid, p in parties.items()
        if isinstance(p, dict) and isinstance(p.get("role"), str)
    }
    consequences = _mapping(data.get("consequences"))
    milestones = {
        str(m.get("id")): index for index, m in _items(data.get("milestones")) if "id" in m
    }
    if parties and len(roles) == len(parties) and set(roles.values()) <= {"provider", "client"}:
        for role in ("provider", "client"):
            if role not in roles.values():
                yield doc.problem(
                    ("parties",),
                    f"no party has role: {role}",
                    "missing-role",
                    hint="an agreement is mutual: give at least one party each role",
                    key=True,
                )
    seen: dict[str, int] = {}
    for index, milestone in _items(data.get("milestones")):
        mid = milestone.get("id")
        if isinstance(mid, str) and mid in seen and seen[mid] != index:
            first = doc.span_of(("milestones", seen[mid], "id"))
            yield doc.problem(
                ("milestones", index, "id"),
                f"milestone id '{_shorten(mid)}' is used twice"
                + (f" (first on line {first.line})" if first else ""),
                "duplicate-id",
                hint="give each milestone its own id",
            )
        elif isinstance(mid, str):
            seen[mid] = index
    used_consequences: set[str] = set()
    owners_used: set[str] = set()
    seen = {}
    for index, item in _items(data.get("responsibilities")):
        base = ("responsibilities", index)
        rid = item.get("id")
        if isinstance(rid, str):
            if rid in seen:
                first = doc.span_of(("responsibilities", seen[rid], "id"))
                yield doc.problem(
                    (*base, "id"),
                    f"responsibility id '{_shorten(rid)}' is used twice"
                    + (f" (first on line {first.line})" if first else ""),
                    "duplicate-id",
                    hint="give each responsibility its own id; `diff` matches versions by id",
                )
            else:
                seen[rid] = index
        owner = item.get("owner")
        if isinstance(owner, str) and parties:
            owners_used.add(owner)
            if owner not in parties:
                yield doc.problem(
                    (*base, "owner"),
                    f"owner '{_shorten(owner)}' is not a party{suggestion(owner, party_ids)}",
                    "unknown-party",
                    hint="parties: " + ", ".join(party_ids),
                )
        missed = item.get("if_missed")
        refs = [missed] if isinstance(missed, str) else missed if isinstance(missed, list) else []
        for ref_index, ref in enumerate(refs):
            if not isinstance(ref, str):
                continue
            used_consequences.add(ref)
            if ref not in consequences:
                path = (
                    (*base, "if_missed")
                    if isinstance(missed, str)
                    else (*base, "if_missed", ref_index)
                )
                known = list(consequences)
                yield doc.problem(
                    path,
                    f"consequence '{_shorten(ref)}' is not defined{suggestion(ref, known)}",
                    "unknown-consequence",
                    hint=f"define it under `consequences:` ({', '.join(known)})"
                    if known
                    else "define it under `consequences:`",
                )
        if "if_missed" not in item or not refs:
            yield doc.problem(
                base,
                f"responsibility '{_shorten(rid)}' says nothing about what happens if it is missed",
                "no-consequence",
                severity=Severity.WARNING,
                hint="add `if_missed:` with a consequence id",
            )
        yield from _deadline_checks(doc, base, item.get("deadline"), milestones)
    # A misspelt owner is reported as an error; a one-sided warning on top would be noise.
    typos = owners_used - set(parties)
    for pid in parties:
        if not typos and pid not in owners_used and isinstance(parties[pid], dict):
            yield doc.problem(
                ("parties", pid),
                f"party '{_shorten(pid)}' owns no responsibility: the agreement is one-sided",
                "one-sided",
                severity=Severity.WARNING,
                hint="list what this party owes too; a fair agreement binds both sides",
                key=True,
            )
    for cid in consequences:
        if cid not in used_consequences:
            yield doc.problem(
                ("consequences", cid),
                f"consequence '{_shorten(cid)}' is never used",
                "unused-consequence",
                severity=Severity.WARNING,
                hint="refer to it from a responsibility's `if_missed`, or remove it",
                key=True,
            )


def _calendar_checks(doc: Document) -> Iterator[Problem]:
    calendar = _mapping(doc.data.get("calendar"))
    if calendar.get("subdivision") is not None and calendar.get("country") is None:
        yield doc.problem(
            ("calendar", "subdivision"),
            "'subdivision' needs a 'country'",
            "subdivision",
            hint="add the country too, e.g. country: DE with subdivision: BY",
        )


def _locale_checks(doc: Document) -> Iterator[Problem]:
    """A language whose catalog misses messages: those parts come out in English."""
    locale = doc.data.get("locale")
    if not isinstance(locale, str) or locale not in SUPPORTED_LOCALES:
        return
    from ..i18n.coverage import untranslated

    missing = untranslated(locale)
    if missing:
        shown = ", ".join(f"'{_shorten(msgid)}'" for msgid in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        yield doc.problem(
            ("locale",),
            f"the '{locale}' catalog does not translate {len(missing)} "
            f"message{'s' if len(missing) != 1 else ''} ({shown}{more}), so "
            f"{'it is' if len(missing) == 1 else 'they are'} written in English",
            "missing-translation",
            severity=Severity.WARNING,
            hint=f"translate them in src/workagree/i18n/catalogs/{locale}.po "
            "(see docs/translating.md)",
        )


def _deadline_checks(
    doc: Document, base: PathKey, raw: Any, milestones: dict[str, int]
) -> Iterator[Problem]:
    if not isinstance(raw, str):
        return
    try:
        deadline = deadlines.parse(raw)
    except deadlines.DeadlineSyntaxError:
        return  # reported by the schema
    if not isinstance(deadline, deadlines.Within):
        return
    if deadline.ambiguous:
        yield doc.problem(
            (*base, "deadline"),
            f"'{_shorten(raw)}' is ambiguous: business days or calendar days?",
            "ambiguous-days",
            severity=Severity.WARNING,
            hint=f"write '{deadline.amount} business days' or '{deadline.amount} calendar days'",
        )
    event = deadline.event
    if event and event not in milestones and " " not in event and milestones:
        close = suggestion(event, milestones)
        if close:
            yield doc.problem(
                (*base, "deadline"),
                f"'{_shorten(event)}' is not a milestone{close}",
                "unknown-milestone",
                hint="milestones: " + ", ".join(milestones),
            )


def check(doc: Document) -> Result:
    """Check a loaded document: schema, references, and warnings. Never raises for bad input."""
    problems: list[Problem] = []
    agreement: Agreement | None = None
    try:
        agreement = Agreement.model_validate(doc.data)
    except ValidationError as exc:
        problems += [_schema_problem(doc, error) for error in exc.errors()]
    problems += list(_cross_checks(doc))
    problems += list(_calendar_checks(doc))
    problems += list(_locale_checks(doc))
    if agreement is not None:
        problems += list(date_problems(doc, agreement))
        problems += list(business_hours_problems(doc, agreement))
        problems += list(holiday_problems(doc, agreement))
    unique: dict[tuple[Any, ...], Problem] = {}
    for problem in problems:
        unique.setdefault((problem.line, problem.column, problem.code, problem.message), problem)
    ordered = sorted(
        unique.values(), key=lambda p: (p.line or 0, p.column or 0, p.severity != Severity.ERROR)
    )
    errors = any(p.severity is Severity.ERROR for p in ordered)
    return Result(doc, None if errors else agreement, ordered)

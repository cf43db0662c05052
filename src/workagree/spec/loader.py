"""Loading: YAML text to plain data plus the source position of every key and value.

Hostile input is normal input here. The loader reads the YAML *event stream*
(never constructing arbitrary objects) and builds the data itself, so that:

* only one document, only mappings, sequences and scalars; no anchors, aliases
  or tags (aliases make "billion laughs" blow-ups possible);
* plain scalars follow a small, predictable schema: ``true``/``false``, ``null``
  and ``~``, decimal integers and floats. ``no``, ``on``, ``yes``, ``1:30`` and
  ``2027-01-11`` stay text; dates are validated by the model;
* duplicate keys, deep nesting, oversized, binary and non-UTF-8 files each get
  a clear problem with a line and column, never a traceback or a hang.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .. import inputs
from ..errors import Problem, Severity, WorkagreeError
from .characters import FORBIDDEN, HINT, is_forbidden, message
from .files import NOT_REGULAR, NOT_REGULAR_HINT, NotRegularFile, read_regular

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
TOO_DEEP = f"the file is nested more than {MAX_DEPTH} levels deep"
TOO_DEEP_HINT = "an agreement needs only a few levels; check the indentation"
MAX_INT_DIGITS = 15

PathKey = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR_TAGS = {"tag:yaml.org,2002:str"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_MAX_CHAR_PROBLEMS = 20

try:  # libyaml's parser is much faster; the pure-Python one behaves the same.
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader


@dataclass(frozen=True)
class Span:
    """Where something is in the source text (1-based lines and columns)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass
class Document:
    """A loaded YAML file: its data and where each piece of it came from."""

    file: str
    text: str
    data: dict[str, Any]
    values: dict[PathKey, Span] = field(default_factory=dict)
    keys: dict[PathKey, Span] = field(default_factory=dict)
    plain_numbers: dict[PathKey, str] = field(default_factory=dict)

    def source_line(self, line: int) -> str | None:
        return _source_line(self.text, line)

    def span_of(self, path: PathKey, *, key: bool = False) -> Span | None:
        """The closest known position for ``path`` (walking up to a parent if needed)."""
        table = self.keys if key else self.values
        probe = tuple(path)
        if probe in table:
            return table[probe]
        while probe:
            if probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
            if probe in self.values:
                return self.values[probe]
        return self.values.get(())

    def problem(
        self,
        path: PathKey,
        message: str,
        code: str,
        *,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        key: bool = False,
    ) -> Problem:
        """A problem pointing at ``path`` in this document."""
        span = self.span_of(path, key=key)
        return _problem_at(
            self.file, self.text, span, message, code, hint=hint, severity=severity, path=path
        )


def format_path(path: PathKey) -> str:
    """``responsibilities[1].owner`` for ``("responsibilities", 1, "owner")``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _problem_at(
    file: str,
    text: str,
    span: Span | None,
    message: str,
    code: str,
    *,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
    path: PathKey = (),
) -> Problem:
    if span is None:
        return Problem(
            file=file,
            message=message,
            code=code,
            severity=severity,
            hint=hint,
            path=format_path(path),
        )
    source = _source_line(text, span.line)
    width = 1
    if source is not None:
        end = span.end_column if span.end_line == span.line else len(source) + 1
        width = max(1, min(end, len(source) + 1) - span.column)
    return Problem(
        file=file,
        message=message,
        code=code,
        severity=severity,
        line=span.line,
        column=span.column,
        path=format_path(path),
        hint=hint,
        source_line=source,
        width=width,
    )


@lru_cache(maxsize=8)
def _lines(text: str) -> tuple[str, ...]:
    # Split once per text, not once per problem: a file with 20,000 problems would
    # otherwise be split 20,000 times (quadratic in the file's size).
    return tuple(text.splitlines())


def _source_line(text: str, line: int) -> str | None:
    lines = _lines(text)
    return lines[line - 1] if 0 < line <= len(lines) else None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def read_source(
    path: Path,
    *,
    display: str | None = None,
    noted: str | None = "the spec",
    missing_hint: str = "check the path, or create one with `workagree new`",
) -> bytes:
    """Read a spec's bytes, refusing what is not a readable, reasonably sized file.

    ``noted`` names the file among the command's inputs (which nothing may write over);
    None leaves it out, for a file the command itself appends to (the log).
    """
    name = display or str(path)
    try:
        raw = read_regular(path, MAX_BYTES + 1)
        if noted is not None:
            inputs.note(path, noted)
    except IsADirectoryError:
        raise WorkagreeError.single(
            name, "is a folder, not a file", "not-a-file", hint="name a .yaml file", exit_code=2
        ) from None
    except NotRegularFile:
        raise WorkagreeError.single(
            name, NOT_REGULAR, "not-a-file", hint=NOT_REGULAR_HINT, exit_code=2
        ) from None
    except FileNotFoundError:
        raise WorkagreeError.single(
            name,
            "no such file",
            "file-not-found",
            hint=missing_hint,
            exit_code=2,
        ) from None
    except PermissionError:
        raise WorkagreeError.single(
            name,
            "permission denied",
            "unreadable",
            hint="check the file's permissions",
            exit_code=2,
        ) from None
    except OSError as exc:
        raise WorkagreeError.single(
            name, f"cannot be read: {exc.strerror or exc}", "unreadable", exit_code=2
        ) from None
    return raw


def decode(raw: bytes, file: str) -> str:
    """Bytes to text: UTF-8 only (a UTF-8 byte-order mark is allowed), within the size limit."""
    if len(raw) > MAX_BYTES:
        raise WorkagreeError.single(
            file,
            f"is larger than {MAX_BYTES // 1024} KiB; an agreement is a one-page document",
            "too-large",
            hint="check that this is the right file",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WorkagreeError.single(
            file,
            "is UTF-16 text; workagree reads UTF-8",
            "encoding",
            hint="save the file as UTF-8 (most editors: File > Save with Encoding > UTF-8)",
        )
    if b"\x00" in raw:
        raise WorkagreeError.single(
            file,
            "contains NUL bytes: it is a binary file (or UTF-16/32 text), not YAML",
            "binary",
            hint="check that this is the right file, and save it as UTF-8 text",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = _position(good, len(good))
        raise WorkagreeError(
            [
                Problem(
                    file=file,
                    message=f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start})",
                    code="encoding",
                    line=line,
                    column=column,
                    hint="save the file as UTF-8; it looks like Latin-1 or Windows-1252 text",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _check_characters(text: str, file: str) -> list[Problem]:
    """Forbidden characters written as they are (a carriage return ends a line here)."""
    problems: list[Problem] = []
    for match in FORBIDDEN.finditer(text):
        char = match.group()
        if char == "\r":
            continue
        line, column = _position(text, match.start())
        span = Span(line, column, line, column + 1)
        problems.append(_problem_at(file, text, span, message(char), "bad-character", hint=HINT))
        if len(problems) >= _MAX_CHAR_PROBLEMS:
            break
    return problems


def _blanked(text: str) -> str:
    """``text`` with its forbidden characters made spaces, so that the rest can still be parsed."""
    return FORBIDDEN.sub(lambda match: "\r" if match.group() == "\r" else " ", text)


# YAML's one-letter escapes in double-quoted scalars, and what they stand for.
_SIMPLE_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _escapes(quoted: str) -> Iterator[tuple[int, str, str]]:
    """Each escape in a double-quoted scalar's source: (offset, ``\\e``, the character)."""
    index = quoted.find("\\")
    while index != -1:
        kind = quoted[index + 1 : index + 2]
        digits = _HEX_ESCAPES.get(kind, 0)
        sequence = quoted[index : index + 2 + digits]
        char = _SIMPLE_ESCAPES.get(kind, "")
        if digits:
            try:
                char = chr(int(sequence[2:], 16))
            except ValueError:  # not a character; the YAML parser reports it
                char = ""
        yield index, sequence, char
        index = quoted.find("\\", index + len(sequence))


def _escaped_characters(event: Any, parsed: str, text: str, file: str) -> list[Problem]:
    """Forbidden characters in a scalar's value, which only YAML escapes can put there.

    Each is reported at its escape (the backslash of ``\\e``) when the scalar is
    double-quoted, else at the start of the scalar.
    """
    span = _span(event)
    start = _offset(parsed, span.line, span.column)
    source = parsed[start : _offset(parsed, span.end_line, span.end_column)]
    problems = []
    for index, sequence, char in _escapes(source) if event.style == '"' else ():
        if not is_forbidden(char):
            continue
        line = span.line + source.count("\n", 0, index)
        column = index - source.rfind("\n", 0, index) if line > span.line else span.column + index
        at = Span(line, column, line, column + len(sequence))
        hint = f"delete the escape {sequence}"
        problems.append(_problem_at(file, text, at, message(char), "bad-character", hint=hint))
    if not problems:
        char = FORBIDDEN.findall(event.value)[0]
        problems.append(_problem_at(file, text, span, message(char), "bad-character", hint=HINT))
    return problems


def _offset(text: str, line: int, column: int) -> int:
    """The index of a 1-based line and column in ``text`` (its end if there is no such line)."""
    index = 0
    for _ in range(line - 1):
        index = text.find("\n", index) + 1
        if not index:
            return len(text)
    return index + column - 1


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _scalar(event: Any) -> tuple[Any, bool]:
    """The Python value of a scalar event, and whether it is a plain number."""
    value: str = event.value
    if not event.implicit[0] or event.style or event.tag in _STR_TAGS:
        return value, False
    if value in _NULL:
        return None, False
    if value in _BOOL:
        return _BOOL[value], False
    if _INT.fullmatch(value):
        if len(value.lstrip("+-")) > MAX_INT_DIGITS:
            return value, True
        return int(value), True
    if _FLOAT.fullmatch(value):
        return float(value), True
    return value, False


# What YAML opened and never closed, by the parser's context, and what closes it.
_UNCLOSED = {
    "while scanning a quoted scalar": ("quote", None),
    "while parsing a flow mapping": ("'{'", "}"),
    "while parsing a flow sequence": ("'['", "]"),
}


def _unclosed(exc: yaml.YAMLError, file: str, text: str) -> Problem | None:
    """A problem at the quote or bracket that was opened and never closed, if that is the
    error: the parser notices only where the file (or the value) ends, lines later."""
    context, opened = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    ended = getattr(exc, "problem_mark", None)
    if context not in _UNCLOSED or opened is None or ended is None:
        return None
    what, closer = _UNCLOSED[context]
    line, column = opened.line + 1, opened.column + 1
    source = text.splitlines()[opened.line] if opened.line < len(text.splitlines()) else ""
    char = source[opened.column : opened.column + 1] or '"'
    if closer is None:
        what, closer = f"this quote ({char})", char
    else:
        what = f"this {what}"
    where = (
        "before the end of the file"
        if "end of stream" in str(getattr(exc, "problem", ""))
        else f"(line {ended.line + 1}, column {ended.column + 1} needed a ',' or '{closer}')"
    )
    return _problem_at(
        file,
        text,
        Span(line, column, line, column + 1),
        f"{what} is never closed {where}",
        "yaml-syntax",
        hint=f"close it with {closer} at the end of the value on line {line}",
    )


def _syntax_problem(exc: yaml.YAMLError, file: str, text: str) -> Problem:
    unclosed = _unclosed(exc, file, text)
    if unclosed is not None:
        return unclosed
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    raw = (getattr(exc, "problem", None) or str(exc)).strip()
    context = getattr(exc, "context", None)
    hint = None
    code = "yaml-syntax"
    message = f"YAML syntax error: {raw}"
    lines = text.splitlines()
    at = ""
    if mark is not None and mark.line < len(lines) and mark.column < len(lines[mark.line]):
        at = lines[mark.line][mark.column]
    if at == "\t" or "'\\t'" in raw:
        message = "a tab character is used for indentation"
        hint = "YAML indentation must use spaces; replace the tab with spaces"
    elif "mapping values are not allowed" in raw:
        message = "a ':' here starts a mapping where none can start"
        hint = 'if the value contains ": ", put it in quotes: key: "text: more text"'
    elif "could not find expected ':'" in raw:
        message = "a key is missing its ':'"
        hint = "write `key: value`; if this line continues the previous value, indent it more"
    elif "did not find expected key" in raw or "expected <block end>" in raw:
        message = "this line's indentation does not match the lines around it"
        hint = "line up keys of the same mapping at the same column"
    elif "maximum nesting depth" in raw:  # libyaml's own limit, reached while scanning ahead
        message, code = TOO_DEEP, "too-deep"
        hint = TOO_DEEP_HINT
    elif "found undefined alias" in raw or "found unknown escape" in raw:
        hint = "put the value in single quotes if it should be literal text"
    elif context:
        message = f"YAML syntax error: {raw} ({context})"
    if hint is None:
        hint = "check the quotes, colons and indentation around this point"
    line = column = None
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    span = Span(line, column, line, column + 1) if line is not None and column is not None else None
    return _problem_at(file, text, span, message, code, hint=hint)


class _TooDeep(Exception):
    def __init__(self, span: Span) -> None:
        self.span = span


def _events(text: str) -> Iterator[Any]:
    parser = _Parser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def _build(text: str, file: str, parsed: str | None = None) -> tuple[Any, Document, list[Problem]]:
    """Build data from the event stream of ``parsed`` (default ``text``).

    Returns (data, document, problems); problems quote ``text``.
    """
    parsed = text if parsed is None else parsed
    doc = Document(file=file, text=text, data={})
    problems: list[Problem] = []
    root: Any = None
    documents = 0
    escaped = 0
    # Stack entries: [container, path, pending_key, seen_keys]
    stack: list[list[Any]] = []

    def err(span: Span | None, message: str, code: str, hint: str | None = None) -> None:
        problems.append(_problem_at(file, text, span, message, code, hint=hint))

    def attach(value: Any, span: Span, plain_number: str | None) -> PathKey | None:
        nonlocal root
        if not stack:
            root = value
            doc.values[()] = span
            return ()
        top = stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
        else:
            key = top[2]
            if key is None:  # this value is a key
                if isinstance(value, dict | list):
                    err(span, "a key must be plain text, not a mapping or list", "bad-key")
                    top[2] = ("", span)
                    return None
                text_key = (
                    ""
                    if value is None
                    else str(value)
                    if not isinstance(value, bool)
                    else ("true" if value else "false")
                )
                top[2] = (text_key, span)
                return None
            name, key_span = key
            top[2] = None
            child = (*path, name)
            seen: dict[str, Span] = top[3]
            if name in seen:
                first = seen[name]
                err(
                    key_span,
                    f"duplicate key '{name}' (first written on line {first.line})",
                    "duplicate-key",
                    "remove one of them or merge their contents",
                )
            else:
                seen[name] = key_span
                container[name] = value
            doc.keys[child] = key_span
        doc.values[child] = span
        if plain_number is not None:
            doc.plain_numbers[child] = plain_number
        return child

    try:
        for event in _events(parsed):
            kind = type(event).__name__
            if kind == "DocumentStartEvent":
                documents += 1
                if documents == 2:
                    err(
                        _span(event),
                        "a second YAML document starts here ('---')",
                        "multiple-documents",
                        "keep one agreement per file",
                    )
                continue
            if documents > 1 or kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                continue
            if kind == "AliasEvent":
                err(
                    _span(event),
                    f"aliases (*{event.anchor}) are not supported",
                    "alias",
                    "write the value out in full",
                )
                attach(None, _span(event), None)
                continue
            if getattr(event, "anchor", None) is not None:
                err(
                    _span(event),
                    f"anchors (&{event.anchor}) are not supported",
                    "alias",
                    "remove the anchor and write repeated values out in full",
                )
            tag = getattr(event, "tag", None)
            if kind == "ScalarEvent":
                if (
                    tag is not None
                    and not event.implicit[0]
                    and not event.implicit[1]
                    and (tag not in _STR_TAGS)
                ):
                    err(_span(event), f"tags ({tag}) are not supported", "tag", "remove the tag")
                if escaped < _MAX_CHAR_PROBLEMS and FORBIDDEN.search(event.value):
                    found = _escaped_characters(event, parsed, text, file)
                    escaped += len(found)  # past the cap, not located: that costs per line
                    problems.extend(found)
                value, number = _scalar(event)
                attach(value, _span(event), event.value if number else None)
                continue
            if kind in ("MappingStartEvent", "SequenceStartEvent"):
                if tag is not None and not event.implicit and tag not in _COLLECTION_TAGS:
                    err(_span(event), f"tags ({tag}) are not supported", "tag", "remove the tag")
                if len(stack) >= MAX_DEPTH:
                    raise _TooDeep(_span(event))
                container: Any = {} if kind == "MappingStartEvent" else []
                path = attach(container, _span(event), None)
                stack.append([container, path if path is not None else ("?",), None, {}])
                continue
            if kind in ("MappingEndEvent", "SequenceEndEvent"):
                stack.pop()
    except _TooDeep as deep:
        err(
            deep.span,
            TOO_DEEP,
            "too-deep",
            TOO_DEEP_HINT,
        )
        return None, doc, problems
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, file, text))
        return None, doc, problems
    return root, doc, problems


def _position_of(problem: Problem) -> tuple[int, int]:
    return problem.line or 0, problem.column or 0


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most ``_MAX_CHAR_PROBLEMS`` bad characters: a file full of them is one mistake."""
    kept, characters = [], 0
    for problem in problems:
        characters += problem.code == "bad-character"
        if problem.code != "bad-character" or characters <= _MAX_CHAR_PROBLEMS:
            kept.append(problem)
    return kept


def loads(text: str, file: str = "<string>") -> Document:
    """Load YAML text into a :class:`Document`, or raise :class:`WorkagreeError`.

    Every problem the loader can see is collected before raising.
    """
    written = _check_characters(text, file)
    data, doc, problems = _build(text, file, _blanked(text) if written else None)
    if written:  # the file's other problems can wait: those characters may be their cause
        escaped = [p for p in problems if p.code == "bad-character"]
        problems = sorted([*written, *escaped], key=_position_of)
    problems = _capped(problems)
    if problems:
        raise WorkagreeError(problems)
    if data is None:
        raise WorkagreeError.single(
            file,
            "is empty: there is no agreement in it",
            "empty",
            hint="start with `workagree: 1`, or create a first agreement with `workagree new`",
        )
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise WorkagreeError(
            [
                doc.problem(
                    (),
                    f"the top level is {kind}; it must be a mapping of keys",
                    "not-a-mapping",
                    hint="an agreement starts with `workagree: 1` followed by `project:`, "
                    "`parties:` and `responsibilities:`",
                )
            ]
        )
    doc.data = data
    return doc


def load_path(path: Path | str, *, display: str | None = None) -> Document:
    """Read and load a spec file."""
    path = Path(path)
    name = display or str(path)
    return loads(decode(read_source(path, display=name), name), name)

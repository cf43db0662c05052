"""Build settings: `workagree.toml`, or `[tool.workagree]` in pyproject.toml.

Every setting is checked here, once, and every bad one is reported together, each
pointing at its line, as a usage error (exit 2): a wrong type or shape would otherwise
surface later as a crash. ``include`` patterns must stay inside the project folder
(no absolute paths, no ``..``), because the outputs mirror the specs' paths inside the
project under ``--out``: a spec outside the project has no such path.
An unreadable or non-UTF-8 settings file is a usage error too, not silently skipped:
a build that ignored its settings would write somewhere the user did not ask for.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .. import inputs
from ..errors import Problem, UsageError, WorkagreeError
from ..formats import FORMATS, listed
from ..locales import SUPPORTED_LOCALES
from ..rendering.request import PAGES
from ..spec.files import NOT_REGULAR, NOT_REGULAR_HINT, NotRegularFile, read_regular

NAMES = ("workagree.toml", "pyproject.toml")
_TABLE_HEADER = re.compile(r"^\s*\[\s*tool\.workagree\s*\]", re.MULTILINE)


@dataclass
class Config:
    """Build settings from `[tool.workagree]` in pyproject.toml, or workagree.toml."""

    include: list[str] = field(default_factory=list)
    out: str | None = None
    formats: list[str] = field(default_factory=list)
    theme: str | None = None
    locale: str | None = None
    page: str | None = None
    fit: bool | None = None
    embed_source: bool | None = None
    source: Path | None = None


def _strings(value: Any) -> list[str] | None:
    """A string (comma-separated for formats) or a list of strings; None for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        odd = next((item for item in value if not isinstance(item, str)), None)
        return "a list" if odd is None else f"a list holding {_type_name(odd)}"
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string"}
    names |= {list: "a list", dict: "a table"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _escapes(pattern: str) -> bool:
    """Whether a glob pattern reaches outside the project folder."""
    posix, windows = PurePosixPath(pattern), PureWindowsPath(pattern)
    return (
        posix.is_absolute()
        or windows.is_absolute()
        or bool(windows.drive)
        or ".." in posix.parts
        or ".." in windows.parts
    )


_Check = Callable[[Any], str | None]  # an error message, or None when the value is good


def _include(value: Any) -> str | None:
    patterns = _strings(value)
    if patterns is None:
        return f"must be a glob pattern or a list of them (strings), not {_type_name(value)}"
    outside = [p for p in patterns if _escapes(p)]
    if outside:
        return "has patterns reaching outside the project folder: " + ", ".join(
            repr(p) for p in outside
        )
    return None


def _formats(value: Any) -> str | None:
    chosen = _strings(value)
    if chosen is None:
        return f"must be a list of formats (strings), not {_type_name(value)}"
    parts = [part.strip() for item in chosen for part in item.split(",") if part.strip()]
    unknown = [part for part in parts if part not in FORMATS]
    if unknown:
        return "names unknown format(s): " + ", ".join(repr(part) for part in unknown)
    return None


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else f"must be a string, not {_type_name(value)}"


def _one_of(choices: tuple[str, ...]) -> _Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be a string, not {_type_name(value)}"
        return None if value in choices else f"must be {listed(choices)}, not {value!r}"

    return check


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {_type_name(value)}"


# setting -> (its check, a hint saying what it should be)
_SETTINGS: dict[str, tuple[_Check, str]] = {
    "include": (_include, 'relative glob patterns, e.g. include = ["agreements/**/*.yaml"]'),
    "out": (_string, 'a folder name, e.g. out = "build"'),
    "formats": (
        _formats,
        f'a list of {", ".join(FORMATS)}, e.g. formats = ["pdf", "html"]',
    ),
    "theme": (_string, 'a theme name, e.g. theme = "classic"'),
    "locale": (_one_of(SUPPORTED_LOCALES), 'a language code, e.g. locale = "da"'),
    "page": (_one_of(PAGES), 'the paper size, e.g. page = "letter"'),
    "fit": (_flag, "fit = true shrinks each PDF onto its page"),
    "embed-source": (_flag, "embed-source = false leaves the spec out of each PDF"),
}


def _located(path: Path, text: str, key: str, message: str, hint: str) -> Problem:
    """A problem with the setting ``key``, at its line when it can be found."""
    start = 0
    header = _TABLE_HEADER.search(text) if path.name == "pyproject.toml" else None
    if header is not None and key != "workagree":
        start = header.end()
    found = re.compile(rf"^(\s*){re.escape(key)}\s*=", re.MULTILINE).search(text, start)
    if found is None:
        return Problem(file=str(path), message=message, code="bad-setting", hint=hint)
    line = text.count("\n", 0, found.start()) + 1
    source = text.splitlines()[line - 1]
    return Problem(
        file=str(path),
        line=line,
        column=len(found.group(1)) + 1,
        message=message,
        code="bad-setting",
        hint=hint,
        source_line=source,
        width=len(key),
    )


def _read(path: Path) -> str:
    try:
        raw = read_regular(path)
    except NotRegularFile:
        raise UsageError(NOT_REGULAR, hint=NOT_REGULAR_HINT, file=str(path)) from None
    except OSError as exc:
        raise UsageError(
            f"cannot be read: {exc.strerror or exc}",
            hint="check the file's permissions, or remove it",
            file=str(path),
        ) from None
    inputs.note(path, "the settings file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"is not UTF-8 text (byte {exc.start + 1})",
            hint="save the file as UTF-8",
            file=str(path),
        ) from None


def _table(path: Path, text: str) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"not valid TOML ({exc})", hint="fix the file", file=str(path)) from None
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    if not isinstance(tool, dict) or "workagree" not in tool:
        return None
    table = tool["workagree"]
    if not isinstance(table, dict):
        raise WorkagreeError(
            [
                _located(
                    path,
                    text,
                    "workagree",
                    f"setting 'tool.workagree' must be a table, not {_type_name(table)}",
                    "write the settings under a [tool.workagree] header",
                )
            ],
            exit_code=2,
        )
    return table


def _problems(path: Path, text: str, table: dict[str, Any]) -> list[Problem]:
    problems = []
    for key, value in table.items():
        if key not in _SETTINGS:
            problems.append(
                _located(
                    path,
                    text,
                    key,
                    f"unknown setting '{key}'",
                    "known settings: " + ", ".join(_SETTINGS),
                )
            )
            continue
        check, expected = _SETTINGS[key]
        wrong = check(value)
        if wrong is not None:
            problems.append(_located(path, text, key, f"setting '{key}' {wrong}", expected))
    return problems


def load_config(folder: Path) -> Config:
    """The configuration in ``folder`` (workagree.toml first, then pyproject.toml)."""
    for name in NAMES:
        path = folder / name
        if not path.exists() or path.is_dir():  # a pipe or device is refused by _read
            continue
        text = _read(path)
        table = _table(path, text)
        if table is None:
            continue
        problems = _problems(path, text, table)
        if problems:
            raise WorkagreeError(problems, exit_code=2)
        formats = [
            p.strip() for f in _strings(table.get("formats", [])) or [] for p in f.split(",")
        ]
        return Config(
            include=_strings(table.get("include", [])) or [],
            out=table.get("out"),
            formats=[f for f in formats if f],
            theme=table.get("theme"),
            locale=table.get("locale"),
            page=table.get("page"),
            fit=table.get("fit"),
            embed_source=table.get("embed-source"),
            source=path,
        )
    return Config()

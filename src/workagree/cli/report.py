"""Printing problems for people (text), programs (JSON) and CI annotations (GitHub)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from ..errors import Problem, Severity
from ..spec.characters import json_safe, visible
from .console import stderr, styled

if TYPE_CHECKING:
    from ..diffing.sides import SidesError

_WINDOW = 100
MAX_PRINTED = 100
# GitHub shows at most 50 annotations per job (10 errors and 10 warnings per step) and
# drops the rest; more commands only lengthen the log.
MAX_ANNOTATIONS = 50
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def print_problems(console: Console, problems: Sequence[Problem]) -> None:
    """Each problem as ``file:line:col: severity: message [code]``, with source and caret.

    At most MAX_PRINTED are shown, then one line counting the rest: a generated file
    with 20,000 mistakes needs its first few fixed, not a screen scrolling for minutes.
    """
    shown, more = capped(problems, MAX_PRINTED)
    for problem in shown:
        style = _STYLE[problem.severity]
        console.print(
            styled(
                (problem.location(), "bold"),
                ": ",
                (str(problem.severity), style),
                f": {problem.message} ",
                (f"[{problem.code}]", "dim"),
            ),
            soft_wrap=True,
        )
        if problem.source_line is not None and problem.line is not None:
            number = str(problem.line)
            pad = " " * len(number)
            line, caret_at, width = _window(problem)
            console.print(f" {number} | {line}", soft_wrap=True)
            console.print(
                styled(f" {pad} | {' ' * caret_at}", ("^" * width, style)), soft_wrap=True
            )
        if problem.hint:
            hint = problem.hint.replace("\n", "\n       ")
            console.print(styled("  ", ("hint:", "cyan"), f" {hint}"), soft_wrap=True)
    if more:
        console.print(more, soft_wrap=True)


def print_sides(failed: SidesError) -> None:
    """The problems of each side that could not be read (of a diff or a verify), by side."""
    err = stderr()
    for side in failed.sides:
        err.print(side.heading, style="bold", highlight=False, soft_wrap=True)
        print_problems(err, side.problems)


def capped(problems: Sequence[Problem], limit: int) -> tuple[Sequence[Problem], str | None]:
    """The first ``limit`` problems, and ``... and N more problems (...)`` for the rest."""
    rest = problems[limit:]
    if not rest:
        return problems, None
    noun = "problem" if len(rest) == 1 else "problems"
    return problems[:limit], f"... and {len(rest)} more {noun} ({summary(rest)})"


def _window(problem: Problem, size: int = _WINDOW) -> tuple[str, int, int]:
    """The part of a long source line around the problem, the caret's offset and width.

    Offsets count what is printed: a control character shows as ``\\x1b``, four wide.
    """
    line = (problem.source_line or "").replace("\t", " ")
    caret_at = (problem.column or 1) - 1
    width = min(problem.width, size // 2)
    start = 0 if len(line) <= size else max(0, caret_at - size // 4)
    text = line[start : start + size]
    prefix = "…" if start else ""
    suffix = "…" if start + size < len(line) else ""
    offset = caret_at - start
    shown = len(visible(text[:offset])) + max(0, offset - len(text))
    return prefix + text + suffix, shown + len(prefix), width


def summary(problems: Sequence[Problem]) -> str:
    """``2 errors, 1 warning`` (or ``no problems``)."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) or "no problems"


def problems_json(problems: Sequence[Problem]) -> str:
    return json_safe(json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False))


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problems_github(problems: Sequence[Problem]) -> str:
    """One GitHub Actions workflow command per problem, for annotations on the diff.

    ``::error file=F,line=L,endLine=L,col=C,endColumn=D,title=T::message``: the span is
    the one the text output underlines, ``endColumn`` just past its last character (as in
    SARIF); a span stays on one line, since GitHub drops columns that cross lines.
    """
    shown, more = capped(problems, MAX_ANNOTATIONS)
    lines = []
    for p in shown:
        props = [f"file={_escape_property(p.file)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
            if p.end_column is not None:
                props.append(f"endLine={p.line}")
        if p.column is not None:
            props.append(f"col={p.column}")
            if p.end_column is not None:
                props.append(f"endColumn={p.end_column}")
        props.append(f"title={_escape_property(f'workagree {p.code}')}")
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(message)}")
    if more:
        lines.append(
            f"::notice title=workagree::{_escape_data(more)}; --format json lists them all"
        )
    return "\n".join(lines)

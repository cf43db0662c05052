"""`workagree validate`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import Problem, Severity, WorkagreeError
from . import console
from .report import print_problems, problems_github, problems_json, summary

if TYPE_CHECKING:
    from ..model import Agreement


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"


def _machine_formats() -> dict[ProblemFormat, Callable[[Sequence[Problem]], str]]:
    """Every format but text: one function from all the problems found to the report."""
    from .code_scanning import problems_gitlab, problems_sarif

    return {
        ProblemFormat.json: problems_json,
        ProblemFormat.github: problems_github,
        ProblemFormat.sarif: problems_sarif,
        ProblemFormat.gitlab: problems_gitlab,
    }


def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="One or more agreement specs (.yaml).", show_default=False, metavar="FILE..."
        ),
    ],
    output_format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, json for programs, github for Actions annotations, "
            "sarif for GitHub code scanning, gitlab for GitLab Code Quality.",
        ),
    ] = ProblemFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as problems (exit 1).")
    ] = False,
    specs_only: Annotated[
        bool,
        typer.Option(
            "--specs-only",
            help="Skip YAML files that are not agreements (no top-level `workagree:` key); "
            "for pre-commit hooks and globs.",
        ),
    ] = False,
    log: Annotated[
        Path | None,
        typer.Option(
            "--log",
            help="Check this log too (default: SPEC.log.yaml beside each spec, when there is one).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check agreement specs and report every problem with file:line:column.

    Exit codes: 0 valid, 1 problems found (warnings count with --strict),
    2 a file could not be read.

    Example:  workagree validate agreement.yaml
    """
    from ..api import check_file

    problems: list[Problem] = []
    code = 0
    if specs_only:
        from ..build.discover import is_spec

        # Only readable files that are not agreements are skipped: a path that does not
        # exist (an unquoted name with a space, split in two) is still an error.
        files = [file for file in files if not file.exists() or is_spec(file)]
    if log is not None and len(files) != 1:
        from ..errors import UsageError

        raise UsageError("--log goes with one spec", hint="validate one spec and its log at a time")
    for file in files:
        try:
            result = check_file(file)
            found = result.problems
            if result.agreement is not None:
                found = found + _log_problems(file, log, result.agreement)
        except WorkagreeError as exc:
            found = exc.problems
            code = max(code, exc.exit_code)
        problems += found
        failing = [p for p in found if strict or p.severity is Severity.ERROR]
        if failing:
            code = max(code, 1)
        if output_format is ProblemFormat.text:
            out = console.stdout()
            print_problems(out, found)
            verdict = ("invalid", "red") if failing else ("valid", "green")
            out.print(console.styled(f"{file}: ", verdict, f" ({summary(found)})"))
    if output_format is not ProblemFormat.text:
        report = _machine_formats()[output_format](problems)
        if report:
            console.stdout().plain(report + "\n")
    raise typer.Exit(code)


def _log_problems(spec: Path, log: Path | None, agreement: Agreement) -> list[Problem]:
    """The problems of the log named, or of the one beside the spec (none if it has none)."""
    import datetime as dt

    from ..dates.clock import zone
    from ..tracking.log import check_log, read_log
    from ..tracking.names import log_path

    path = log if log is not None else log_path(spec)
    if log is None and not path.is_file():
        return []
    text = read_log(path)
    assert text is not None
    today = dt.datetime.now(zone(agreement.calendar)).date()
    return check_log(text, str(path), agreement, today=today).problems

"""`workagree validate`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import Problem, Severity, WorkagreeError
from . import console
from .report import print_problems, problems_github, problems_json, summary


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
    for file in files:
        try:
            found = check_file(file).problems
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

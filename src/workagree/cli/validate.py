"""`workagree validate`."""

from __future__ import annotations

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
            help="text for people, json for programs, github for Actions annotations.",
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
    if output_format is ProblemFormat.json:
        console.stdout().plain(problems_json(problems) + "\n")
    elif output_format is ProblemFormat.github and problems:
        console.stdout().plain(problems_github(problems) + "\n")
    raise typer.Exit(code)

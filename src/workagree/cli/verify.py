"""`workagree verify`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import console
from .report import print_sides


class VerifyFormat(StrEnum):
    text = "text"
    json = "json"


def verify(
    pdf: Annotated[
        Path, typer.Argument(help="The PDF to check (a signed copy is fine).", show_default=False)
    ],
    spec: Annotated[
        str | None,
        typer.Argument(
            help="The spec to compare it with: a file, or REV:PATH (main:agreement.yaml).",
            show_default=False,
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="PATH",
            help="List the commits whose spec at PATH is the PDF's agreement.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        VerifyFormat,
        typer.Option("--format", "-f", help="text for people, json for programs."),
    ] = VerifyFormat.text,
) -> None:
    """Check which agreement a PDF is, and whether it is the one in a spec or in git.

    Every PDF workagree renders carries its spec; the spec inside is compared with SPEC
    by fingerprint, and a difference is shown as by `workagree diff` (the PDF is OLD).
    A PDF without its spec (printed again, or --no-embed-source) is compared by the
    fingerprint in its footer. Digital signatures are reported with whether they cover
    the spec inside. Exit codes: 0 it matches (or, without SPEC, it is identified; with
    --git, a commit has it); 1 it does not match, no commit has it, the PDF is at odds
    with itself or is not a workagree agreement; 2 the PDF or SPEC cannot be read.

    Example:  workagree verify signed.pdf main:agreement.yaml
    """
    from ..diffing.sides import SidesError
    from ..verifying import verify as check
    from ..verifying.report import print_text, to_json

    try:
        result = check(pdf, spec, git=git)
    except SidesError as exc:
        print_sides(exc)
        raise typer.Exit(exc.exit_code) from None
    if output_format is VerifyFormat.json:
        console.stdout().plain(to_json(result))
    else:
        print_text(console.stdout(), result)
    raise typer.Exit(result.exit_code)

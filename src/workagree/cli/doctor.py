"""`workagree doctor`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import console


def doctor(
    folder: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The folder PDFs will be written to (default: here).",
            metavar="FOLDER",
        ),
    ] = None,
) -> None:
    """Check that PDF output will work here, and say how to fix what will not.

    Shows the Python, workagree, WeasyPrint and Pango versions, which font subsetter
    PDFs use (HarfBuzz's, or fontTools and its version, and whether its slow path is
    active), whether the bundled fonts cover Latin and Cyrillic letters, and whether the
    output folder is writable.
    Exit codes: 0 PDF output works (warnings allowed), 1 it cannot work.

    Example:  workagree doctor
    """
    from ..doctor import Status, diagnose, pdf_works

    checks = diagnose(folder)
    out = console.stdout()
    marks = {
        Status.OK: ("✓", "green"),
        Status.WARN: ("!", "yellow"),
        Status.FAIL: ("✗", "red"),
    }
    for check in checks:
        out.print(console.styled(marks[check.status], f" {check.name}: {check.detail}"))
        if check.fix:
            out.print(f"    fix: {check.fix}")
    if pdf_works(checks):
        out.print("PDF output works.")
        return
    out.print("PDF output cannot work here; see the fixes above.", style="red")
    raise typer.Exit(1)

"""`workagree render NEW --redline OLD`: the new version with its changes marked."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import UsageError
from ..model import Agreement
from . import console
from .report import print_problems


def old_agreement(spec: str) -> Agreement:
    """The OLD side of a redline (a file or ``REV:PATH``); its problems labelled OLD, exit 2."""
    from ..diffing.sides import Side, load_source
    from ..spec.gitsource import source

    loaded = load_source(source(spec), label="OLD")
    if isinstance(loaded, Side):
        err = console.stderr()
        err.print(loaded.heading, style="bold", highlight=False, soft_wrap=True)
        print_problems(err, loaded.problems)
        raise typer.Exit(2)
    return loaded


def check_options(output_format: str, fit: bool) -> None:
    """Redlines are HTML or PDF, and are never shrunk to fit."""
    if output_format not in ("html", "pdf"):
        raise UsageError(
            f"--redline makes HTML or PDF, not --format {output_format}",
            hint="pass --format html or pdf; `workagree diff` shows changes as text or Markdown",
        )
    if fit:
        raise UsageError(
            "--fit does not apply to --redline: a redline may take more than one page",
            hint="leave out --fit, or use --max-pages to be warned about long redlines",
        )


def make_redline(
    new: Agreement,
    old: Agreement,
    *,
    output_format: str,
    theme: str,
    templates: Path | None,
    page: str,
) -> tuple[str | bytes, int | None]:
    """The redline's HTML text or PDF bytes, and the PDF's page count (None for HTML)."""
    from ..rendering.redline import redline_html, redline_pdf

    if output_format == "pdf":
        data, pages = redline_pdf(new, old, theme=theme, templates=templates, page=page)
        console.note_slow_subsetting()
        return data, pages
    return redline_html(new, old, theme=theme, templates=templates, page=page), None

"""`workagree render`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .render_job import RenderJob


class OutputFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    all = "all"


class PageSize(StrEnum):
    a4 = "a4"
    letter = "letter"


def _targets(file: Path, formats: list[str], output: Path | None) -> dict[str, Path | None]:
    """Where each format goes: None is stdout."""
    if output is not None and str(output) == "-":
        if len(formats) > 1 or formats[0] == "pdf":
            raise UsageError(
                "--output - writes to stdout, which works only for --format md or html",
                hint="give a file name for PDF output, e.g. --output agreement.pdf",
            )
        return {formats[0]: None}
    if output is None:
        return {fmt: file.with_suffix(f".{fmt}") for fmt in formats}
    if len(formats) > 1 or output.is_dir():
        return {fmt: output / f"{file.stem}.{fmt}" for fmt in formats}
    return {formats[0]: output}


def render(
    file: Annotated[Path, typer.Argument(help="The agreement spec (.yaml).", show_default=False)],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="md, html, pdf, or all three.")
    ] = OutputFormat.pdf,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The output file ('-' for stdout; a folder with --format all). "
            "Default: beside the spec, with the format's extension.",
            show_default=False,
        ),
    ] = None,
    theme: Annotated[str, typer.Option("--theme", "-t", help="classic or columns.")] = "classic",
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates", help="A folder of templates that override the theme's, file by file."
        ),
    ] = None,
    page: Annotated[PageSize, typer.Option("--page", help="The paper size.")] = PageSize.a4,
    fit: Annotated[
        bool, typer.Option("--fit", help="Shrink spacing, then type (to 8 pt), to fit the pages.")
    ] = False,
    max_pages: Annotated[
        int, typer.Option("--max-pages", min=1, help="How many PDF pages are allowed.")
    ] = 1,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Treat warnings (spec warnings, too many pages) as errors."),
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0,
            help="Stop a render that takes longer than this many seconds (0: no limit). "
            "[default: $WORKAGREE_TIMEOUT or 30]",
            show_default=False,
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            "-w",
            help="Render again on every save of the spec or a template; Ctrl-C stops.",
        ),
    ] = False,
) -> None:
    """Render an agreement to a one-page PDF, HTML or Markdown.

    An invalid spec prints the same problems as `validate` and nothing is written.
    Outputs are written atomically: a failed render leaves the previous file as it was.
    A render taking longer than --timeout seconds is stopped and nothing is written.
    With --watch, problems are printed and watching goes on until Ctrl-C.

    Example:  workagree render agreement.yaml --theme columns --format all
    """
    from ..render.environment import theme_folders
    from ..timelimit import seconds

    folders = theme_folders(theme, templates)  # unknown theme or missing folder: usage error
    formats = ["md", "html", "pdf"] if output_format is OutputFormat.all else [output_format.value]
    job = RenderJob(
        file=file,
        targets=_targets(file, formats, output),
        theme=theme,
        templates=templates,
        page=page.value,
        fit=fit,
        max_pages=max_pages,
        strict=strict,
        timeout=seconds(timeout),
    )
    if watch:
        from .watch import watch_and_render

        watch_and_render(job, folders)
    else:
        job.run()

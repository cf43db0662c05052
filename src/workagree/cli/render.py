"""`workagree render`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..locales import SUPPORTED_LOCALES, require_locale
from ..timelimit import DEFAULT_SECONDS, ENVIRONMENT, RANGE
from .render_job import RenderJob, agreement_of, check_targets, emit, page_budget


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
        int | None,
        typer.Option(
            "--max-pages",
            min=1,
            help="How many PDF pages are allowed. Default: 1 (redlines: no limit).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Treat warnings (spec warnings, too many pages) as errors."),
    ] = False,
    locale: Annotated[
        str | None,
        typer.Option(
            "--locale",
            "-l",
            help="Write the document in this language instead of the spec's `locale:` "
            "(" + ", ".join(SUPPORTED_LOCALES) + ").",
            show_default=False,
        ),
    ] = None,
    redline: Annotated[
        str | None,
        typer.Option(
            "--redline",
            metavar="OLD",
            help="Mark what changed since OLD (a file or REV:PATH) in the HTML or PDF, "
            "with a summary box; it may take more than one page.",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            help=f"Stop a render that takes longer than this many seconds ({RANGE}). "
            f"[default: ${ENVIRONMENT} or {DEFAULT_SECONDS:g}]",
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

    With --redline OLD (HTML or PDF only) the spec is shown with what changed since
    OLD marked and summarised at the top; it may take more than one page, and goes
    beside the spec as NAME.redline.html or .pdf (see docs/diff.md).

    Example:  workagree render agreement.yaml --theme columns --format all --locale da
    """
    from ..rendering.environment import theme_folders
    from ..timelimit import seconds

    folders = theme_folders(theme, templates)  # unknown theme or missing folder: usage error
    if locale is not None:
        require_locale(locale)  # before the spec is read, like an unknown theme
    if redline is not None:
        _redline(
            file,
            redline,
            output_format,
            output,
            theme,
            templates,
            page,
            fit,
            max_pages,
            strict,
            seconds(timeout),
        )
        return
    formats = ["md", "html", "pdf"] if output_format is OutputFormat.all else [output_format.value]
    job = RenderJob(
        file=file,
        targets=_targets(file, formats, output),
        theme=theme,
        templates=templates,
        page=page.value,
        fit=fit,
        max_pages=max_pages or 1,
        strict=strict,
        timeout=seconds(timeout),
        locale=locale,
    )
    if watch:
        from .watch import watch_and_render

        watch_and_render(job, folders)
    else:
        job.run()


def _redline(
    file: Path,
    old: str,
    output_format: OutputFormat,
    output: Path | None,
    theme: str,
    templates: Path | None,
    page: PageSize,
    fit: bool,
    max_pages: int | None,
    strict: bool,
    timeout: float,
) -> None:
    from ..rendering.fit import pages_word
    from ..timelimit import time_limit
    from .redline import check_options, make_redline, old_agreement

    fmt = output_format.value
    check_options(fmt, fit)
    target = (
        file.with_name(f"{file.stem}.redline.{fmt}")
        if output is None
        else _targets(file, [fmt], output)[fmt]
    )
    new_agreement = agreement_of(file, strict)
    old_version = old_agreement(old)
    check_targets([target])
    if fmt == "pdf":
        from ..engine import prepare

        prepare()  # WeasyPrint's import is not part of the document's time, as in RenderJob
    with time_limit(timeout, str(file)):
        data, pages = make_redline(
            new_agreement,
            old_version,
            output_format=fmt,
            theme=theme,
            templates=templates,
            page=page.value,
        )
    if pages is not None and max_pages is not None:
        hint = "a redline may take more pages than the agreement; raise --max-pages"
        page_budget(str(file), pages, max_pages, strict, hint)
    emit(data, target, pages_word(pages) if pages is not None else None)

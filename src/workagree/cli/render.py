"""`workagree render`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..formats import ALL, FORMATS, listed
from ..locales import SUPPORTED_LOCALES, require_locale
from ..rendering.themes import theme_names
from ..timelimit import DEFAULT_SECONDS, ENVIRONMENT, RANGE
from .render_job import RenderJob

# The --format choices: every format of the registry, and all of them.
OutputFormat = StrEnum("OutputFormat", {name: name for name in [*FORMATS, ALL]})  # type: ignore[misc]


class PageSize(StrEnum):
    a4 = "a4"
    letter = "letter"


def _formats(chosen: str, redline: bool, templates: bool = False) -> list[str]:
    """The formats ``--format`` names: all of them (that can show a redline, that the
    templates shape when ``--templates`` is given), or one."""
    if chosen != ALL:
        return [chosen]
    return [
        name
        for name, fmt in FORMATS.items()
        if (fmt.redline or not redline) and (fmt.templated or not templates)
    ]


def _targets(
    file: Path, formats: list[str], output: Path | None, redline: bool
) -> dict[str, Path | None]:
    """Where each format goes: None is stdout."""
    stem = f"{file.stem}.redline" if redline else file.stem
    if output is not None and str(output) == "-":
        printable = [name for name, fmt in FORMATS.items() if fmt.stdout]
        if len(formats) > 1 or not FORMATS[formats[0]].stdout:
            binary = next((FORMATS[f] for f in formats if not FORMATS[f].stdout), FORMATS["pdf"])
            raise UsageError(
                f"--output - writes to stdout, which works only for --format {listed(printable)}",
                hint=f"give a file name for {binary.label} output, "
                f"e.g. --output agreement{binary.suffix}",
            )
        return {formats[0]: None}
    if output is None:
        return {fmt: file.with_name(stem + FORMATS[fmt].suffix) for fmt in formats}
    if len(formats) > 1 or output.is_dir():
        return {fmt: output / (stem + FORMATS[fmt].suffix) for fmt in formats}
    return {formats[0]: output}


def render(
    file: Annotated[Path, typer.Argument(help="The agreement spec (.yaml).", show_default=False)],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help=f"{listed(list(FORMATS))}, or {ALL} of them."),
    ] = OutputFormat.pdf,  # type: ignore[attr-defined]
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
    theme: Annotated[
        str, typer.Option("--theme", "-t", help=f"The look: {listed(theme_names())}.")
    ] = "classic",
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder of templates that override the theme's, file by file.",
            metavar="FOLDER",
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
    embed_source: Annotated[
        bool,
        typer.Option(
            "--embed-source/--no-embed-source",
            help="Carry the spec inside the PDF (PDF/A-3), so `workagree verify` can compare "
            "a signed copy with it; --no-embed-source when the spec must not be shared.",
        ),
    ] = True,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            help=f"Stop a render that takes longer than this many seconds ({RANGE}). "
            f"[default: ${ENVIRONMENT} or {DEFAULT_SECONDS:g}]",
            show_default=False,
            metavar="SECONDS",
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
    """Render an agreement to a one-page PDF, HTML, Markdown or Word (DOCX).

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
    from ..rendering.pipeline import refusal
    from ..timelimit import seconds

    folders = theme_folders(theme, templates)  # unknown theme or missing folder: usage error
    if locale is not None:
        require_locale(locale)  # before the spec is read, like an unknown theme
    formats = _formats(output_format.value, redline is not None, templates is not None)
    for fmt in formats:
        refused = refusal(fmt, fit=fit, redline=redline is not None)
        if refused is not None:
            raise refused
    job = RenderJob(
        file=file,
        targets=_targets(file, formats, output, redline is not None),
        theme=theme,
        templates=templates,
        page=page.value,
        fit=fit,
        max_pages=max_pages,
        strict=strict,
        timeout=seconds(timeout),
        locale=locale,
        redline=redline,
        embed_source=embed_source,
    )
    if watch:
        from .watch import watch_and_render

        watch_and_render(job, folders)
    else:
        job.run()

"""`workagree render`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import Problem, Severity, UsageError, WorkagreeError
from ..locales import SUPPORTED_LOCALES, require_locale
from . import console
from .report import print_problems

if TYPE_CHECKING:
    from ..model import Agreement


class OutputFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    all = "all"


class PageSize(StrEnum):
    a4 = "a4"
    letter = "letter"


def _agreement(file: Path, strict: bool) -> Agreement:
    from ..api import check_file

    result = check_file(file)
    blocking = [p for p in result.problems if strict or p.severity is Severity.ERROR]
    if blocking or result.agreement is None:
        raise WorkagreeError(result.problems or blocking)
    if result.problems:
        print_problems(console.stderr(), result.problems)
    return result.agreement


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


def _page_budget(
    file: str,
    pages: int,
    max_pages: int,
    strict: bool,
    hint: str = "pass --fit to shrink it onto the page, or shorten the text",
) -> None:
    from ..render.fit import pages_word

    if pages <= max_pages:
        return
    problem = Problem(
        file=file,
        message=f"the PDF has {pages_word(pages)}, more than the {pages_word(max_pages)} allowed",
        code="too-many-pages",
        severity=Severity.ERROR if strict else Severity.WARNING,
        hint=hint,
    )
    if strict:
        raise WorkagreeError([problem])
    print_problems(console.stderr(), [problem])


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
) -> None:
    """Render an agreement to a one-page PDF, HTML or Markdown.

    An invalid spec prints the same problems as `validate` and nothing is written.
    Outputs are written atomically: a failed render leaves the previous file as it was.

    With --redline OLD (HTML or PDF only) the spec is shown with what changed since
    OLD marked and summarised at the top; it may take more than one page, and goes
    beside the spec as NAME.redline.html or .pdf (see docs/diff.md).

    Example:  workagree render agreement.yaml --theme columns --format all --locale da
    """
    from ..output import write_atomic
    from ..render import render_text
    from ..render.environment import theme_folders

    theme_folders(theme, templates)  # unknown theme or missing folder: a usage error first
    if locale is not None:
        require_locale(locale)  # before the spec is read, like an unknown theme
    if redline is not None:
        _redline(
            file, redline, output_format, output, theme, templates, page, fit, max_pages, strict
        )
        return
    max_pages = max_pages or 1
    formats = ["md", "html", "pdf"] if output_format is OutputFormat.all else [output_format.value]
    targets = _targets(file, formats, output)
    agreement = _agreement(file, strict)
    rendered: dict[str, str | bytes] = {}
    notes: dict[str, str] = {}
    for fmt in formats:
        if fmt == "pdf":
            from ..render.fit import fit_pdf, pages_word
            from ..render.pdf import render_pdf

            if fit:
                result, layout = fit_pdf(
                    agreement,
                    theme=theme,
                    templates=templates,
                    page=page.value,
                    max_pages=max_pages,
                    file=str(file),
                    locale=locale,
                )
                notes[fmt] = f"{pages_word(result.pages)}, {layout.root_size:g} pt"
            else:
                result = render_pdf(
                    agreement, theme=theme, templates=templates, page=page.value, locale=locale
                )
                notes[fmt] = pages_word(result.pages)
            _page_budget(str(file), result.pages, max_pages, strict)
            rendered[fmt] = result.pdf
            console.note_slow_subsetting()
        else:
            rendered[fmt] = render_text(
                agreement,
                format="md" if fmt == "md" else "html",
                theme=theme,
                templates=templates,
                page=page.value,
                locale=locale,
            )
    for fmt, data in rendered.items():
        target = targets[fmt]
        if target is None:
            sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
            sys.stdout.flush()
            continue
        write_atomic(target, data)
        note = f" ({notes[fmt]})" if fmt in notes else ""
        console.stderr().print(f"Wrote {target}{note}", soft_wrap=True, markup=False)


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
) -> None:
    from .redline import check_options, emit, make_redline, old_agreement

    fmt = output_format.value
    check_options(fmt, fit)
    target = (
        file.with_name(f"{file.stem}.redline.{fmt}")
        if output is None
        else _targets(file, [fmt], output)[fmt]
    )
    new_agreement = _agreement(file, strict)
    old_version = old_agreement(old)
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
        _page_budget(str(file), pages, max_pages, strict, hint)
    emit(data, target)
    if target is not None:
        from ..render.fit import pages_word

        note = f" ({pages_word(pages)})" if pages is not None else ""
        console.stderr().print(f"Wrote {target}{note}", soft_wrap=True, markup=False)

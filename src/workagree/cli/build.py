"""`workagree build`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from ..rendering.request import Page

from ..errors import UsageError
from ..formats import FORMATS, listed
from ..locales import SUPPORTED_LOCALES
from ..rendering.themes import theme_names
from ..timelimit import DEFAULT_SECONDS, ENVIRONMENT, RANGE
from . import console
from .report import print_problems


def _formats(value: str) -> list[str]:
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise UsageError(
            f"unknown format(s): {', '.join(unknown) or '(none)'}",
            hint=f"use a comma-separated list of {', '.join(FORMATS)}, e.g. --format pdf,html",
        )
    return list(dict.fromkeys(chosen))


def _page(value: str) -> Page:
    from ..rendering.request import PAGES

    if value not in PAGES:
        raise UsageError(f"unknown page size '{value}'", hint="use --page a4 or --page letter")
    return value


def build(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Spec files or folders to search (default: the globs in workagree.toml or "
            "[tool.workagree] in pyproject.toml, else the current folder).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Output folder: agreements/x.yaml becomes OUT/agreements/x.pdf, whichever "
            "paths are given. [default: build]",
            metavar="FOLDER",
        ),
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Comma-separated formats: {', '.join(FORMATS)}. [default: pdf]",
        ),
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option("--theme", help=f"The look: {listed(theme_names())}. [default: classic]"),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Folder of template overrides.", metavar="FOLDER"),
    ] = None,
    page: Annotated[
        str | None, typer.Option("--page", help="The paper size: a4 or letter. [default: a4]")
    ] = None,
    locale: Annotated[
        str | None,
        typer.Option(
            "--locale",
            "-l",
            help="Write every document in this language instead of its spec's `locale:` "
            "(" + ", ".join(SUPPORTED_LOCALES) + ").",
            show_default=False,
        ),
    ] = None,
    fit: Annotated[
        bool | None,
        typer.Option("--fit/--no-fit", help="Shrink each PDF onto its page.", show_default=False),
    ] = None,
    embed_source: Annotated[
        bool | None,
        typer.Option(
            "--embed-source/--no-embed-source",
            help="Carry each agreement's spec inside its PDF, for `workagree verify` "
            "[default: embed-source in the settings, or yes].",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Parallel workers. [default: number of cores]"),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if any output is missing or stale."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild every output.")] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            help="Stop a document that takes longer than this many seconds to render "
            f"({RANGE}). [default: ${ENVIRONMENT} or {DEFAULT_SECONDS:g}]",
            show_default=False,
            metavar="SECONDS",
        ),
    ] = None,
) -> None:
    """Render every agreement in a project, skipping outputs that are already current.

    Specs are YAML files with a top-level `workagree:` key. Outputs mirror each spec's
    path inside the current folder: agreements/a/x.yaml becomes build/agreements/a/x.pdf,
    whether the spec is named, found in a named folder, or matched by workagree.toml.
    A manifest in the output folder records what each output was built from; unchanged
    outputs are skipped. --check refuses to pass while a format it does not check was
    built: keep the formats in workagree.toml so build and --check agree.
    Outputs whose spec is gone are reported, never deleted. One broken spec does not
    stop the others.
    Exit codes: 0 all built (or, with --check, all current); 1 a spec failed or
    (with --check) an output is missing or stale; 2 usage error (also a --check
    that leaves out a format that was built).

    Example:  workagree build agreements/ --out build --format pdf,html
    """
    from ..build import Settings, find_specs, load_config, run, specs_from_config
    from ..engine.helper import cores
    from ..timelimit import seconds

    project = Path(".")  # named as the user sees it: workagree.toml, agreements/x.yaml
    config = load_config(project)
    if paths:
        specs = find_specs(paths, project)
    elif config.include:
        specs = specs_from_config(config, project)
    else:
        specs = find_specs([project], project)
    settings = Settings(
        out=out or Path(config.out or "build"),
        formats=_formats(formats or ",".join(config.formats) or "pdf"),
        theme=theme or config.theme or "classic",
        templates=templates,
        page=_page(page or config.page or "a4"),
        locale=locale or config.locale,
        fit=(config.fit or False) if fit is None else fit,
        embed_source=(config.embed_source is not False) if embed_source is None else embed_source,
        jobs=jobs or cores(),
        force=force,
        timeout=seconds(timeout),
    )
    settings.check()  # every option against every format, before a spec is read
    err = console.stderr()
    if not specs:
        err.print("No agreement specs found (YAML files with a top-level `workagree:` key).")
        raise typer.Exit(2 if paths else 0)

    bar = _ProgressBar(err) if err.is_terminal and not check else None

    def progress(event: str, name: str) -> None:
        if bar is not None:
            bar.update(event, name)
            return
        label = "current" if event == "skipped" else event
        if event in ("built", "stale", "missing", "skipped"):
            err.print(f"{label:>8} {name}", highlight=False)

    try:
        report = run(specs, settings, check=check, progress=progress)
    except KeyboardInterrupt:
        err.print(
            "Interrupted; what was built so far is complete and recorded, "
            "and no file was left half-written.",
            soft_wrap=True,
            highlight=False,
        )
        raise typer.Exit(130) from None
    finally:
        if bar is not None:
            bar.stop()
    if report.fast_subsetting is False:
        console.note_slow_subsetting(False)
    for spec, problems in report.failed.items():
        print_problems(err, problems)
        err.print(console.styled(("failed", "red"), f" {spec}"))
    for orphan in report.orphans:
        err.print(f"  orphan {orphan} (its spec is gone; not deleted)", highlight=False)
    done = (
        f"stale {len(report.stale)}, missing {len(report.missing)}"
        if check
        else f"built {len(report.built)}"
    )
    err.print(
        f"{done}, current {len(report.skipped)}, failed {len(report.failed)} "
        f"in {report.seconds:.1f}s",
        highlight=False,
    )
    if report.stale or report.missing:
        err.print(f"  to build them: {_without_check()}", highlight=False, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(1)


def _without_check() -> str:
    """The command that was run, without --check: the one that builds what it found."""
    import shlex

    typed = console.command_line  # None when called from Python rather than the command
    if typed is None:
        return "workagree build"
    return shlex.join(["workagree", *(arg for arg in typed if arg != "--check")])


class _ProgressBar:
    """A rich progress bar for a terminal; CI logs get one plain line per file instead."""

    def __init__(self, console: Console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("building", style="bold", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}", markup=False),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("", total=None)

    def update(self, event: str, name: str) -> None:
        if event == "planned":
            self._progress.update(self._task, total=int(name))
            self._progress.start()
        elif event == "built":
            self._progress.update(self._task, advance=1, description=name)

    def stop(self) -> None:
        self._progress.stop()

"""`workagree render --watch`: render again on every save of the spec or a template in use.

Uses the watchfiles library (imported only here). The spec's folder is watched rather
than the file itself, so editors that save by writing a new file and renaming it over
the old one are still seen; events for other files there (such as the outputs) are ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from ..errors import WorkagreeError
from . import console
from .render_job import RenderJob
from .report import print_problems

EXIT_INTERRUPTED = 130


def _attempt(job: RenderJob) -> None:
    """Render once, with templates read afresh; problems are printed, never raised."""
    from ..rendering.environment import environment

    environment.cache_clear()  # compiled templates are cached per process
    try:
        job.run()
    except WorkagreeError as exc:
        print_problems(console.stderr(), exc.problems)
        console.stderr().print("Not rendered; the previous output is unchanged.", markup=False)


def _relevant(spec: Path, folders: list[Path]) -> Callable[[Any, str], bool]:
    def wanted(change: Any, path: str) -> bool:
        changed = Path(path).resolve()
        if changed.name.startswith(".") and changed.name.endswith(".tmp"):
            return False  # an atomic write in progress
        return changed == spec or any(changed.is_relative_to(f) for f in folders)

    return wanted


def watch_and_render(job: RenderJob, folders: list[Path]) -> None:
    """Render now, then after every relevant change, until Ctrl-C (exit 130)."""
    try:
        from watchfiles import watch
    except ImportError:  # pragma: no cover - a dependency of workagree
        raise WorkagreeError.single(
            "workagree",
            "--watch needs the watchfiles library",
            "no-watchfiles",
            hint="pip install watchfiles",
        ) from None
    spec = job.file.resolve()
    watched = [f.resolve() for f in folders]
    err = console.stderr()
    if not spec.parent.is_dir():
        _attempt(job)  # reports the missing folder; there is nothing to watch
        return
    roots = [spec.parent, *(f for f in watched if f.is_dir())]
    try:
        started = False
        # The first (empty) yield comes once the watcher is live: render then, so that
        # a save during the first render is seen, not lost.
        for changes in watch(
            *roots,
            watch_filter=_relevant(spec, watched),
            debounce=800,
            rust_timeout=200,
            yield_on_timeout=True,
        ):
            if not started:
                started = True
                _attempt(job)
                err.print(
                    f"Watching {job.file} and its templates; press Ctrl-C to stop.",
                    markup=False,
                    soft_wrap=True,
                )
                continue
            if changes:
                names = sorted({Path(path).name for _, path in changes})
                err.print(f"Changed: {', '.join(names)}", markup=False, soft_wrap=True)
                _attempt(job)
    except KeyboardInterrupt:
        err.print("Stopped watching.")
        raise typer.Exit(EXIT_INTERRUPTED) from None

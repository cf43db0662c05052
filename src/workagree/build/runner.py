"""Planning and running a build: which outputs are stale, rendering them in parallel workers."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.helper import cores
from ..errors import Problem, WorkagreeError
from ..model import Agreement
from .discover import Spec
from .manifest import Manifest, folders_digest, source_digest

if TYPE_CHECKING:
    from ..rendering.request import Page, Request
from .targets import SUFFIX, check_outputs, relative_output


@dataclass(frozen=True)
class Output:
    """One file a build produces."""

    key: str  # relative to the output folder, with forward slashes
    path: Path
    format: str
    source: str  # digest of everything it is made from


@dataclass
class Task:
    """The outputs of one spec that need (re)building."""

    spec: str
    agreement: Agreement
    outputs: list[Output]


@dataclass
class Settings:
    """How to build: where, which formats, and the rendering options every output shares."""

    out: Path
    formats: list[str]
    theme: str = "classic"
    templates: Path | None = None
    page: Page = "a4"
    locale: str | None = None
    fit: bool = False
    embed_source: bool = True
    jobs: int = field(default_factory=cores)
    force: bool = False
    timeout: float = 30.0  # seconds per document; 0 is no limit

    def request(self, fmt: str, file: str = "<agreement>") -> Request:
        """What one output of a spec is asked to be (``fit`` applies to paged formats)."""
        from ..formats import FORMATS
        from ..rendering.request import Request

        return Request(
            format=fmt,
            theme=self.theme,
            templates=self.templates,
            page=self.page,
            locale=self.locale,
            fit=self.fit and FORMATS[fmt].engine,
            file=file,
            embed_source=self.embed_source,
        )

    def check(self) -> None:
        """Refuse options no output can honour (a usage error), before a spec is read."""
        from ..rendering.pipeline import check

        for fmt in self.formats:
            check(self.request(fmt))

    def options(self) -> list[object]:
        """What besides the spec and templates shapes the outputs, for the manifest."""
        return [self.theme, self.page, self.locale, self.fit, self.embed_source]


@dataclass
class Report:
    """What a build did (or, with --check, would do)."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # with --check: out of date
    missing: list[str] = field(default_factory=list)  # with --check: not there at all
    failed: dict[str, list[Problem]] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)
    seconds: float = 0.0
    fast_subsetting: bool | None = None  # as the workers found it, when PDFs were built

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stale and not self.missing


# (event, name): "planned" (name is the number of outputs to build), "built", "skipped",
# "failed", "stale" or "missing".
Progress = Callable[[str, str], None]


def plan(
    specs: list[Spec], settings: Settings, manifest: Manifest, report: Report
) -> Iterator[Task]:
    """Check every spec, yielding each one's outputs that are missing or out of date."""
    from ..api import check_file
    from ..rendering.environment import theme_folders

    templates = folders_digest(theme_folders(settings.theme, settings.templates))
    for spec in specs:
        name = str(spec.path)
        try:
            result = check_file(spec.path)
        except WorkagreeError as exc:
            report.failed[name] = exc.problems
            continue
        if result.agreement is None:
            report.failed[name] = result.errors
            continue
        canonical = result.agreement.canonical_json()
        pending = []
        for fmt in settings.formats:
            relative = relative_output(spec, fmt)
            output = Output(
                key=relative.as_posix(),
                path=settings.out / relative,
                format=fmt,
                source=source_digest(canonical, templates, fmt, settings.options()),
            )
            if not settings.force and manifest.is_current(output.key, output.path, output.source):
                report.skipped.append(str(output.path))
            else:
                pending.append(output)
        if pending:
            yield Task(name, result.agreement, pending)


def orphans(specs: list[Spec], settings: Settings, manifest: Manifest) -> list[str]:
    """Outputs in the manifest whose spec is gone (reported, never deleted)."""
    wanted = {relative_output(spec, fmt).as_posix() for spec in specs for fmt in SUFFIX}
    gone = []
    for key in sorted(manifest.entries):
        path = settings.out / key
        if key not in wanted:
            if path.exists():
                gone.append(str(path))
            else:
                del manifest.entries[key]
    return gone


def unchecked(specs: list[Spec], settings: Settings, manifest: Manifest) -> None:
    """Refuse (exit 2) a check that leaves out a format the build wrote for these specs.

    Otherwise ``build --format pdf,html`` followed by ``build --check`` (PDF by default)
    would pass with every HTML file stale. An output counts while the manifest records it
    and the file is there; deleting the file is how a format stops being built.
    """
    from ..formats import FORMATS, listed

    found: list[tuple[Path, str]] = []
    left_out = [fmt for fmt in FORMATS if fmt not in settings.formats]
    for spec in specs:
        for fmt in left_out:
            key = relative_output(spec, fmt).as_posix()
            if key in manifest.entries and (settings.out / key).is_file():
                found.append((settings.out / key, fmt))
    if not found:
        return
    built = {fmt for _, fmt in found} | set(settings.formats)
    every = ",".join(fmt for fmt in FORMATS if fmt in built)
    hint = (
        f"check every format that is built (--format {every}), best by listing them in "
        "workagree.toml (formats = [...]), which build and build --check both read; "
        "or delete the files of a format that is no longer built"
    )
    message = f"was built, but this check covers only {listed(settings.formats)}"
    raise WorkagreeError(
        [
            Problem(file=str(path), message=message, code="format-unchecked", hint=hint)
            for path, _ in found
        ],
        exit_code=2,
    )


def _start_method() -> BaseContext:
    """How workers start: forked where that is safe, else as fresh interpreters.

    On Linux, while this process still has a single thread (workers start before the
    progress bar), forking saves each worker importing workagree again, and a forked
    worker exits without tearing the interpreter down. Elsewhere ("fork" is unsafe on
    macOS and missing on Windows) workers are spawned.
    """
    if (
        sys.platform == "linux"
        and threading.active_count() == 1
        and "weasyprint" not in sys.modules  # its GLib may have threads of its own
    ):
        return get_context("fork")
    return get_context("spawn")


def _worker_start(pdf: bool) -> None:
    """A worker's start: WeasyPrint is loaded once per worker, not once per document.

    Ctrl-C is left to the main process, which cancels the work not yet started. Should
    WeasyPrint be missing, each document says so.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(WorkagreeError):
        _warm(pdf)


def _warm(pdf: bool) -> None:
    """Load WeasyPrint now when PDFs are wanted, outside any document's time limit."""
    if pdf:
        from ..engine import weasyprint

        weasyprint()


@dataclass
class Built:
    """What a worker did for one spec."""

    spec: str
    outputs: list[Output]
    problems: list[Problem]
    fast_subsetting: bool | None = None  # known where WeasyPrint is loaded


def build_task(task: Task, settings: Settings) -> Built:
    """Render and write one spec's outputs. Runs in a worker; returns problems, never raises."""
    pdf = any(output.format == "pdf" for output in task.outputs)
    built = _build(task, settings, pdf)
    if pdf:
        from ..engine.weasy import fast_subsetting

        with suppress(WorkagreeError, ImportError, OSError):
            built.fast_subsetting = fast_subsetting()
    return built


def _build(task: Task, settings: Settings, pdf: bool) -> Built:
    from ..output import write_atomic
    from ..rendering.pipeline import produce
    from ..timelimit import time_limit

    done: list[Output] = []
    try:
        _warm(pdf)  # not in the time limit
        for output in task.outputs:
            with time_limit(settings.timeout, task.spec):
                data = produce(task.agreement, settings.request(output.format, task.spec)).data
            output.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(output.path, data)
            done.append(output)
    except WorkagreeError as exc:
        return Built(task.spec, done, exc.problems)
    except OSError as exc:
        problem = Problem(file=task.spec, message=f"could not be built: {exc}", code="build-failed")
        return Built(task.spec, done, [problem])
    return Built(task.spec, done, [])


def _planned(
    specs: list[Spec], settings: Settings, manifest: Manifest, report: Report, progress: Progress
) -> None:
    """Once every spec is checked: note orphans, and report what is skipped or failed."""
    report.orphans = orphans(specs, settings, manifest)
    for name in report.skipped:
        progress("skipped", name)
    for name in report.failed:
        progress("failed", name)


def run(specs: list[Spec], settings: Settings, *, check: bool, progress: Progress) -> Report:
    """Build (or, with ``check``, only inspect) every spec's outputs."""
    from ..rendering.environment import theme_folders

    theme_folders(settings.theme, settings.templates)  # notes the templates folder as an input
    check_outputs(specs, settings.out, settings.formats)  # before anything is built
    started = time.perf_counter()
    report = Report()
    manifest = Manifest(settings.out)
    tasks: list[Task] = []
    if check:
        unchecked(specs, settings, manifest)
        tasks = list(plan(specs, settings, manifest, report))
        _planned(specs, settings, manifest, report, progress)
        for output in (o for task in tasks for o in task.outputs):
            gone = not output.path.exists()
            (report.missing if gone else report.stale).append(str(output.path))
            progress("missing" if gone else "stale", str(output.path))
        report.seconds = time.perf_counter() - started
        return report

    def collect(built: Built) -> None:
        for output in built.outputs:
            manifest.record(output.key, built.spec, output.source, output.path)
            report.built.append(str(output.path))
            progress("built", str(output.path))
        if built.problems:
            report.failed[built.spec] = built.problems
            progress("failed", built.spec)
        if built.fast_subsetting is not None:
            report.fast_subsetting = built.fast_subsetting

    try:
        with ExitStack() as stack:
            # Workers start as soon as there are two specs to build, and load WeasyPrint while
            # the rest are checked; a single spec is built here, without starting any.
            pool: ProcessPoolExecutor | None = None
            futures: list[Future[Built]] = []
            collected: set[Future[Built]] = set()
            try:
                for task in plan(specs, settings, manifest, report):
                    tasks.append(task)
                    if settings.jobs > 1 and len(tasks) > 1:
                        if pool is None:
                            pool = stack.enter_context(
                                ProcessPoolExecutor(
                                    max_workers=min(settings.jobs, len(specs)),
                                    mp_context=_start_method(),
                                    initializer=_worker_start,
                                    initargs=("pdf" in settings.formats,),
                                )
                            )
                        futures += [
                            pool.submit(build_task, t, settings) for t in tasks[len(futures) :]
                        ]
                _planned(specs, settings, manifest, report, progress)
                progress("planned", str(sum(len(task.outputs) for task in tasks)))
                if pool is None:
                    for task in tasks:
                        collect(build_task(task, settings))
                for future in as_completed(futures):
                    collected.add(future)  # before: a stop inside collect() must not repeat it
                    collect(future.result())
            except KeyboardInterrupt:
                # Workers ignore Ctrl-C: they finish the document in hand and start no
                # other; what they finished is recorded.
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
                    for future in futures:
                        if future in collected or not future.done() or future.cancelled():
                            continue
                        if future.exception() is None:
                            collect(future.result())
                raise
    finally:
        if tasks or report.orphans != []:
            try:
                manifest.save()
            except WorkagreeError as exc:  # e.g. a full disk: reported with the rest
                report.failed[str(manifest.path)] = exc.problems
    report.seconds = time.perf_counter() - started
    return report

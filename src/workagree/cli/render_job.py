"""One render of one spec: check it, render every format within the time limit, then write.

Nothing is written until every format has rendered, and each file is written atomically,
so a failed, stopped or interrupted render leaves the previous outputs as they were.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, Severity, WorkagreeError
from . import console
from .report import print_problems

if TYPE_CHECKING:
    from ..model import Agreement
    from ..rendering.request import Page, Rendered, Request


def agreement_of(file: Path, strict: bool) -> Agreement:
    """The spec's agreement; its warnings printed, its errors (or, strict, warnings) raised."""
    from ..api import check_file

    result = check_file(file)
    blocking = [p for p in result.problems if strict or p.severity is Severity.ERROR]
    if blocking or result.agreement is None:
        raise WorkagreeError(result.problems or blocking)
    if result.problems:
        print_problems(console.stderr(), result.problems)
    return result.agreement


def page_budget(
    file: str,
    pages: int,
    max_pages: int,
    strict: bool,
    hint: str = "pass --fit to shrink it onto the page, or shorten the text",
) -> None:
    """A warning (an error when strict) when the PDF has more pages than allowed."""
    from ..rendering.fit import pages_word

    if pages <= max_pages:
        return
    message = f"the PDF has {pages_word(pages)}, more than the {pages_word(max_pages)} allowed"
    _warn(Problem(file=file, message=message, code="too-many-pages", hint=hint), strict)


def clipped_text(file: str, overflow: str | None, strict: bool) -> None:
    """A warning (an error when strict) when text runs outside its box or off the page."""
    if overflow is None:
        return
    message = f"text in {overflow} runs outside its box or off the page, so part of it is hidden"
    from ..engine.overflow import HINT

    _warn(Problem(file=file, message=message, code="text-overflow", hint=HINT), strict)


def _warn(problem: Problem, strict: bool) -> None:
    if strict:
        raise WorkagreeError([replace(problem, severity=Severity.ERROR)])
    print_problems(console.stderr(), [replace(problem, severity=Severity.WARNING)])


def check_targets(targets: Iterable[Path | None]) -> None:
    """Refuse now, before rendering, a target that writing would refuse later."""
    from ..output import check_target

    for target in targets:
        if target is not None:
            check_target(target)


def emit(data: str | bytes, target: Path | None, note: str | None = None) -> None:
    """Write ``data`` atomically to ``target`` and say so, or to stdout when it is None."""
    from ..output import write_atomic

    if target is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
        sys.stdout.flush()
        return
    write_atomic(target, data)
    suffix = f" ({note})" if note else ""
    console.stderr().print(f"Wrote {target}{suffix}", soft_wrap=True, markup=False)


@dataclass(frozen=True)
class RenderJob:
    """Everything `workagree render` was asked to do, repeatable (for --watch).

    ``redline`` is the OLD side (a file or ``REV:PATH``), read on every run.
    """

    file: Path
    targets: dict[str, Path | None]  # format -> file; None is stdout
    theme: str
    templates: Path | None
    page: Page
    fit: bool
    max_pages: int | None  # None: 1 page, or no limit for a redline
    strict: bool
    timeout: float
    locale: str | None = None
    redline: str | None = None
    embed_source: bool = True

    def requests(self, old: Agreement | None) -> dict[str, Request]:
        from ..rendering.request import Request

        return {
            fmt: Request(
                format=fmt,
                theme=self.theme,
                templates=self.templates,
                page=self.page,
                locale=self.locale,
                fit=self.fit,
                max_pages=self.max_pages,
                redline=old,
                file=str(self.file),
                embed_source=self.embed_source,
            )
            for fmt in self.targets
        }

    def run(self) -> None:
        from ..formats import FORMATS
        from ..rendering.pipeline import check, produce
        from ..timelimit import time_limit

        agreement = agreement_of(self.file, self.strict)
        old = None
        if self.redline is not None:
            from .redline import old_agreement

            old = old_agreement(self.redline)
        check_targets(self.targets.values())  # the spec is read, nothing slow has started
        requests = self.requests(old)
        for request in requests.values():
            check(request)
        engine = [fmt for fmt in requests if FORMATS[fmt].engine]
        if engine:
            from ..engine import prepare

            prepare()  # WeasyPrint's import is not part of the document's time
        with time_limit(self.timeout, str(self.file)):
            rendered = {fmt: produce(agreement, request) for fmt, request in requests.items()}
        for fmt, result in rendered.items():
            self._judge(result)
            if fmt in engine:
                console.note_slow_subsetting()
        for fmt, result in rendered.items():
            emit(result.data, self.targets[fmt], result.note)

    def _judge(self, result: Rendered) -> None:
        """Warn (or, strict, refuse) a document over its page budget or with clipped text."""
        if result.pages is None:
            return
        if self.redline is None:
            page_budget(str(self.file), result.pages, self.max_pages or 1, self.strict)
            clipped_text(str(self.file), result.overflow, self.strict)
        elif self.max_pages is not None:
            hint = "a redline may take more pages than the agreement; raise --max-pages"
            page_budget(str(self.file), result.pages, self.max_pages, self.strict, hint)

"""The PDF engine: WeasyPrint, in a helper process started early when there is one, else here.

Callers use only this module: :func:`prepare` before a time limit starts, then
:func:`make_pdf` for each document.
"""

from __future__ import annotations

from . import helper

# `weasy` is imported on first use: the `workagree` command imports this package before
# forking its helper, and only what forking needs should come before that.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .weasy import (
        MISSING_ENGINE_HINT,
        SLOW_SUBSETTING_NOTE,
        PdfRequest,
        PdfResult,
        weasyprint,
    )

_FROM_WEASY = (
    "MISSING_ENGINE_HINT",
    "SLOW_SUBSETTING_NOTE",
    "PdfRequest",
    "PdfResult",
    "weasyprint",
)

__all__ = [
    "MISSING_ENGINE_HINT",
    "SLOW_SUBSETTING_NOTE",
    "PdfRequest",
    "PdfResult",
    "fast_subsetting",
    "make_pdf",
    "prepare",
    "weasyprint",
]


def prepare() -> None:
    """Load WeasyPrint now, so that its import is not counted in a document's time limit.

    A helper loads it in parallel instead, and the limit is paused while the helper is
    waited for. Raises :class:`~workagree.WorkagreeError` when WeasyPrint cannot be loaded.
    """
    if helper.running() is None:
        from .weasy import weasyprint

        weasyprint()


def make_pdf(request: PdfRequest) -> PdfResult:
    """The PDF for ``request``, from the helper process when one is running."""
    running = helper.running()
    if running is not None:
        result = running.pdf(request)
        if result is not None:
            return result
    from ..timelimit import paused
    from . import weasy

    with paused():  # loaded here only if the helper is gone: not part of the document's time
        weasy.weasyprint()
    return weasy.html_to_pdf(request)


def fast_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz, not fontTools (a little faster)."""
    running = helper.running()
    fast = running.fast_subsetting() if running is not None else None
    if fast is not None:
        return fast
    from . import weasy

    return weasy.fast_subsetting()


def __getattr__(name: str) -> Any:
    if name in _FROM_WEASY:
        from . import weasy

        return getattr(weasy, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Fitting a PDF onto its page budget: tighter spacing first, then a smaller root size.

The search renders at most seven times: as designed; with tight spacing; at the
smallest readable size (8 pt) to know whether fitting is possible at all; then four
steps of a binary search between 8 pt and the designed size, keeping the largest
size that fits.

A render fits when it has no more pages than allowed and no text runs outside its box
or the page (see :mod:`workagree.engine.overflow`): clipped text is not a fit.
"""

from __future__ import annotations

from pathlib import Path

from ..engine.overflow import HINT as OVERFLOW_HINT
from ..errors import WorkagreeError
from ..model import Agreement
from .context import DEFAULT_ROOT_SIZE, Layout
from .pdf import PdfResult, render_pdf

MIN_ROOT_SIZE = 8.0
TIGHT_SPACING = 0.55
SEARCH_STEPS = 4


def pages_word(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"


def _does_not_fit(result: PdfResult, max_pages: int, file: str) -> WorkagreeError:
    """Why even the smallest readable size does not fit: too many pages, or clipped text."""
    if result.pages > max_pages:
        section = f"the '{result.spill}' section" if result.spill else "the content"
        message = (
            f"{section} spills over onto page {max_pages + 1} ({pages_word(result.pages)} in all)"
        )
        hint = "shorten that section, or allow more pages with --max-pages"
    else:
        message = f"text in {result.overflow} runs outside its box or off the page"
        hint = OVERFLOW_HINT
    return WorkagreeError.single(
        file,
        f"does not fit on {pages_word(max_pages)} even at {MIN_ROOT_SIZE:g} pt: {message}",
        "does-not-fit",
        hint=hint,
    )


def fit_pdf(
    agreement: Agreement,
    *,
    theme: str,
    templates: Path | None,
    page: str,
    max_pages: int,
    file: str = "<agreement>",
    locale: str | None = None,
    embed_source: bool = True,
) -> tuple[PdfResult, Layout]:
    """The PDF at the largest layout that fits in ``max_pages`` pages.

    Raises :class:`WorkagreeError` naming the section that spills over when even the
    smallest readable size does not fit.
    """

    def attempt(layout: Layout) -> PdfResult:
        return render_pdf(
            agreement,
            theme=theme,
            templates=templates,
            page=page,
            layout=layout,
            locale=locale,
            embed_source=embed_source,
        )

    def fits(result: PdfResult) -> bool:
        return result.pages <= max_pages and result.overflow is None

    designed = Layout()
    result = attempt(designed)
    if fits(result):
        return result, designed
    tight = Layout(DEFAULT_ROOT_SIZE, TIGHT_SPACING)
    result = attempt(tight)
    if fits(result):
        return result, tight
    smallest = Layout(MIN_ROOT_SIZE, TIGHT_SPACING)
    best = attempt(smallest)
    if not fits(best):
        raise _does_not_fit(best, max_pages, file)
    best_layout = smallest
    low, high = MIN_ROOT_SIZE, DEFAULT_ROOT_SIZE
    for _ in range(SEARCH_STEPS):
        middle = round((low + high) / 2, 2)
        layout = Layout(middle, TIGHT_SPACING)
        result = attempt(layout)
        if fits(result):
            best, best_layout, low = result, layout, middle
        else:
            high = middle
    return best, best_layout

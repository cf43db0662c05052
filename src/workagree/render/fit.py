"""Fitting a PDF onto its page budget: tighter spacing first, then a smaller root size.

The search renders at most seven times: as designed; with tight spacing; at the
smallest readable size (8 pt) to know whether fitting is possible at all; then four
steps of a binary search between 8 pt and the designed size, keeping the largest
size that fits.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import WorkagreeError
from ..model import Agreement
from .context import DEFAULT_ROOT_SIZE, Layout
from .pdf import PdfResult, render_pdf

MIN_ROOT_SIZE = 8.0
TIGHT_SPACING = 0.55
SEARCH_STEPS = 4


def pages_word(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"


def fit_pdf(
    agreement: Agreement,
    *,
    theme: str,
    templates: Path | None,
    page: str,
    max_pages: int,
    file: str = "<agreement>",
    locale: str | None = None,
) -> tuple[PdfResult, Layout]:
    """The PDF at the largest layout that fits in ``max_pages`` pages.

    Raises :class:`WorkagreeError` naming the section that spills over when even the
    smallest readable size does not fit.
    """

    def attempt(layout: Layout) -> PdfResult:
        return render_pdf(
            agreement, theme=theme, templates=templates, page=page, layout=layout, locale=locale
        )

    designed = Layout()
    result = attempt(designed)
    if result.pages <= max_pages:
        return result, designed
    tight = Layout(DEFAULT_ROOT_SIZE, TIGHT_SPACING)
    result = attempt(tight)
    if result.pages <= max_pages:
        return result, tight
    smallest = Layout(MIN_ROOT_SIZE, TIGHT_SPACING)
    best = attempt(smallest)
    if best.pages > max_pages:
        section = f"the '{best.spill}' section" if best.spill else "the content"
        raise WorkagreeError.single(
            file,
            f"does not fit on {pages_word(max_pages)} even at {MIN_ROOT_SIZE:g} pt: "
            f"{section} spills over onto page {max_pages + 1} ({pages_word(best.pages)} in all)",
            "does-not-fit",
            hint="shorten that section, or allow more pages with --max-pages",
        )
    best_layout = smallest
    low, high = MIN_ROOT_SIZE, DEFAULT_ROOT_SIZE
    for _ in range(SEARCH_STEPS):
        middle = round((low + high) / 2, 2)
        layout = Layout(middle, TIGHT_SPACING)
        result = attempt(layout)
        if result.pages <= max_pages:
            best, best_layout, low = result, layout, middle
        else:
            high = middle
    return best, best_layout

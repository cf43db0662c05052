"""An agreement to PDF: its HTML, laid out by the engine (see :mod:`workagree.engine`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..engine import PdfRequest, PdfResult, make_pdf
from .environment import theme_folders
from .themes import templates_root

if TYPE_CHECKING:
    from ..model import Agreement
    from .context import Layout
    from .request import Rendered, Request

__all__ = ["PdfResult", "generate", "pdf_from_html", "redline", "render_pdf"]


def render_pdf(
    agreement: Agreement,
    *,
    theme: str,
    templates: Path | None,
    page: str,
    layout: Layout | None = None,
    locale: str | None = None,
    embed_source: bool = True,
) -> PdfResult:
    """Render the agreement's HTML to PDF; the same spec always gives the same bytes.

    ``locale`` writes it in another language than the spec's ``locale:``; with
    ``embed_source`` the PDF carries the agreement's canonical spec, whose fingerprint
    its footer shows (see :mod:`workagree.engine.archival`).
    """
    from .text import render_text

    html = render_text(
        agreement,
        format="html",
        theme=theme,
        templates=templates,
        page=page,
        layout=layout,
        locale=locale,
    )
    return pdf_from_html(
        html,
        identifier=agreement.fingerprint,
        theme=theme,
        templates=templates,
        source=agreement.canonical_json() if embed_source else None,
    )


def pdf_from_html(
    html: str, *, identifier: str, theme: str, templates: Path | None, source: str | None = None
) -> PdfResult:
    """PDF bytes for rendered HTML, fetching only bundled files; ``identifier`` is ASCII.

    ``source`` is the canonical spec the PDF carries as its one associated file (None: none).
    """
    root = templates_root()
    return make_pdf(
        PdfRequest(
            html=html,
            base_url=root.as_uri() + "/",
            folders=[root, *theme_folders(theme, templates)],
            identifier=identifier,
            source=source,
        )
    )


def generate(agreement: Agreement, request: Request) -> Rendered:
    """The one-page PDF, shrunk to its page budget when ``request.fit`` asks."""
    from .fit import fit_pdf, pages_word
    from .request import Rendered

    if request.fit:
        result, layout = fit_pdf(
            agreement,
            theme=request.theme,
            templates=request.templates,
            page=request.page,
            max_pages=request.budget,
            file=request.file,
            locale=request.locale,
            embed_source=request.embed_source,
        )
        note = f"{pages_word(result.pages)}, {layout.root_size:g} pt"
    else:
        result = render_pdf(
            agreement,
            theme=request.theme,
            templates=request.templates,
            page=request.page,
            locale=request.locale,
            embed_source=request.embed_source,
        )
        note = pages_word(result.pages)
    return Rendered(result.pdf, result.pages, note, result.overflow)


def redline(new: Agreement, old: Agreement, request: Request) -> Rendered:
    """The redline as a PDF; it may take more than one page."""
    from .fit import pages_word
    from .redline import redline_pdf
    from .request import Rendered

    data, pages = redline_pdf(new, old, request)
    return Rendered(data, pages, pages_word(pages))

"""An agreement to PDF: its HTML, laid out by the engine (see :mod:`workagree.engine`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..engine import PdfRequest, PdfResult, make_pdf
from .environment import templates_root, theme_folders

if TYPE_CHECKING:
    from ..model import Agreement
    from .context import Layout

__all__ = ["PdfResult", "pdf_from_html", "render_pdf"]


def render_pdf(
    agreement: Agreement,
    *,
    theme: str,
    templates: Path | None,
    page: str,
    layout: Layout | None = None,
    locale: str | None = None,
) -> PdfResult:
    """Render the agreement's HTML to PDF; the same spec always gives the same bytes.

    ``locale`` writes it in another language than the spec's ``locale:``.
    """
    from . import render_text

    html = render_text(
        agreement,
        format="html",
        theme=theme,
        templates=templates,
        page=page,  # type: ignore[arg-type]
        layout=layout,
        locale=locale,
    )
    return pdf_from_html(html, identifier=agreement.fingerprint, theme=theme, templates=templates)


def pdf_from_html(html: str, *, identifier: str, theme: str, templates: Path | None) -> PdfResult:
    """PDF bytes for rendered HTML, fetching only bundled files; ``identifier`` is ASCII."""
    root = templates_root()
    return make_pdf(
        PdfRequest(
            html=html,
            base_url=root.as_uri() + "/",
            folders=[root, *theme_folders(theme, templates)],
            identifier=identifier,
        )
    )

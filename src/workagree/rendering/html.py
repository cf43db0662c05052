"""HTML: the page as a browser shows it (and as the PDF engine lays it out)."""

from __future__ import annotations

from ..model import Agreement
from .request import Rendered, Request
from .text import render_text


def generate(agreement: Agreement, request: Request) -> Rendered:
    return Rendered(
        render_text(
            agreement,
            format="html",
            theme=request.theme,
            templates=request.templates,
            page=request.page,
            locale=request.locale,
        )
    )


def redline(new: Agreement, old: Agreement, request: Request) -> Rendered:
    from .redline import redline_html

    return Rendered(
        redline_html(
            new,
            old,
            theme=request.theme,
            templates=request.templates,
            page=request.page,
            locale=request.locale,
        )
    )

"""HTML: the page as a browser shows it (and as the PDF engine lays it out)."""

from __future__ import annotations

from ..model import Agreement
from .request import Rendered, Request
from .text import text_for


def generate(agreement: Agreement, request: Request) -> Rendered:
    return Rendered(text_for(agreement, request, "html"))


def redline(new: Agreement, old: Agreement, request: Request) -> Rendered:
    from .redline import redline_html

    return Rendered(redline_html(new, old, request))

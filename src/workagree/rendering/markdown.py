"""Markdown: for a wiki, a README or a pull request."""

from __future__ import annotations

from ..model import Agreement
from .request import Rendered, Request
from .text import render_text


def generate(agreement: Agreement, request: Request) -> Rendered:
    return Rendered(
        render_text(
            agreement,
            format="md",
            theme=request.theme,
            templates=request.templates,
            page=request.page,
            locale=request.locale,
        )
    )

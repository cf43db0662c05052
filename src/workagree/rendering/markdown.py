"""Markdown: for a wiki, a README or a pull request."""

from __future__ import annotations

from ..model import Agreement
from .request import Rendered, Request
from .text import text_for


def generate(agreement: Agreement, request: Request) -> Rendered:
    return Rendered(text_for(agreement, request, "md"))

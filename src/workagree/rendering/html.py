"""HTML: the page as a browser shows it, one file standing on its own.

Its fonts travel inside it (see :mod:`workagree.rendering.webfonts`); the PDF engine lays
out the same template with the font files instead (:mod:`workagree.rendering.pdf`).
"""

from __future__ import annotations

from ..model import Agreement
from .request import Rendered, Request
from .text import text_for
from .webfonts import standalone


def generate(agreement: Agreement, request: Request) -> Rendered:
    return Rendered(
        standalone(
            lambda fonts: text_for(agreement, request, "html", fonts), created=_date(agreement)
        )
    )


def redline(new: Agreement, old: Agreement, request: Request) -> Rendered:
    from .redline import redline_html

    return Rendered(
        standalone(lambda fonts: redline_html(new, old, request, fonts), created=_date(new))
    )


def _date(agreement: Agreement) -> str | None:
    """The date stamped into the fonts: the effective date, as in the agreement's PDF."""
    return agreement.effective.isoformat() if agreement.effective else None

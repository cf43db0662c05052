"""A redline: the new version of an agreement with what changed since the old one marked.

>>> from workagree import load, render
>>> html = render(load("v2.yaml"), format="html", redline=load("v1.yaml"))

Insertions are <ins> (green, underlined, with a "+"), deletions <del> (red, struck
through, with a "−"), so the marks survive black-and-white printing. A box at the top
summarises the changes. Redlines use one layout for every theme (the theme's type and
colours, a list of responsibilities) and may run to more than one page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..diffing.changes import compare
from ..i18n import format_date
from ..model import Agreement
from . import redline_rows
from .context import template_context
from .environment import render_template
from .marks import words
from .text import document_language

if TYPE_CHECKING:
    from .request import Request

TEMPLATE = "redline.html.j2"


def redline_context(
    new: Agreement,
    old: Agreement,
    *,
    theme: str,
    page: str,
    locale: str | None = None,
    fonts: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """The normal template context of ``new`` plus ``redline``: the marked sections.

    ``locale`` writes it in another language than the new spec's ``locale:``; ``fonts``
    are the fonts' sources (see :func:`~.context.template_context`).
    """
    language = document_language(new, locale)
    context = template_context(
        new, theme=theme, page=page, html=True, layout=None, locale=language, fonts=fonts
    )
    compared = compare(old, new)
    renames = compared.renames

    def on(agreement: Agreement, day: object) -> str:
        assert isinstance(day, dt.date)
        return format_date(day, language)

    old_effective = on(old, old.effective) if old.effective else None
    new_effective = on(new, new.effective) if new.effective else None
    context["redline"] = {
        "summary": redline_rows.summary(compared.changes),
        "old_fingerprint": old.fingerprint,
        "title": words(old.title or str(context["title"]), str(context["title"])),
        "project": words(old.project, new.project),
        "version": words(old.version, new.version),
        "effective": words(old_effective, new_effective),
        "parties": redline_rows.parties(old, new, renames),
        "duties": redline_rows.duties(old, new, renames, language),
        "consequences": redline_rows.consequences(old, new, renames),
        "milestones": redline_rows.milestones(old, new, renames, on),
        "terms": redline_rows.terms(old, new, renames),
    }
    return context


def redline_html(
    new: Agreement, old: Agreement, request: Request, fonts: Mapping[str, str] | None = None
) -> str:
    """The redline as one HTML document: styles inline, fonts from ``fonts`` (by default
    their URLs beside the templates, for the PDF engine)."""
    context = redline_context(
        new, old, theme=request.theme, page=request.page, locale=request.locale, fonts=fonts
    )
    language = document_language(new, request.locale)
    return render_template(request.theme, request.templates, TEMPLATE, context, locale=language)


def redline_pdf(new: Agreement, old: Agreement, request: Request) -> tuple[bytes, int]:
    """The redline as PDF bytes, with its page count."""
    from .pdf import pdf_from_html

    html = redline_html(new, old, request)
    identifier = f"{new.fingerprint}-{old.fingerprint}"
    result = pdf_from_html(
        html, identifier=identifier, theme=request.theme, templates=request.templates
    )
    return result.pdf, result.pages

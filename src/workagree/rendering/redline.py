"""A redline: the new version of an agreement with what changed since the old one marked.

>>> from workagree import load
>>> from workagree.rendering.redline import redline
>>> html = redline(load("v2.yaml"), load("v1.yaml"), format="html")

Insertions are <ins> (green, underlined, with a "+"), deletions <del> (red, struck
through, with a "−"), so the marks survive black-and-white printing. A box at the top
summarises the changes. Redlines use one layout for every theme (the theme's type and
colours, a list of responsibilities) and may run to more than one page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from ..diffing.changes import compare
from ..i18n import format_date
from ..model import Agreement
from . import redline_rows
from .context import template_context
from .environment import render_template
from .marks import words

RedlineFormat = Literal["html", "pdf"]
REDLINE_FORMATS: tuple[RedlineFormat, ...] = ("html", "pdf")
TEMPLATE = "redline.html.j2"


def redline_context(new: Agreement, old: Agreement, *, theme: str, page: str) -> dict[str, object]:
    """The normal template context of ``new`` plus ``redline``: the marked sections."""
    context = template_context(
        new, theme=theme, page=page, html=True, layout=None, locale=new.locale
    )
    compared = compare(old, new)
    renames = compared.renames

    def on(agreement: Agreement, day: object) -> str:
        assert isinstance(day, dt.date)
        return format_date(day, new.locale)

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
        "duties": redline_rows.duties(old, new, renames),
        "consequences": redline_rows.consequences(old, new, renames),
        "milestones": redline_rows.milestones(old, new, renames, on),
        "terms": redline_rows.terms(old, new, renames),
    }
    return context


def redline_html(
    new: Agreement,
    old: Agreement,
    *,
    theme: str = "classic",
    templates: Path | None = None,
    page: str = "a4",
) -> str:
    """The redline as one HTML document (styles inline, fonts by relative URL)."""
    context = redline_context(new, old, theme=theme, page=page)
    return render_template(theme, templates, TEMPLATE, context, locale=new.locale)


def redline_pdf(
    new: Agreement,
    old: Agreement,
    *,
    theme: str = "classic",
    templates: Path | None = None,
    page: str = "a4",
) -> tuple[bytes, int]:
    """The redline as PDF bytes, with its page count."""
    from .pdf import pdf_from_html

    html = redline_html(new, old, theme=theme, templates=templates, page=page)
    identifier = f"{new.fingerprint}-{old.fingerprint}"
    result = pdf_from_html(html, identifier=identifier, theme=theme, templates=templates)
    return result.pdf, result.pages


def redline(
    new: Agreement,
    old: Agreement,
    *,
    format: RedlineFormat,
    theme: str = "classic",
    templates: Path | None = None,
    page: Literal["a4", "letter"] = "a4",
) -> str | bytes:
    """``new`` with its differences from ``old`` marked: HTML text or PDF bytes.

    Raises :class:`~workagree.WorkagreeError` for template mistakes and a missing PDF engine.
    """
    if format == "pdf":
        return redline_pdf(new, old, theme=theme, templates=templates, page=page)[0]
    return redline_html(new, old, theme=theme, templates=templates, page=page)

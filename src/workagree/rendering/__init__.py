"""Rendering: an Agreement to Markdown, HTML or PDF through Jinja templates.

>>> from workagree import load, render
>>> html = render(load("examples/agency-campaign.yaml"), format="html", theme="columns")

Markdown and HTML need only Jinja; WeasyPrint is imported when a PDF is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ..locales import require_locale
from ..model import Agreement
from .context import DEFAULT_ROOT_SIZE, Layout, template_context
from .environment import THEMES, render_template

Format = Literal["md", "html", "pdf"]
Page = Literal["a4", "letter"]
FORMATS: tuple[Format, ...] = ("md", "html", "pdf")

__all__ = [
    "DEFAULT_ROOT_SIZE",
    "FORMATS",
    "THEMES",
    "Format",
    "Layout",
    "Page",
    "render",
]


def document_language(agreement: Agreement, locale: str | None) -> str:
    """The language to write in: ``locale`` if given, else the spec's ``locale:``.

    The agreement itself (and so its fingerprint) stays as the spec says. Raises
    :class:`~workagree.UsageError` for a language workagree does not write.
    """
    return agreement.locale if locale is None else require_locale(locale)


def render(
    agreement: Agreement,
    *,
    format: Format,
    theme: str = "classic",
    templates: Path | None = None,
    page: Page = "a4",
    locale: str | None = None,
) -> str | bytes:
    """The agreement as Markdown or HTML text, or PDF bytes.

    ``templates`` is a folder whose files override the theme's, one file at a time;
    ``locale`` writes the document in another language than the spec's ``locale:``.
    Raises :class:`~workagree.WorkagreeError` for template mistakes, refused resources
    and a missing PDF engine.
    """
    if format == "pdf":
        from .pdf import render_pdf

        return render_pdf(agreement, theme=theme, templates=templates, page=page, locale=locale).pdf
    return render_text(
        agreement, format=format, theme=theme, templates=templates, page=page, locale=locale
    )


def render_text(
    agreement: Agreement,
    *,
    format: Literal["md", "html"],
    theme: str = "classic",
    templates: Path | None = None,
    page: Page = "a4",
    layout: Layout | None = None,
    locale: str | None = None,
) -> str:
    """Markdown or HTML, with an explicit ``layout`` (root size and spacing) for fitting."""
    html = format == "html"
    language = document_language(agreement, locale)
    context = template_context(
        agreement, theme=theme, page=page, html=html, layout=layout, locale=language
    )
    return render_template(theme, templates, f"agreement.{format}.j2", context, locale=language)

"""Markdown and HTML from the templates: the step every format starts with."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..locales import require_locale
from ..model import Agreement
from .context import Layout, template_context
from .environment import render_template

if TYPE_CHECKING:
    from .request import Request


def document_language(agreement: Agreement, locale: str | None) -> str:
    """The language to write in: ``locale`` if given, else the spec's ``locale:``.

    The agreement itself (and so its fingerprint) stays as the spec says. Raises
    :class:`~workagree.UsageError` for a language workagree does not write.
    """
    return agreement.locale if locale is None else require_locale(locale)


def render_text(
    agreement: Agreement,
    *,
    format: Literal["md", "html"],
    theme: str = "classic",
    templates: Path | None = None,
    page: str = "a4",
    layout: Layout | None = None,
    locale: str | None = None,
    fonts: Mapping[str, str] | None = None,
) -> str:
    """Markdown or HTML, with an explicit ``layout`` (root size and spacing) for fitting.

    ``fonts`` are the fonts' sources (see :func:`~.context.template_context`).
    """
    html = format == "html"
    language = document_language(agreement, locale)
    context = template_context(
        agreement, theme=theme, page=page, html=html, layout=layout, locale=language, fonts=fonts
    )
    return render_template(theme, templates, f"agreement.{format}.j2", context, locale=language)


def text_for(
    agreement: Agreement,
    request: Request,
    format: Literal["md", "html"],
    fonts: Mapping[str, str] | None = None,
) -> str:
    """:func:`render_text` with the options of ``request``."""
    return render_text(
        agreement,
        format=format,
        theme=request.theme,
        templates=request.templates,
        page=request.page,
        locale=request.locale,
        fonts=fonts,
    )

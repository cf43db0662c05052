"""Rendering: an Agreement to Markdown, HTML or PDF through Jinja templates.

>>> from workagree import load, render
>>> html = render(load("examples/agency-campaign.yaml"), format="html", theme="columns")

Markdown and HTML need only Jinja; WeasyPrint is imported when a PDF is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from .request import PAGES, Page, Rendered, Request

if TYPE_CHECKING:
    from ..model import Agreement

__all__ = ["PAGES", "Page", "Rendered", "Request", "render"]


@overload
def render(
    agreement: Agreement,
    *,
    format: Literal["pdf"],
    theme: str = ...,
    templates: Path | None = ...,
    page: Page = ...,
    locale: str | None = ...,
    fit: bool = ...,
    max_pages: int | None = ...,
    redline: Agreement | None = ...,
    embed_source: bool = ...,
) -> bytes: ...
@overload
def render(
    agreement: Agreement,
    *,
    format: Literal["md", "html"],
    theme: str = ...,
    templates: Path | None = ...,
    page: Page = ...,
    locale: str | None = ...,
    fit: bool = ...,
    max_pages: int | None = ...,
    redline: Agreement | None = ...,
    embed_source: bool = ...,
) -> str: ...
@overload
def render(
    agreement: Agreement,
    *,
    format: str,
    theme: str = ...,
    templates: Path | None = ...,
    page: Page = ...,
    locale: str | None = ...,
    fit: bool = ...,
    max_pages: int | None = ...,
    redline: Agreement | None = ...,
    embed_source: bool = ...,
) -> str | bytes: ...
def render(
    agreement: Agreement,
    *,
    format: str,
    theme: str = "classic",
    templates: Path | None = None,
    page: Page = "a4",
    locale: str | None = None,
    fit: bool = False,
    max_pages: int | None = None,
    redline: Agreement | None = None,
    embed_source: bool = True,
) -> str | bytes:
    """The agreement as Markdown or HTML text, or PDF bytes.

    ``templates`` is a folder whose files override the theme's, one file at a time;
    ``locale`` writes the document in another language than the spec's ``locale:``;
    ``fit`` shrinks a PDF onto ``max_pages`` pages (default 1); ``redline`` is an older
    version whose differences are marked (HTML or PDF); ``embed_source=False`` leaves the
    spec out of a PDF (by default it carries it, for :func:`workagree.verify`). Raises
    :class:`~workagree.WorkagreeError` for an unknown format or theme, template mistakes,
    refused resources and a missing PDF engine.
    """
    from .pipeline import produce

    request = Request(
        format=format,
        theme=theme,
        templates=None if templates is None else Path(templates),
        page=page,
        locale=locale,
        fit=fit,
        max_pages=max_pages,
        redline=redline,
        embed_source=embed_source,
    )
    return produce(agreement, request).data

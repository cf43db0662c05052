"""What a template receives: the agreement, its sides, and helpers bound to its language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..dates import deadlines
from ..i18n import format_date, translate
from ..model import Agreement, Milestone
from . import helpers, markup
from .view import DEADLINES, Helper

DEFAULT_ROOT_SIZE = 10.5
DEFAULT_SPACING = 1.2


@dataclass(frozen=True)
class Layout:
    """The two knobs fitting turns: the root font size (pt) and a spacing factor."""

    root_size: float = DEFAULT_ROOT_SIZE
    spacing: float = DEFAULT_SPACING


def template_context(
    agreement: Agreement,
    *,
    theme: str,
    page: str,
    html: bool,
    layout: Layout | None,
    locale: str,
    fonts: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """The template's names; ``locale`` is the language written (the spec's, or --locale).

    ``fonts`` is the CSS ``src`` of each bundled font file; by default its URL beside the
    templates, as the PDF engine reads it (see :mod:`workagree.rendering.webfonts`).
    """
    from .webfonts import linked

    layout = layout or Layout()

    def on(day: dt.date) -> str:
        return format_date(day, locale)

    def when(deadline: deadlines.Deadline | None) -> str | Markup:
        words = helpers.deadline_words(agreement, deadline, locale)
        return helpers.unbroken_date(agreement, deadline, words, locale) if html else words

    def labels(ids: Sequence[str]) -> str:
        return ", ".join(helpers.consequence_label(i) for i in ids)

    def role(name: str) -> str:
        if name == "provider":
            return translate(locale, "Provider")
        return translate(locale, "Client")

    light: Callable[[str], Any] = (
        (lambda text: Markup(markup.to_html(text))) if html else markup.to_markdown
    )
    return {
        "agreement": agreement,  # made inert (a read-only record) by render_template
        "title": agreement.title or translate(locale, "How We Work Together"),
        "authors": helpers.provider_names(agreement),
        "sides": helpers.sides(agreement),
        "consequences": helpers.used_consequences(agreement),
        "theme": theme,
        "locale": locale,
        "page": page,
        "root_size": f"{layout.root_size:.2f}".rstrip("0").rstrip("."),
        "spacing": layout.spacing,
        "fonts": linked() if fonts is None else fonts,
        "on": Helper("on", on, dt.date, "a date such as milestone.date"),
        "kept": Helper(
            "kept", lambda m: helpers.kept_day(agreement, m)[0], Milestone, "a milestone"
        ),
        "moved": Helper(
            "moved", lambda m: helpers.moved_note(agreement, m, locale), Milestone, "a milestone"
        ),
        "when": Helper("when", when, (*DEADLINES, type(None)), "a deadline such as item.deadline"),
        "label": Helper("label", helpers.consequence_label, str, "a consequence id"),
        "labels": Helper("labels", labels, list, "a list of ids such as item.if_missed"),
        "role": Helper("role", role, str, "a role: 'provider' or 'client'"),
        "md": Helper("md", markup.md_escape, str, "text"),
        "light": Helper("light", light, str, "text"),
    }

"""Where the words workagree writes come from: one translations object per language.

Every label, heading and deadline phrase the tool writes itself goes through the
``gettext``/``ngettext`` pair of :func:`translations`, both in templates (Jinja's i18n
extension) and in Python helpers, so a catalog for another language plugs in here
without touching a template.
"""

from __future__ import annotations

import gettext
from functools import cache

from ..locales import DEFAULT_LOCALE, SUPPORTED_LOCALES


@cache
def translations(locale: str = DEFAULT_LOCALE) -> gettext.NullTranslations:
    """The translations for ``locale`` (English, the source language, needs none)."""
    if locale not in SUPPORTED_LOCALES:
        raise ValueError(f"unsupported locale {locale!r}")
    return gettext.NullTranslations()

"""The languages of the documents: gettext catalogs, plural forms and dates, through Babel.

Each language is one catalog, ``catalogs/<locale>.po``, translating the English
messages listed in ``catalogs/workagree.pot``. Catalogs are read (and compiled in
memory) the first time a language is used; a message a catalog does not translate
comes out in English. Babel is imported only here, and only when a document is
written: checking a spec never loads it.

In Python code, messages are marked by the calls ``translate(locale, "...")`` and
``translate_plural(locale, "...", "...", n)``; ``pybabel extract`` finds them with the
keywords in ``babel.cfg`` (see docs/translating.md).
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from importlib import resources
from typing import Any

from ..locales import DEFAULT_LOCALE, SUPPORTED_LOCALES

# The locale whose data (dates, lists) English documents use: "8 March 2027".
BABEL_LOCALES = {"en": "en_GB"}


def babel_locale(locale: str) -> str:
    """The Babel locale for a document language."""
    return BABEL_LOCALES.get(locale, locale)


def catalog_text(locale: str) -> str | None:
    """The text of a language's ``.po`` catalog, or None for English (the source language)."""
    if locale == DEFAULT_LOCALE:
        return None
    return resources.files(__package__).joinpath("catalogs", f"{locale}.po").read_text("utf-8")


@cache
def translations(locale: str) -> Any:
    """The compiled catalog of ``locale`` (a ``gettext.NullTranslations`` for English)."""
    import gettext

    if locale not in SUPPORTED_LOCALES:
        raise ValueError(f"unsupported locale {locale!r}")
    text = catalog_text(locale)
    if text is None:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.StringIO(text), locale=locale))
    buffer.seek(0)
    return Translations(buffer)


def translate(locale: str, message: str, **values: object) -> str:
    """``message`` in ``locale``, with ``%(name)s`` placeholders filled from ``values``."""
    text: str = translations(locale).gettext(message)
    return text % values if values else text


def translate_plural(locale: str, singular: str, plural: str, n: int, **values: object) -> str:
    """The plural form of a message that suits ``n`` in ``locale``; ``%(num)d`` is ``n``."""
    text: str = translations(locale).ngettext(singular, plural, n)
    return text % {"num": n, **values}


def format_date(day: dt.date, locale: str) -> str:
    """A date written out the way ``locale`` writes it: ``8 March 2027``, ``8. marts 2027``."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, format="long", locale=babel_locale(locale)))


def format_list(items: list[str], locale: str) -> str:
    """``Monday, Wednesday and Friday`` in ``locale``."""
    from babel.lists import format_list as babel_format_list

    return str(babel_format_list(items, locale=babel_locale(locale)))


def weekday_names(locale: str) -> tuple[str, ...]:
    """Monday to Sunday, in ``locale`` (as Babel writes them, e.g. lower case in Danish)."""
    from babel import Locale

    days = Locale.parse(babel_locale(locale)).days["format"]["wide"]
    return tuple(str(days[index]) for index in range(7))


def weekday_abbreviation(day: dt.date, locale: str) -> str:
    """``Mon``, ``man.``, ``пн``: the short weekday name of ``day`` in ``locale``."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, format="EEE", locale=babel_locale(locale)))


def format_weekday_date(day: dt.date, locale: str) -> str:
    """A date with its weekday, as ``locale`` writes it: ``Tuesday, 30 March 2027``,
    ``tirsdag den 30. marts 2027``."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, format="full", locale=babel_locale(locale)))


def format_datetime(moment: dt.datetime, locale: str) -> str:
    """A date and time of day as ``locale`` writes them: ``Tuesday, 30 March 2027, 11:00``,
    ``tirsdag den 30. marts 2027 11.00``.

    The wall-clock time of ``moment`` as given (no conversion, no zone named): the caller
    converts it into the agreement's zone and says which zone that is.
    """
    from babel.dates import format_time, get_datetime_format

    where = babel_locale(locale)
    pattern = str(get_datetime_format("full", locale=where)).replace("'", "")
    time = str(format_time(moment.replace(tzinfo=None).time(), format="short", locale=where))
    return pattern.replace("{0}", time).replace("{1}", format_weekday_date(moment.date(), locale))

"""The answers `workagree new` fills a preset with, and how each one is checked as it is typed.

Every ``parse_*`` function takes the text a person typed (or passed as an option) and returns
the value, or raises :class:`ValueError` whose message says what is wrong in plain words;
the prompt shows it and asks again.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from ..locales import SUPPORTED_LOCALES

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Party:
    """A party's name and, optionally, how to reach it."""

    name: str
    contact: str | None = None


@dataclass(frozen=True)
class Answers:
    """Everything a preset needs to become an agreement."""

    preset: str
    provider: Party
    client: Party
    project: str
    start: dt.date
    locale: str = "en"
    country: str | None = None
    timezone: str | None = None  # None: the country's (presets.default_timezone)
    settings: dict[str, int | str] = field(default_factory=dict)


def clean_text(text: str, *, what: str, limit: int, required: bool = True) -> str | None:
    """``text`` without surrounding spaces; :class:`ValueError` if it is empty, long or odd."""
    text = text.strip()
    if not text:
        if required:
            raise ValueError(f"{what} cannot be empty")
        return None
    if len(text) > limit:
        raise ValueError(f"{what} is {len(text)} characters long; keep it to {limit}")
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise ValueError(
                f"{what} contains an invisible character (U+{ord(char):04X}); type it without it"
            )
    return text


def parse_name(text: str) -> str:
    """A party's name (required, up to 120 characters)."""
    name = clean_text(text, what="the name", limit=120)
    assert name is not None
    return name


def parse_contact(text: str) -> str | None:
    """An e-mail address or phone number (optional, up to 200 characters)."""
    return clean_text(text, what="the contact", limit=200, required=False)


def parse_project(text: str) -> str:
    """What the agreement covers (required, up to 200 characters)."""
    project = clean_text(text, what="the project", limit=200)
    assert project is not None
    return project


def parse_date(text: str) -> dt.date:
    """A date written as YYYY-MM-DD."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-11")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def parse_country(text: str) -> str | None:
    """A two-letter country code whose public holidays workagree knows; empty for none."""
    code = text.strip().upper()
    if not code or code in ("-", "NONE"):
        return None
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"'{text.strip()}' is not a two-letter country code such as DK, FR or US")
    import holidays

    if code not in holidays.list_supported_countries():
        raise ValueError(f"'{code}' is not a country whose public holidays workagree knows")
    return code


def parse_locale(text: str) -> str:
    """One of the languages workagree writes documents in."""
    from ..errors import suggestion

    code = text.strip()
    if code not in SUPPORTED_LOCALES:
        raise ValueError(
            f"'{code}' is not a supported language{suggestion(code, SUPPORTED_LOCALES)}; "
            f"use one of: {', '.join(SUPPORTED_LOCALES)}"
        )
    return code


def parse_timezone(text: str) -> str:
    """An IANA time zone name (``Europe/Copenhagen``), spelt as the time zone database does."""
    from pydantic_core import PydanticCustomError

    from ..model.regions import timezone_name

    name = text.strip()
    if not name:
        raise ValueError("the time zone cannot be empty; use a name such as Europe/Copenhagen")
    try:
        return timezone_name(name)
    except PydanticCustomError as exc:
        context = exc.context or {}
        close = str(context.get("close", ""))
        spelt = close.removeprefix(" (did you mean '").removesuffix("'?)")
        if spelt.upper() == name.upper().replace(" ", "_"):  # europe/copenhagen: as it is spelt
            return spelt
        raise ValueError(
            f"'{name[:60]}' is not a time zone{context.get('close', '')}; "
            "use a name such as Europe/Copenhagen or America/New_York"
        ) from None

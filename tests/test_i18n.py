"""Language catalogs: plural forms, dates, completeness, and English fallback."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from workagree import i18n
from workagree.api import load_text
from workagree.dates import deadlines
from workagree.dates.wording import (
    by_date,
    describe,
    describe_with_date,
    milestone_name,
    working_week,
)
from workagree.locales import SUPPORTED_LOCALES
from workagree.model import Calendar

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "src" / "workagree" / "i18n" / "catalogs"
KEYWORDS = {"translate": (2,), "translate_plural": (2, 3)}

PLURALS = {
    "en": [
        "0 business days",
        "1 business day",
        "2 business days",
        "5 business days",
        "21 business days",
        "22 business days",
    ],
    "da": [
        "0 arbejdsdage",
        "1 arbejdsdag",
        "2 arbejdsdage",
        "5 arbejdsdage",
        "21 arbejdsdage",
        "22 arbejdsdage",
    ],
    "de": [
        "0 Arbeitstage",
        "1 Arbeitstag",
        "2 Arbeitstage",
        "5 Arbeitstage",
        "21 Arbeitstage",
        "22 Arbeitstage",
    ],
    "es": [
        "0 días hábiles",
        "1 día hábil",
        "2 días hábiles",
        "5 días hábiles",
        "21 días hábiles",
        "22 días hábiles",
    ],
    "et": ["0 tööpäeva", "1 tööpäev", "2 tööpäeva", "5 tööpäeva", "21 tööpäeva", "22 tööpäeva"],
    "fr": [
        "0 jour ouvré",
        "1 jour ouvré",
        "2 jours ouvrés",
        "5 jours ouvrés",
        "21 jours ouvrés",
        "22 jours ouvrés",
    ],
    "ru": [
        "0 рабочих дней",
        "1 рабочий день",
        "2 рабочих дня",
        "5 рабочих дней",
        "21 рабочий день",
        "22 рабочих дня",
    ],
}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_plural_forms(locale: str) -> None:
    words = [
        i18n.translate_plural(locale, "%(num)d business day", "%(num)d business days", n)
        for n in (0, 1, 2, 5, 21, 22)
    ]
    assert words == PLURALS[locale]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "by 8 March 2027"),
        ("da", "senest 8. marts 2027"),
        ("de", "bis zum 8. März 2027"),
        ("es", "a más tardar el 8 de marzo de 2027"),
        ("et", "tähtaeg 8. märts 2027"),
        ("fr", "au plus tard le 8 mars 2027"),
        ("ru", "не позднее 8 марта 2027\u202fг."),  # a narrow no-break space, as CLDR writes it
    ],
)
def test_due_dates(locale: str, expected: str) -> None:
    assert by_date(dt.date(2027, 3, 8), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "4 business hours (09:00–17:00 Europe/Copenhagen, Monday to Friday) after each request",
        ),
        (
            "da",
            "4 arbejdstimer (09:00–17:00 Europe/Copenhagen, mandag til fredag) efter each request",
        ),
        (
            "ru",
            "4 рабочих часа (09:00–17:00 Europe/Copenhagen, понедельник–пятница) "
            "после each request",
        ),
        (
            "fr",
            "4 heures ouvrées (09:00–17:00 Europe/Copenhagen, du lundi au vendredi) "
            "après each request",
        ),
    ],
)
def test_business_hours_in_each_language(locale: str, expected: str) -> None:
    calendar = Calendar(hours="09:00-17:00", timezone="Europe/Copenhagen")
    deadline = deadlines.parse("4 business hours after each request")
    assert describe(deadline, calendar, locale) == expected


def test_working_week_and_recurrence_in_danish() -> None:
    assert working_week(["mon", "wed", "fri"], "da") == "mandag, onsdag og fredag"
    assert describe(deadlines.parse("every friday"), Calendar(), "da") == "hver fredag"
    assert describe(deadlines.parse("every wednesday"), Calendar(), "ru") == "каждую среду"


SPEC = """\
workagree: 1
project: Kampagne
locale: da
calendar: {country: DK}
parties:
  studio: {name: Studio, role: provider}
  client: {name: Kunde, role: client}
milestones:
  - {id: lancering, what: Kampagnen går live, date: 2027-03-31}
responsibilities:
  - {id: a, owner: studio, what: Lever, deadline: 5 business days before lancering, if_missed: p}
  - {id: b, owner: client, what: Betal, deadline: 2027-04-15, if_missed: p}
consequences: {p: Pause}
"""


def test_deadline_with_its_date_in_the_agreements_language() -> None:
    agreement = load_text(SPEC)
    first, second = (r.deadline for r in agreement.responsibilities)
    assert first is not None
    assert second is not None
    # Counting back over Easter 2027 in Denmark.
    assert describe_with_date(agreement, first) == (
        "5 arbejdsdage før lancering — senest 19. marts 2027"
    )
    assert describe_with_date(agreement, first, "en") == (
        "5 business days before lancering — by 19 March 2027"
    )
    assert describe_with_date(agreement, second) == "senest 15. april 2027"


def _code_messages() -> set[str]:
    """Every message the Python code and the templates mark for translation."""
    found = [
        *extract_from_dir(
            str(ROOT / "src" / "workagree"), method_map=[("**.py", "python")], keywords=KEYWORDS
        ),
        *extract_from_dir(
            str(ROOT / "templates"),
            method_map=[("**.j2", "jinja2")],
            options_map={"**.j2": {"extensions": "jinja2.ext.i18n"}},
        ),
    ]
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


@pytest.mark.parametrize("name", ["workagree.pot", *(f"{loc}.po" for loc in SUPPORTED_LOCALES[1:])])
def test_catalogs_cover_every_message(name: str) -> None:
    with (CATALOGS / name).open(encoding="utf-8") as handle:
        catalog = read_po(handle)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    missing = _code_messages() - ids
    assert not missing, f"run the extract and update commands in docs/translating.md: {missing}"
    if name.endswith(".po"):
        untranslated = [
            m.id
            for m in catalog
            if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
        ]
        assert untranslated == []
        assert not [m.id for m in catalog if m.fuzzy and m.id]
        assert not list(catalog.check()), list(catalog.check())


def test_untranslated_messages_fall_back_to_english() -> None:
    assert i18n.translate("da", "a message no catalog has") == "a message no catalog has"
    assert i18n.translate_plural("ru", "%(num)d thing", "%(num)d things", 5) == "5 things"


def test_unknown_locale(cli: Callable[..., Any], write_spec: Callable[..., Path]) -> None:
    path = write_spec(SPEC.replace("locale: da", "locale: sv"))
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert (
        f"{path}:3:9: error: 'sv' is not a supported language; use one of: "
        "en, da, de, es, et, fr, ru [locale]" in result.stdout
    )


def test_checking_and_help_do_not_load_babel(write_spec: Callable[..., Path]) -> None:
    path = write_spec(SPEC)
    code = (
        "import sys; from workagree.api import check_file; import workagree.cli; "
        "import workagree.dates.wording; "
        f"assert check_file({str(path)!r}).ok; print('babel' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert out.stdout == "False\n"


@pytest.mark.parametrize(
    ("locale", "what", "expected"),
    [
        ("en", "Kampagnen går live", "kampagnen går live"),
        ("da", "Kampagnen går live", "kampagnen går live"),
        ("de", "Kampagnenstart", "Kampagnenstart"),  # German nouns keep their capital
        ("en", "QA sign-off", "QA sign-off"),  # an abbreviation stays as written
    ],
)
def test_milestones_are_named_in_the_agreements_words(
    locale: str, what: str, expected: str
) -> None:
    agreement = load_text(SPEC.replace("Kampagnen går live", what))
    first = agreement.responsibilities[0].deadline
    assert first is not None
    assert milestone_name(agreement, "lancering", locale) == expected
    assert milestone_name(agreement, "each draft", locale) == "each draft"
    words = describe_with_date(agreement, first, locale, milestone_names=True)
    assert words.split(" — ")[0].endswith(f" {expected}")

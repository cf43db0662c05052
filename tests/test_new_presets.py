"""The presets and the scaffold: every preset, filled any way, is a clean agreement."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from workagree import presets
from workagree.api import check_text, load_text
from workagree.errors import UsageError, WorkagreeError
from workagree.locales import SUPPORTED_LOCALES
from workagree.presets.answers import Answers, Party, clean_text
from workagree.presets.scaffold import scaffold, yaml_string
from workagree.spec.characters import is_forbidden
from workagree.spec.loader import loads

SCHEMA_LINE = (
    "# yaml-language-server: $schema="
    "https://raw.githubusercontent.com/workagree/workagree/main/schema/workagree.schema.json"
)
PRESETS = presets.names()


def answers(preset: str, **changes: object) -> Answers:
    base: dict[str, object] = {
        "preset": preset,
        "provider": Party("Camille Durand Design", "camille@durand.example"),
        "client": Party("Fjord Coffee SARL", "+33 1 23 45 67 89"),
        "project": "Brand identity for Fjord Coffee",
        "start": dt.date(2027, 2, 1),
    }
    base.update(changes)
    return Answers(**base)  # type: ignore[arg-type]


def test_the_five_presets_the_issue_asks_for_are_there() -> None:
    assert {"freelance", "agency-campaign", "software-vendor", "retainer", "internal-teams"} <= set(
        PRESETS
    )
    for preset in presets.presets():
        assert preset.description.endswith(".")
        assert len(preset.description) <= 100, preset.name


@pytest.mark.parametrize(
    ("preset", "locale", "country", "contacts"),
    list(itertools.product(PRESETS, SUPPORTED_LOCALES, [None, "DK", "US"], [True, False])),
)
def test_every_preset_validates_with_no_warnings(
    preset: str, locale: str, country: str | None, contacts: bool
) -> None:
    parties = {} if contacts else {"provider": Party("Ana Berg"), "client": Party("Contoso Ltd")}
    text = scaffold(answers(preset, locale=locale, country=country, **parties))
    result = check_text(text, file="agreement.yaml")
    assert result.problems == []
    agreement = result.agreement
    assert agreement is not None
    assert agreement.locale == locale
    assert agreement.calendar.country == country
    assert agreement.effective == dt.date(2027, 2, 1)
    assert agreement.project == "Brand identity for Fjord Coffee"
    provider, client = agreement.providers(), agreement.clients()
    assert len(provider) == 1
    assert len(client) == 1
    # mutual: both sides owe something
    assert agreement.responsibilities_of(provider[0])
    assert agreement.responsibilities_of(client[0])


@pytest.mark.parametrize("preset", PRESETS)
def test_settings_at_their_limits_still_validate(preset: str) -> None:
    chosen = presets.get(preset)
    for limit in ("minimum", "maximum"):
        values: dict[str, int | str] = {
            s.name: getattr(s, limit) if s.kind == "number" else "x" * getattr(s, limit)
            for s in chosen.settings
        }
        assert check_text(scaffold(answers(preset, settings=values))).problems == []


@pytest.mark.parametrize("preset", PRESETS)
def test_settings_reach_the_document(preset: str) -> None:
    chosen = presets.get(preset)
    values: dict[str, int | str] = {
        s.name: 7 if s.kind == "number" else "€ 1 200" for s in chosen.settings
    }
    text = scaffold(answers(preset, settings=values))
    agreement = load_text(text, strict=True)
    deadlines = {str(r.deadline) for r in agreement.responsibilities}
    if "feedback_days" in values:
        assert any(d.startswith("7 business days after each") for d in deadlines)
    if "response_hours" in values:
        assert any(d.startswith("7 business hours after each") for d in deadlines)
    if "payment_days" in values:
        assert "7 calendar days after each invoice" in deadlines
    if "restart_fee" in values:
        assert "costs € 1 200" in agreement.consequences["restart-fee"]


def test_one_is_singular() -> None:
    text = scaffold(answers("agency-campaign", settings={"feedback_days": 1}))
    assert "deadline: 1 business day after each delivery\n" in text


@pytest.mark.parametrize("preset", PRESETS)
def test_the_file_reads_as_a_guide(preset: str) -> None:
    text = scaffold(answers(preset))
    lines = text.splitlines()
    assert lines[0] == SCHEMA_LINE
    assert lines[1] == "# " + presets.get(preset).description
    for index, line in enumerate(lines):
        if line and not line.startswith((" ", "#")):
            # every top-level key has a one-line comment right above it
            assert lines[index - 1].startswith("# "), f"no comment above {line!r}"
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in lines)


def test_without_a_country_the_calendar_shows_how_to_set_one() -> None:
    text = scaffold(answers("freelance"))
    assert "  # country: DK    # a two-letter code" in text
    assert load_text(text).calendar.country is None


def test_the_same_answers_give_the_same_bytes() -> None:
    assert scaffold(answers("retainer")) == scaffold(answers("retainer"))


def test_an_unknown_preset_is_a_usage_error_with_a_suggestion() -> None:
    with pytest.raises(UsageError) as caught:
        scaffold(answers("retainr"))
    assert caught.value.problems[0].message == (
        "there is no preset called 'retainr' (did you mean 'retainer'?)"
    )


def test_an_unknown_or_bad_setting_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        scaffold(answers("internal-teams", settings={"payment_days": 10}))
    assert caught.value.problems[0].message == (
        "preset 'internal-teams' has no setting 'payment_days'"
    )
    with pytest.raises(UsageError) as caught:
        scaffold(answers("freelance", settings={"feedback_days": 0}))
    assert caught.value.problems[0].message == "feedback_days: give a number from 1 to 60"


def test_an_answer_that_breaks_the_agreement_is_reported_not_written() -> None:
    with pytest.raises(WorkagreeError) as caught:
        scaffold(answers("freelance", project="x" * 201))
    assert [p.code for p in caught.value.problems] == ["too-long"]


printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() == s and s)


@settings(max_examples=150, deadline=None)
@given(text=st.text(st.characters().filter(lambda c: not is_forbidden(c)), max_size=40))
def test_yaml_string_reads_back_exactly(text: str) -> None:
    """Any text a spec may hold (not the control characters the loader refuses)."""
    line = f"key: {yaml_string(text)}\n"
    assert yaml.safe_load(line) == {"key": text}
    assert loads(line).data == {"key": text}


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Ana Berg", "Ana Berg"),
        ("0E0", '"0E0"'),
        ("yes", '"yes"'),
        ("2027-01-11", '"2027-01-11"'),
        ("Fjord: Coffee", '"Fjord: Coffee"'),
        ("#platform", '"#platform"'),
        ('Say "hi"', 'Say "hi"'),
        ('"quoted" \\ back', '"\\"quoted\\" \\\\ back"'),
        ("tab\there", '"tab\\u0009here"'),
    ],
)
def test_yaml_string_is_plain_when_safe(text: str, written: str) -> None:
    assert yaml_string(text) == written


@settings(max_examples=60, deadline=None)
@given(provider=printable, client=printable, project=printable, fee=printable)
def test_any_typed_names_round_trip(provider: str, client: str, project: str, fee: str) -> None:
    text = scaffold(
        answers(
            "freelance",
            provider=Party(provider, provider),
            client=Party(client),
            project=project,
            settings={"restart_fee": fee},
        )
    )
    agreement = load_text(text, strict=True)
    assert agreement.parties["me"].name == provider
    assert agreement.parties["me"].contact == provider
    assert agreement.parties["client"].name == client
    assert agreement.project == project
    assert f"costs {fee}, for" in agreement.consequences["restart-fee"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the name cannot be empty"),
        ("   ", "the name cannot be empty"),
        ("a" * 121, "the name is 121 characters long; keep it to 120"),
        ("Ana\u202eBerg", "the name contains an invisible character (U+202E); type it without it"),
        ("Ana\nBerg", "the name contains an invisible character (U+000A); type it without it"),
    ],
)
def test_bad_names_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        clean_text(text, what="the name", limit=120)


def test_the_docs_describe_every_preset_and_setting() -> None:
    from .conftest import ROOT

    doc = (ROOT / "docs" / "presets.md").read_text(encoding="utf-8")
    for name in PRESETS:
        assert f"| `{name}` |" in doc, f"docs/presets.md does not describe preset {name}"
    for setting in presets.setting_names():
        assert f"| `{setting}` |" in doc, f"docs/presets.md does not describe {setting}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_an_untranslated_preset_says_so(locale: str) -> None:
    text = scaffold(answers("freelance", locale=locale))
    note = f"# This preset is not translated into '{locale}' yet"
    assert (note in text) is not presets.translated(locale, "freelance")
    assert presets.translated("en", "freelance")


def test_a_language_without_templates_falls_back_to_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import workagree.model.agreement

    monkeypatch.setattr(workagree.model.agreement, "SUPPORTED_LOCALES", ("en", "xx"))
    text = scaffold(answers("retainer", locale="xx"))
    assert (
        "# This preset is not translated into 'xx' yet: its wording below is in English,\n"
        "# while headings and dates will be in 'xx'. Translate the wording before sending.\n"
        "locale: xx\n"
    ) in text
    assert "what: Pay the retainer for each month in advance" in text
    assert check_text(text).problems == []


@pytest.mark.parametrize(
    ("country", "timezone", "expected"),
    [
        ("DK", None, "Europe/Copenhagen"),
        ("US", None, "America/New_York"),
        ("RU", None, "Europe/Moscow"),
        (None, None, "UTC"),
        ("US", "America/Los_Angeles", "America/Los_Angeles"),
    ],
)
def test_every_preset_names_business_hours_and_a_time_zone(
    country: str | None, timezone: str | None, expected: str
) -> None:
    for preset in PRESETS:
        text = scaffold(answers(preset, country=country, timezone=timezone))
        calendar = load_text(text, strict=True).calendar
        assert str(calendar.hours) == "09:00-17:00"
        assert calendar.timezone == expected


def test_every_country_with_holidays_has_a_real_time_zone() -> None:
    import zoneinfo

    from workagree.model import regions

    for country in regions.country_codes():
        zone = presets.default_timezone(country)
        assert zoneinfo.ZoneInfo(zone)
        assert zone != "UTC" or country in {"BV", "HM", "AQ"}, country


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_carries_the_terms_such_agreements_need(preset: str) -> None:
    agreement = load_text(scaffold(answers(preset)), strict=True)
    provider = agreement.providers()[0]
    hours = [
        r
        for r in agreement.responsibilities_of(provider)
        if str(r.deadline).endswith("business hours after each request")
    ]
    assert hours, "no acknowledgement within business hours after each request"
    terms = " ".join(f"{t.heading}: {t.text}" for t in agreement.terms).lower()
    assert "before work starts" in terms or "before it starts" in terms  # scope changes
    assert "courteous both ways" in terms
    assert "notice" in terms  # a clean ending


def test_a_bad_time_zone_says_how_to_write_one() -> None:
    from workagree.presets.answers import parse_timezone

    assert parse_timezone(" europe/copenhagen ") == "Europe/Copenhagen"
    message = (
        "'Europe/Copenhagn' is not a time zone (did you mean 'Europe/Copenhagen'?); "
        "use a name such as Europe/Copenhagen or America/New_York"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_timezone("Europe/Copenhagn")

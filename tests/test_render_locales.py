"""Documents in every language: --locale, plural forms, the user's own words, fallback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import workagree
from workagree import i18n
from workagree.rendering.environment import environment

from .conftest import EXAMPLES, ROOT, Run

FREELANCE = ROOT / "examples" / "freelance-design.yaml"

SPEC = """\
workagree: 1
project: Поддержка сайта
locale: ru
parties:
  studio: {name: Студия, role: provider}
  client: {name: Заказчик, role: client}
responsibilities:
  - {id: a, owner: studio, what: Ответить, deadline: 1 business day after each request,
     if_missed: [pause]}
  - {id: b, owner: studio, what: Исправить, deadline: 2 business days after each report,
     if_missed: [pause]}
  - {id: c, owner: client, what: Проверить, deadline: 5 business days after each release,
     if_missed: [pause]}
consequences:
  pause: Работа приостанавливается.
"""


def test_locale_option_overrides_the_spec(cli: Callable[..., Run]) -> None:
    result = cli("render", str(FREELANCE), "--locale", "da", "--format", "md", "--output", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "# Sådan arbejder vi sammen\n\n**Brand identity for Fjord Coffee**\n\n"
        "Gældende fra 1. februar 2027 · Version 1\n"
    )
    assert (
        "| Camille Durand Design | Answer every message | 1 arbejdsdag efter each message "
        "| Discount |" in result.stdout
    )


def test_unknown_locale_option_is_a_usage_error(cli: Callable[..., Run]) -> None:
    result = cli("render", str(FREELANCE), "--locale", "rus", "--format", "md", "--output", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "workagree: error: unknown locale 'rus' (did you mean 'ru'?) [usage]\n"
        "  hint: the supported locales are: en, da, de, es, et, fr, ru\n"
    )


def test_unknown_locale_in_the_api_is_a_usage_error() -> None:
    with pytest.raises(workagree.WorkagreeError) as caught:
        workagree.render(workagree.load(FREELANCE), format="md", locale="sv")
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith("workagree: unknown locale 'sv'")


def test_russian_plural_forms_in_the_document(write_spec: Callable[..., Path]) -> None:
    md = workagree.render(workagree.load(write_spec(SPEC)), format="md")
    assert isinstance(md, str)
    assert "| Студия | Ответить | 1 рабочий день после each request | Pause |" in md
    assert "| Студия | Исправить | 2 рабочих дня после each report | Pause |" in md
    assert "| Заказчик | Проверить | 5 рабочих дней после each release | Pause |" in md
    assert md.startswith("# Как мы работаем вместе\n\n**Поддержка сайта**\n")


@pytest.mark.parametrize("locale", ["de", "ru"])
def test_the_users_own_words_are_never_translated(locale: str) -> None:
    agreement = workagree.load(EXAMPLES[0])
    html = workagree.render(agreement, format="html", theme="columns", locale=locale)
    assert isinstance(html, str)
    assert f'<html lang="{locale}">' in html
    assert "<title>How We Work Together</title>" in html  # the spec's own title
    assert agreement.fingerprint in html  # the same spec, whatever the language
    for item in agreement.responsibilities:
        assert item.what in html
    for text in agreement.consequences.values():
        assert text in html


@pytest.fixture
def estonian_without_signatures(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An Estonian catalog that lacks the translation of 'Signatures'."""
    complete = i18n.catalog_text("et")
    assert complete is not None
    translated = 'msgid "Signatures"\nmsgstr "Allkirjad"\n'
    assert translated in complete
    incomplete = complete.replace(translated, 'msgid "Signatures"\nmsgstr ""\n')
    original = i18n.catalog_text
    monkeypatch.setattr(
        i18n, "catalog_text", lambda locale: incomplete if locale == "et" else original(locale)
    )
    i18n.translations.cache_clear()
    environment.cache_clear()
    yield
    i18n.translations.cache_clear()
    environment.cache_clear()


@pytest.mark.usefixtures("estonian_without_signatures")
def test_a_missing_translation_falls_back_to_english(write_spec: Callable[..., Path]) -> None:
    text = FREELANCE.read_text(encoding="utf-8").replace("version:", "locale: et\nversion:")
    spec = write_spec(text)
    md = workagree.render(workagree.load(spec), format="md")
    assert isinstance(md, str)
    assert "\n## Signatures\n" in md
    assert "\n## Tingimused\n" in md
    assert md.startswith("# Kuidas me koos töötame\n")


@pytest.mark.usefixtures("estonian_without_signatures")
def test_validate_strict_warns_about_a_missing_translation(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    spec = write_spec(SPEC.replace("locale: ru", "locale: et"))
    warning = (
        f"{spec}:3:9: warning: the 'et' catalog does not translate 1 message ('Signatures'), "
        "so it is written in English [missing-translation]"
    )
    relaxed = cli("validate", str(spec))
    assert relaxed.exit_code == 0
    assert warning in relaxed.stdout
    assert "hint: translate them in src/workagree/i18n/catalogs/et.po" in relaxed.stdout
    strict = cli("validate", "--strict", str(spec))
    assert strict.exit_code == 1
    assert warning in strict.stdout
    assert f"{spec}: invalid (1 warning)" in strict.stdout


def test_shipped_catalogs_are_complete(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    for locale in ("da", "de", "es", "et", "fr", "ru"):
        spec = write_spec(SPEC.replace("locale: ru", f"locale: {locale}"), name=f"{locale}.yaml")
        result = cli("validate", "--strict", str(spec))
        assert result.exit_code == 0, result.stdout
        assert "missing-translation" not in result.stdout

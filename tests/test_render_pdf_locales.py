"""PDF in every language: one page, translated headings, every letter in the bundled fonts.

Every example in every language with the classic theme, and one example in every
language with the columns theme (the full cross product would be slow).
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

import workagree
from workagree.i18n import translate
from workagree.locales import SUPPORTED_LOCALES

from .conftest import EXAMPLES

pytestmark = pytest.mark.pdf

# Words each document writes itself, with the letters a font most often lacks.
SAMPLES = {
    "en": "Signature",
    "da": "Underskrift",
    "de": "Unterschrift",
    "es": "Firma",
    "et": "Kuupäev",
    "fr": "jours ouvrés",
    "ru": "Подпись",
}
BUNDLED_FONTS = {
    "classic": {"Noto-Serif", "Noto-Serif-Bold", "Noto-Serif-Italic"},
    "columns": {"Inter", "Inter-Bold", "Inter-Italic"},
}


def fonts(page: pypdf.PageObject) -> set[str]:
    return {
        str(reference.get_object()["/BaseFont"]).split("+")[-1]
        for reference in page["/Resources"]["/Font"].values()
    }


def check(example: Path, locale: str, theme: str) -> None:
    agreement = workagree.load(example)
    data = workagree.render(agreement, format="pdf", theme=theme, locale=locale)
    assert isinstance(data, bytes)
    pdf = pypdf.PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1, f"{example.stem} in {locale} ({theme}) is {len(pdf.pages)} pages"
    assert pdf.trailer["/Root"]["/Lang"] == locale
    text = " ".join(pdf.pages[0].extract_text().split())
    folded = text.casefold()  # headings are set in capitals by the stylesheet
    assert translate(locale, "If a deadline is missed").casefold() in folded
    assert SAMPLES[locale].casefold() in folded
    assert "\ufffd" not in text
    assert ".notdef" not in text
    assert fonts(pdf.pages[0]) <= BUNDLED_FONTS[theme], fonts(pdf.pages[0])
    if locale == "ru":
        assert "рабочих дн" in text
    if locale == "et":
        assert "tööpäev" in text


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_in_every_language_is_one_page(example: Path, locale: str) -> None:
    check(example, locale, "classic")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_columns_theme_in_every_language_is_one_page(locale: str) -> None:
    check(EXAMPLES[0], locale, "columns")

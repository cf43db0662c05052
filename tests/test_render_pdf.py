"""PDF output: one page per example and theme, text, metadata, determinism."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

import workagree
from workagree.rendering.themes import theme_names

from .conftest import EXAMPLES

pytestmark = pytest.mark.pdf

THEMES = theme_names()


def reader(data: str | bytes) -> pypdf.PdfReader:
    assert isinstance(data, bytes)
    return pypdf.PdfReader(io.BytesIO(data))


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("page", ["a4", "letter"])
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_fits_on_one_page_with_all_its_responsibilities(
    example: Path, theme: str, page: str
) -> None:
    agreement = workagree.load(example)
    pdf = reader(workagree.render(agreement, format="pdf", theme=theme, page=page))  # type: ignore[arg-type]
    assert len(pdf.pages) == 1
    text = words(pdf.pages[0].extract_text())
    for item in agreement.responsibilities:
        assert words(item.what) in text, item.what
    assert agreement.fingerprint in text


def test_metadata_tags_and_only_the_agreement_attached() -> None:
    agreement = workagree.load(EXAMPLES[0])
    data = workagree.render(agreement, format="pdf", theme="columns", page="letter")
    pdf = reader(data)
    assert pdf.metadata is not None
    assert pdf.metadata.title == "How We Work Together"
    assert pdf.metadata.author == "Northwind Studio"
    assert pdf.metadata.subject == "Spring campaign for Contoso"
    assert pdf.metadata["/CreationDate"] == "D:20270111"
    assert "/ModDate" not in pdf.metadata
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert pdf.attachments == {"agreement.json": [agreement.canonical_json().encode("utf-8")]}
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (612, 792)
    assert data == workagree.render(agreement, format="pdf", theme="columns", page="letter")


def test_fonts_are_the_bundled_ones_and_embedded() -> None:
    data = workagree.render(workagree.load(EXAMPLES[0]), format="pdf", theme="classic")
    pdf = reader(data)
    fonts = set()
    for reference in pdf.pages[0]["/Resources"]["/Font"].values():
        font = reference.get_object()
        fonts.add(str(font["/BaseFont"]).split("+")[-1])
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts <= {"Noto-Serif", "Noto-Serif-Bold", "Noto-Serif-Italic"}, fonts

"""Every preset renders to exactly one page, in every theme, on A4 and Letter paper.

The answers are long on purpose (long names, contacts and project, every setting at its
largest) so that the presets keep a margin for real answers.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from workagree import presets
from workagree.api import load_text
from workagree.presets.answers import Answers, Party
from workagree.presets.scaffold import scaffold

from .conftest import Run

renderer = pytest.importorskip(
    "workagree.rendering", reason="the renderer (workagree.render) is not in this build"
)
PdfReader = pytest.importorskip("pypdf").PdfReader

pytestmark = pytest.mark.pdf

CONTACT = "camille.durand@durand-design.example, +33 1 23 45 67 89"


def long_answers(preset: presets.Preset) -> Answers:
    return Answers(
        preset=preset.name,
        provider=Party("Camille Durand Design & Illustration Studio SARL", CONTACT),
        client=Party("Fjord Coffee Roasters International Holding ApS", CONTACT),
        project="Brand identity, packaging and website for the spring relaunch of Fjord Coffee",
        start=dt.date(2027, 2, 1),
        country="FR",
        settings={
            s.name: s.maximum if s.kind == "number" else "two days of work at the agreed rate"
            for s in preset.settings
        },
    )


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("page", ["a4", "letter"])
@pytest.mark.parametrize("theme", ["classic", "columns"])
@pytest.mark.parametrize("preset", presets.presets(), ids=lambda p: p.name)
def test_every_preset_fits_on_one_page(preset: presets.Preset, theme: str, page: str) -> None:
    agreement = load_text(scaffold(long_answers(preset)), strict=True)
    pdf = renderer.render(agreement, format="pdf", theme=theme, page=page)
    assert pages(pdf) == 1


def test_new_render_writes_a_one_page_pdf(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(
        "new", "--preset", "freelance", "--provider", "Ana Berg", "--client", "Contoso",
        "--project", "Logo", "--start", "2027-02-01", "--render",
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    assert "Wrote agreement.pdf." in run.stdout
    pdf = (tmp_path / "agreement.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pages(pdf) == 1
    assert "Ana Berg" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_new_render_writes_the_formats_asked_for(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document

    monkeypatch.chdir(tmp_path)
    run = cli(
        "new", "--preset", "freelance", "--provider", "Ana Berg", "--client", "Contoso",
        "--project", "Logo", "--start", "2027-02-01", "--format", "docx,md",
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    assert "Wrote agreement.docx.\nWrote agreement.md.\n" in run.stdout
    assert not (tmp_path / "agreement.pdf").exists()
    text = "\n".join(p.text for p in Document(str(tmp_path / "agreement.docx")).paragraphs)
    assert "Logo" in text
    assert "Ana Berg" in (tmp_path / "agreement.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "odt"], "--format 'odt': not a format"),
        (["x.docx", "--format", "docx"], "x.docx: --render writes the DOCX beside the spec"),
    ],
)
def test_new_refuses_formats_it_cannot_write(
    cli: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("new", *args, "--preset", "freelance", "--provider", "Ana", "--client", "Bo",
              "--project", "Logo", "--no-input")  # fmt: skip
    assert run.exit_code == 2
    assert message in run.stderr
    assert list(tmp_path.iterdir()) == []

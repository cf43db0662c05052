"""Long unbroken words wrap on the PDF page: no text is clipped, no cell pushed off.

Every text field gets a word as long as the model allows (letters, Cyrillic, digits, an
e-mail, a URL). The PDF must hold every word (lines may break inside it) and draw no text
outside the paper. A template that holds text on one line is caught after layout.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pypdf
import pytest

from workagree.rendering.helpers import consequence_label

from .conftest import Run

pytestmark = pytest.mark.pdf

Cli = Callable[..., Run]

SEEDS = {
    "ascii": "Abcdefghij",
    "cyrillic": "Ответственность",
    "digits": "0123456789",
    "email": "mailbox.",
    "url": "path/segment-",
}
KINDS = list(SEEDS)
# Each text field and the longest text the model allows in it.
FIELDS = {
    "title": 120,
    "project": 200,
    "version": 40,
    "provider_name": 120,
    "provider_contact": 200,
    "provider_signatory": 120,
    "client_name": 120,
    "client_contact": 200,
    "client_signatory": 120,
    "what_1": 400,
    "what_2": 400,
    "what_3": 400,
    "consequence_1": 400,
    "consequence_2": 400,
    "milestone": 200,
    "term_heading": 80,
    "term_text": 1500,
}
CONSEQUENCE_ID = ("Consequencelabel" * 4)[:64]  # ids are letters, digits, '-' and '_'
MIN_GLYPH_EM = 0.25  # no glyph in the bundled fonts is narrower (a space is ~0.26 em)


def long_word(kind: str, length: int) -> str:
    """One word of ``length`` characters, without spaces."""
    if kind == "email":
        local = (SEEDS[kind] * length)[: length - len("@example.com")]
        return local + "@example.com"
    prefix = "https://example.com/" if kind == "url" else ""
    return prefix + (SEEDS[kind] * length)[: length - len(prefix)]


def long_words(rotation: int) -> dict[str, str]:
    """A long word for every field; ``rotation`` changes which kind goes where."""
    return {
        field: long_word(KINDS[(index + rotation) % len(KINDS)], length)
        for index, (field, length) in enumerate(FIELDS.items())
    }


ENDING = "Either side can end the agreement with one month's written notice."


def spec_text(words: dict[str, str]) -> str:
    q = {field: json.dumps(word, ensure_ascii=False) for field, word in words.items()}
    return f"""workagree: 1
title: {q["title"]}
project: {q["project"]}
version: {q["version"]}
effective: 2027-01-04
parties:
  studio:
    name: {q["provider_name"]}
    role: provider
    contact: {q["provider_contact"]}
    signatory: {q["provider_signatory"]}
  client:
    name: {q["client_name"]}
    role: client
    contact: {q["client_contact"]}
    signatory: {q["client_signatory"]}
responsibilities:
  - id: one
    owner: studio
    what: {q["what_1"]}
    deadline: 2 business days before launch
    if_missed: {CONSEQUENCE_ID}
  - id: two
    owner: client
    what: {q["what_2"]}
    deadline: 5 business days after each draft
    if_missed: pause
  - id: three
    owner: client
    what: {q["what_3"]}
    deadline: 2027-02-01
    if_missed: pause
consequences:
  {CONSEQUENCE_ID}: {q["consequence_1"]}
  pause: {q["consequence_2"]}
milestones:
  - id: launch
    what: {q["milestone"]}
    date: 2027-03-10
terms:
  - heading: {q["term_heading"]}
    text: {q["term_text"]}
  - heading: Ending
    text: {ENDING}
"""


SHORT_SPEC = spec_text({field: f"Short {field}" for field in FIELDS})


def without_space(text: str) -> str:
    return "".join(text.split())


def runs_outside_the_paper(page: pypdf.PageObject) -> list[str]:
    """Text drawn (or, from its length, certainly reaching) outside the page's width.

    A run's end is estimated from below, at MIN_GLYPH_EM per character, so the check never
    fails for text that is on the paper.
    """
    width = float(page.mediabox.width)
    outside: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        scale = abs(tm[0] * cm[0])
        end = x + len(text.strip()) * MIN_GLYPH_EM * size * scale
        if x < 0 or end > width:
            outside.append(text[:40])

    page.extract_text(visitor_text=visit)
    return outside


def on_pages(word: str, pages: list[str]) -> bool:
    """Whether ``word`` is on one page, or begins on one and ends on the next.

    Side-by-side boxes that break across a page are drawn in turn on each page, so a word
    split by the page break is not one run of text.
    """
    if any(word in page for page in pages):
        return True
    return any(
        word[:cut] in page and word[cut:] in following
        for page, following in pairwise(pages)
        for cut in range(1, len(word))
    )


def assert_every_word_on_the_paper(pdf_file: Path, words: list[str]) -> None:
    pdf = pypdf.PdfReader(io.BytesIO(pdf_file.read_bytes()))
    pages = [without_space(page.extract_text()) for page in pdf.pages]
    missing = [word[:40] for word in words if not on_pages(without_space(word), pages)]
    assert missing == []
    assert [runs_outside_the_paper(page) for page in pdf.pages] == [[]] * len(pdf.pages)


def expected_words(words: dict[str, str]) -> list[str]:
    return [*words.values(), consequence_label(CONSEQUENCE_ID)]


@pytest.mark.parametrize(
    ("theme", "page", "rotation"),
    [
        ("classic", "a4", 0),
        ("classic", "letter", 1),
        ("columns", "a4", 1),
        ("columns", "letter", 0),
    ],
)
def test_long_words_wrap_inside_the_page(
    cli: Cli, tmp_path: Path, theme: str, page: str, rotation: int
) -> None:
    words = long_words(rotation)
    spec = tmp_path / "agreement.yaml"
    spec.write_text(spec_text(words), encoding="utf-8")
    out = tmp_path / "agreement.pdf"
    run = cli(
        "render", str(spec), "-f", "pdf", "-t", theme, "--page", page, "--max-pages", "3",
        "-o", str(out),
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    assert "text-overflow" not in run.stderr
    assert_every_word_on_the_paper(out, expected_words(words))


@pytest.mark.parametrize(("theme", "page"), [("classic", "a4"), ("columns", "letter")])
def test_fit_shrinks_long_words_without_clipping_them(
    cli: Cli, tmp_path: Path, theme: str, page: str
) -> None:
    words = long_words(2)
    spec = tmp_path / "agreement.yaml"
    spec.write_text(spec_text(words), encoding="utf-8")
    out = tmp_path / "agreement.pdf"
    run = cli(
        "render", str(spec), "-f", "pdf", "-t", theme, "--page", page, "--fit", "--max-pages",
        "2", "-o", str(out),
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    assert f"Wrote {out} (2 pages, " in run.stderr
    assert_every_word_on_the_paper(out, expected_words(words))


@pytest.mark.parametrize("theme", ["classic", "columns"])
def test_a_redline_wraps_long_words_it_marks(cli: Cli, tmp_path: Path, theme: str) -> None:
    words = long_words(3)
    old = tmp_path / "old.yaml"
    old.write_text(SHORT_SPEC, encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(spec_text(words), encoding="utf-8")
    run = cli("render", str(new), "--redline", str(old), "-f", "pdf", "-t", theme)
    assert run.exit_code == 0, run.output
    # The redline shows the parties, duties, consequences, milestones and terms, not the
    # signatures; the title is the redline's own.
    shown = {k: v for k, v in words.items() if not k.endswith("signatory") and k != "title"}
    assert_every_word_on_the_paper(tmp_path / "new.redline.pdf", expected_words(shown))


# A template that holds a line together, as a user's own CSS might.
NOWRAP_TERMS = ".terms p { white-space: nowrap; }\n"
LONG_TERM = "Either side can end this agreement with written notice. " * 4


def nowrap_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "theme.css.j2").write_text(NOWRAP_TERMS, encoding="utf-8")
    return folder


def short_spec_with_term(tmp_path: Path, term: str) -> Path:
    spec = tmp_path / "agreement.yaml"
    spec.write_text(SHORT_SPEC.replace(ENDING, term), encoding="utf-8")
    return spec


def test_fit_does_not_call_clipped_text_a_fit(cli: Cli, tmp_path: Path) -> None:
    spec = short_spec_with_term(tmp_path, LONG_TERM * 3)
    out = tmp_path / "agreement.pdf"
    out.write_bytes(b"previous")
    run = cli(
        "render", str(spec), "-f", "pdf", "--fit", "--templates", str(nowrap_templates(tmp_path)),
        "-o", str(out),
    )  # fmt: skip
    assert run.exit_code == 1
    assert (
        f"{spec}: error: does not fit on 1 page even at 8 pt: text in the 'Terms' section "
        "runs outside its box or off the page [does-not-fit]\n"
        "  hint: let that text wrap: look in the templates for `white-space: nowrap` or a "
        "fixed width, or break up its longest word\n"
    ) in run.stderr
    assert out.read_bytes() == b"previous"


def test_fit_shrinks_until_no_text_is_clipped(cli: Cli, tmp_path: Path) -> None:
    spec = short_spec_with_term(
        tmp_path, "Either side can end this agreement with a month's notice."
    )
    out = tmp_path / "agreement.pdf"
    run = cli(
        "render", str(spec), "-f", "pdf", "--fit", "--templates", str(nowrap_templates(tmp_path)),
        "-o", str(out),
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    note = run.stderr.rsplit(f"Wrote {out} (1 page, ", 1)[1]
    assert 8 <= float(note.split(" pt)")[0]) < 10.5
    pdf = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert runs_outside_the_paper(pdf.pages[0]) == []


def test_clipped_text_is_a_warning_and_with_strict_an_error(cli: Cli, tmp_path: Path) -> None:
    spec = short_spec_with_term(tmp_path, LONG_TERM)
    templates = str(nowrap_templates(tmp_path))
    out = tmp_path / "agreement.pdf"
    message = (
        f"{spec}: {{}}: text in the 'Terms' section runs outside its box or off the page, so "
        "part of it is hidden [text-overflow]\n"
        "  hint: let that text wrap: look in the templates for `white-space: nowrap` or a "
        "fixed width, or break up its longest word\n"
    )
    run = cli("render", str(spec), "-f", "pdf", "--templates", templates, "-o", str(out))
    assert run.exit_code == 0, run.output
    assert message.format("warning") in run.stderr
    written = out.read_bytes()
    strict = cli(
        "render", str(spec), "-f", "pdf", "--templates", templates, "--strict", "-o", str(out)
    )
    assert strict.exit_code == 1
    assert message.format("error") in strict.stderr
    assert out.read_bytes() == written

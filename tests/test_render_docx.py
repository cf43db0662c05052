"""`--format docx`: a Word document, and a redline as Word's own tracked changes.

Every output is opened twice: with python-docx (structure: styles, the repeating header
row, the language, core properties, the tracked changes) and with LibreOffice headless
(pages, the text it shows, what accepting or rejecting every change leaves). LibreOffice
is slow to start, so every file is made first and converted in two runs.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workagree
from workagree import presets
from workagree.i18n import translate
from workagree.locales import SUPPORTED_LOCALES
from workagree.presets.answers import Answers, Party
from workagree.presets.scaffold import scaffold
from workagree.rendering.docx import word_language
from workagree.rendering.wordml import clean

from . import office
from .conftest import EXAMPLES, Run
from .tools import need

Cli = Callable[..., Run]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLE = EXAMPLES[0]  # agency-campaign


def changed(text: str) -> str:
    """A second version of the agency example: words changed, items added and removed."""
    replacements = {
        "Send one consolidated round": "Send one written round",
        "5 business days after each draft": "3 business days after each draft",
        'version: "2"': 'version: "3"',
        "  - id: invoices\n    owner: client\n    what: Pay each invoice\n"
        "    deadline: 14 calendar days after the invoice date\n    if_missed: late-fee\n": "",
        "  late-fee: Late invoices carry interest of 1% per month.\n": "",
        "  - id: launch": "  - id: review\n    what: Mid-campaign review\n    date: 2027-02-15\n"
        "  - id: launch",
        "Northwind Studio": "Northwind Design Studio",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def long_spec() -> str:
    """The agency example with three times its responsibilities."""
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["responsibilities"] = [
        {**copy.deepcopy(item), "id": f"{item['id']}-{n}", "what": f"{item['what']} ({n})"}
        for n in range(3)
        for item in data["responsibilities"]
    ]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def preset_spec(preset: str, locale: str) -> str:
    return scaffold(
        Answers(
            preset=preset,
            provider=Party("Camille Durand Design", "camille@durand.example"),
            client=Party("Fjord Coffee SARL", "+33 1 23 45 67 89"),
            project="Brand identity for Fjord Coffee",
            start=dt.date(2027, 2, 1),
            locale=locale,
        )
    )


@dataclass
class Made:
    """One .docx, what it was made from, and what LibreOffice made of it."""

    path: Path
    agreement: workagree.Agreement
    locale: str
    pdf: Path = field(init=False)
    txt: Path = field(init=False)


@dataclass
class Office:
    documents: dict[str, Made]
    out: Path

    def text(self, name: str, mode: str = "txt") -> str:
        path = self.out / f"{name}.{mode}.txt"
        return " ".join(path.read_text("utf-8-sig").split())


@pytest.fixture(scope="module")
def office_run(tmp_path_factory: pytest.TempPathFactory) -> Office:
    need("soffice")
    folder = tmp_path_factory.mktemp("docx")
    documents: dict[str, Made] = {}

    def make(name: str, agreement: workagree.Agreement, locale: str, **options: object) -> None:
        data = workagree.render(agreement, format="docx", locale=locale, **options)  # type: ignore[arg-type]
        assert isinstance(data, bytes)
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        documents[name] = Made(path, agreement, locale)

    for example in EXAMPLES:
        agreement = workagree.load(example)
        for locale in SUPPORTED_LOCALES:
            for theme in ("classic", "columns"):
                make(f"{example.stem}-{locale}-{theme}", agreement, locale, theme=theme)
    for preset in presets.names():
        for locale in SUPPORTED_LOCALES:
            agreement = workagree.load_text(preset_spec(preset, locale))
            make(f"preset-{preset}-{locale}", agreement, locale, page="letter")
    long = workagree.load_text(long_spec())
    for locale in ("en", "ru"):
        make(f"long-{locale}", long, locale)
    old = workagree.load(EXAMPLE)
    new = workagree.load_text(changed(EXAMPLE.read_text("utf-8")))
    make("old", old, "en")
    make("new", new, "en")
    make("redline", new, "en", redline=old)
    make("redline-de", new, "de", redline=old)
    out = folder / "out"
    profile = folder / "profile"
    pdfs = office.to_pdf([m.path for m in documents.values()], out, profile)
    jobs = [office.Job("txt", m.path, out / f"{name}.txt.txt") for name, m in documents.items()]
    for name in ("redline", "redline-de"):
        jobs += [
            office.Job("accept", documents[name].path, out / f"{name}.accept.txt"),
            office.Job("reject", documents[name].path, out / f"{name}.reject.txt"),
            office.Job("odt", documents[name].path, out / f"{name}.odt"),
        ]
    make("old-de", old, "de")
    make("new-de", new, "de")
    jobs += [
        office.Job("txt", documents[n].path, out / f"{n}.txt.txt") for n in ("old-de", "new-de")
    ]
    office.run(jobs, profile)
    for made in documents.values():
        if made.path in pdfs:
            made.pdf = pdfs[made.path]
    return Office(documents, out)


def plain_documents(run: Office) -> list[str]:
    stems = ("preset-", "long-", *(e.stem for e in EXAMPLES))
    return [n for n in run.documents if n.startswith(stems)]


def test_every_example_and_preset_is_one_page_in_every_language(office_run: Office) -> None:
    names = plain_documents(office_run)
    assert len(names) == len(EXAMPLES) * 7 * 2 + len(presets.names()) * 7 + 2
    pages = {n: len(pypdf.PdfReader(office_run.documents[n].pdf).pages) for n in names}
    assert {n: p for n, p in pages.items() if p != 1} == {}


def test_libreoffice_shows_every_responsibility_and_the_translated_headings(
    office_run: Office,
) -> None:
    for name in plain_documents(office_run):
        made = office_run.documents[name]
        shown = office_run.text(name)
        for item in made.agreement.responsibilities:
            assert " ".join(item.what.split()) in shown, (name, item.what)
        for heading in ("Who does what, by when", "Signature"):
            assert translate(made.locale, heading) in shown, (name, heading)
        for party in made.agreement.parties.values():
            assert party.name in shown


def test_a_longer_agreement_is_set_smaller_to_stay_on_one_page() -> None:
    def size(text: str) -> float:
        data = workagree.render(workagree.load_text(text), format="docx")
        points = docx.Document(io.BytesIO(data)).styles["Normal"].font.size  # type: ignore[arg-type]
        assert points is not None
        return float(points.pt)

    assert size(long_spec()) < size(EXAMPLE.read_text("utf-8")) <= 10.5
    # (test_every_example_and_preset_is_one_page_in_every_language opens both in LibreOffice)


def test_the_document_is_real_word_structure() -> None:
    agreement = workagree.load(EXAMPLE)
    document = docx.Document(io.BytesIO(workagree.render(agreement, format="docx")))  # type: ignore[arg-type]
    styles = [p.style.name for p in document.paragraphs if p.style is not None]
    assert styles[0] == "Title"
    assert {"Subtitle", "Heading 1"} <= set(styles)
    duties = next(
        t for t in document.tables if t.style is not None and t.style.name == "Responsibilities"
    )
    header = duties.rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None  # repeats on every page
    assert [c.text for c in duties.rows[0].cells] == ["RESPONSIBILITY", "BY WHEN", "IF MISSED"]
    cells = [[c.text for c in row.cells] for row in duties.rows]
    assert ["Pay each invoice", "14 calendar days after the invoice date", "Late fee"] in cells
    assert any(
        row[1].startswith("2 business days before campaign goes live — by ") for row in cells
    )
    core = document.core_properties
    assert (core.title, core.author, core.subject) == (
        "How We Work Together",
        "Northwind Studio",
        "Spring campaign for Contoso",
    )
    assert core.created == core.modified == dt.datetime(2027, 1, 11, tzinfo=dt.UTC)
    assert core.language == "en-GB"
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer == f"How We Work Together · Version 2 · Fingerprint {agreement.fingerprint}"
    headings = document.styles["Heading 1"].element
    assert headings.find(f"{W}rPr/{W}rFonts").get(qn("w:ascii")) == "Georgia"


@pytest.mark.parametrize(
    ("locale", "tag"),
    [("en", "en-GB"), ("da", "da-DK"), ("de", "de-DE"), ("et", "et-EE"), ("ru", "ru-RU")],
)
def test_the_language_is_set_for_word(locale: str, tag: str) -> None:
    assert word_language(locale) == tag
    data = workagree.render(workagree.load(EXAMPLE), format="docx", locale=locale)
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()  # type: ignore[arg-type]
    assert f'<w:lang w:val="{tag}" w:eastAsia="{tag}" w:bidi="{tag}"/>' in styles
    text = " ".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)  # type: ignore[arg-type]
    assert translate(locale, "If a deadline is missed") in text


def test_the_themes_are_word_styles() -> None:
    agreement = workagree.load(EXAMPLE)
    columns = docx.Document(io.BytesIO(workagree.render(agreement, format="docx", theme="columns")))  # type: ignore[arg-type]
    title = columns.styles["Title"]
    assert title.font.color.rgb == docx.shared.RGBColor(0x0F, 0x76, 0x6E)
    assert title.element.find(f"{W}rPr/{W}rFonts").get(qn("w:ascii")) == "Arial"


def test_the_same_spec_gives_the_same_bytes_with_fixed_zip_dates() -> None:
    agreement = workagree.load(EXAMPLE)
    first = workagree.render(agreement, format="docx")
    assert first == workagree.render(workagree.load(EXAMPLE), format="docx")
    old = workagree.load_text(changed(EXAMPLE.read_text("utf-8")))
    assert workagree.render(agreement, format="docx", redline=old) == workagree.render(
        agreement, format="docx", redline=old
    )
    package = zipfile.ZipFile(io.BytesIO(first))  # type: ignore[arg-type]
    assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert package.namelist()[0] == "[Content_Types].xml"


def test_nothing_reaches_out_and_nothing_runs() -> None:
    text = EXAMPLE.read_text("utf-8").replace(
        "name: Northwind Studio",
        'name: "Northwind { HYPERLINK \\"http://evil.example\\" } <w:fldSimple w:instr=\\"DDE\\"/>"',
    )
    data = workagree.render(workagree.load_text(text), format="docx")
    package = zipfile.ZipFile(io.BytesIO(data))  # type: ignore[arg-type]
    names = package.namelist()
    assert not [n for n in names if n.endswith((".bin", ".jpeg", ".png")) or "vba" in n.lower()]
    assert not [n for n in names if n.startswith("customXml")]
    for name in names:
        content = package.read(name).decode("utf-8")
        assert 'TargetMode="External"' not in content, name
        assert "<w:fldSimple" not in content, name
        assert "<w:instrText" not in content, name
        assert "<w:hyperlink" not in content, name
    body = package.read("word/document.xml").decode()
    assert '&lt;w:fldSimple w:instr="DDE"/&gt;' in body  # as text, in a w:t


def test_characters_xml_forbids_are_dropped() -> None:
    assert clean("a\x00b\x0bc\ufffed\ud800e\tf\ng") == "abcde f g"


# -- redlines -------------------------------------------------------------------------------


def _accepted(data: bytes, accept: bool) -> str:
    """The document's text after accepting (or rejecting) every change, done on the XML."""
    body = docx.Document(io.BytesIO(data)).element.body
    keep, drop = (f"{W}ins", f"{W}del") if accept else (f"{W}del", f"{W}ins")
    marks = (f"{W}trPr", f"{W}rPr")  # a whole row's or paragraph's change
    for element in list(body.iter(f"{W}tr", f"{W}p")):
        if (
            element.find(f"{W}trPr/{drop}") is not None
            or (element.find(f"{W}pPr/{W}rPr/{drop}") is not None)
        ) and element.getparent() is not None:
            element.getparent().remove(element)
    for change in [e for e in body.iter(drop) if e.getparent().tag not in marks]:
        change.getparent().remove(change)
    for change in [e for e in body.iter(keep) if e.getparent().tag not in marks]:
        for run in list(change):
            for text in run.iter(f"{W}delText"):
                text.tag = f"{W}t"
            change.addprevious(run)
        change.getparent().remove(change)
    return _words(body)


def _words(body: Any) -> str:
    """The words of each paragraph, in order."""
    paragraphs = ("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))
    return " ".join(" ".join(paragraphs).split())


def _text(data: bytes) -> str:
    body = docx.Document(io.BytesIO(data)).element.body
    return _words(body)


def test_a_redline_tracks_each_change_with_author_date_and_unique_ids() -> None:
    old = workagree.load(EXAMPLE)
    new = workagree.load_text(changed(EXAMPLE.read_text("utf-8")))
    data = workagree.render(new, format="docx", redline=old)
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()  # type: ignore[arg-type]
    assert '<w:del w:id="' in body
    assert '<w:ins w:id="' in body
    assert '<w:delText xml:space="preserve">consolidated </w:delText>' in body
    assert '<w:t xml:space="preserve">written </w:t>' in body
    document = docx.Document(io.BytesIO(data))  # type: ignore[arg-type]
    changes = [e for e in document.element.iter() if e.tag in (f"{W}ins", f"{W}del")]
    ids = [c.get(qn("w:id")) for c in changes]
    assert len(ids) == len(set(ids)) > 5
    assert {c.get(qn("w:author")) for c in changes} == {"Northwind Design Studio"}
    assert {c.get(qn("w:date")) for c in changes} == {"2027-01-11T00:00:00Z"}
    # The removed responsibility is a deleted row; the new milestone an inserted paragraph.
    deleted_rows = [
        r for r in document.element.iter(f"{W}tr") if r.find(f"{W}trPr/{W}del") is not None
    ]
    assert len(deleted_rows) == 1
    assert "Pay each invoice" in "".join(deleted_rows[0].itertext())


def test_accepting_all_gives_the_new_version_and_rejecting_all_the_old() -> None:
    old = workagree.load(EXAMPLE)
    new = workagree.load_text(changed(EXAMPLE.read_text("utf-8")))
    data = workagree.render(new, format="docx", redline=old)
    assert isinstance(data, bytes)
    assert _accepted(data, accept=True) == _text(workagree.render(new, format="docx"))  # type: ignore[arg-type]
    assert _accepted(data, accept=False) == _text(workagree.render(old, format="docx"))  # type: ignore[arg-type]


def test_libreoffice_sees_the_tracked_changes_and_accepts_or_rejects_them(
    office_run: Office,
) -> None:
    for suffix in ("", "-de"):
        odt = zipfile.ZipFile(office_run.out / f"redline{suffix}.odt").read("content.xml").decode()
        assert "<text:tracked-changes" in odt
        assert odt.count("<text:changed-region") > 5
        assert office_run.text(f"redline{suffix}", "accept") == office_run.text(f"new{suffix}")
        assert office_run.text(f"redline{suffix}", "reject") == office_run.text(f"old{suffix}")
        assert office_run.text(f"redline{suffix}", "accept") != office_run.text(f"old{suffix}")


# -- every way to ask for it ---------------------------------------------------------------


def _opens(path: Path) -> str:
    return _words(docx.Document(str(path)).element.body)


def test_render_build_and_all_make_docx(cli: Cli, tmp_path: Path) -> None:
    spec = tmp_path / "agreement.yaml"
    spec.write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    assert cli("render", str(spec), "--format", "docx").exit_code == 0
    assert "Northwind Studio" in _opens(tmp_path / "agreement.docx")
    (tmp_path / "agreement.docx").unlink()
    assert cli("render", str(spec), "--format", "all").exit_code == 0
    assert {p.name for p in tmp_path.iterdir()} >= {
        "agreement.docx",
        "agreement.pdf",
        "agreement.md",
    }
    new = tmp_path / "v3.yaml"
    new.write_text(changed(EXAMPLE.read_text("utf-8")), encoding="utf-8")
    run = cli("render", str(new), "--redline", str(spec), "--format", "docx")
    assert run.exit_code == 0, run.output
    assert "Northwind Design Studio" in _opens(tmp_path / "v3.redline.docx")
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    run = cli("build", str(specs), "--out", str(tmp_path / "out"), "--format", "docx,md")
    assert run.exit_code == 0, run.output
    assert "Contoso Ltd" in _opens(tmp_path / "out" / "a.docx")


def test_options_docx_cannot_honour_are_refused(cli: Cli, tmp_path: Path) -> None:
    spec = tmp_path / "agreement.yaml"
    spec.write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "mine").mkdir()
    run = cli("render", str(spec), "-f", "docx", "--templates", str(tmp_path / "mine"))
    assert run.exit_code == 2
    assert "--templates shapes Markdown, HTML and PDF, not DOCX" in run.output
    run = cli("render", str(spec), "-f", "docx", "--fit")
    assert run.exit_code == 2
    assert "--fit shrinks the PDF; a DOCX is laid out by the program that opens it" in run.output
    run = cli("render", str(spec), "-f", "docx", "--output", "-")
    assert run.exit_code == 2
    assert "give a file name for DOCX output, e.g. --output agreement.docx" in run.output
    # --format all with --templates makes what the templates shape, and no DOCX.
    assert (
        cli("render", str(spec), "-f", "all", "--templates", str(tmp_path / "mine")).exit_code == 0
    )
    assert not (tmp_path / "agreement.docx").exists()
    assert (tmp_path / "agreement.html").exists()


WORDS = st.lists(
    st.sampled_from(["send", "one", "round", "of", "feedback", "each", "draft"]),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old_words=WORDS, new_words=WORDS, drop=st.booleans())
def test_any_rewording_accepts_to_the_new_and_rejects_to_the_old(
    old_words: list[str], new_words: list[str], drop: bool
) -> None:
    base = EXAMPLE.read_text("utf-8")
    feedback = "Send one consolidated round of feedback on each draft"
    old_text = base.replace(feedback, " ".join(old_words))
    new_text = base.replace(feedback, " ".join(new_words))
    if drop:  # and more: a responsibility removed, a milestone added, a party renamed
        written = "Send one written round of feedback on each draft"
        new_text = changed(base).replace(written, " ".join(new_words))
    old, new = workagree.load_text(old_text), workagree.load_text(new_text)
    data = workagree.render(new, format="docx", redline=old)
    assert isinstance(data, bytes)
    assert _accepted(data, accept=True) == _text(workagree.render(new, format="docx"))  # type: ignore[arg-type]
    assert _accepted(data, accept=False) == _text(workagree.render(old, format="docx"))  # type: ignore[arg-type]

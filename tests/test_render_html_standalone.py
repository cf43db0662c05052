"""The HTML stands on its own: its fonts inside it (subset, WOFF2), small enough to mail,
the same bytes for the same spec, and built for screen readers; the PDF still reads the
font files. (tests/test_render_browser.py opens it in a browser.)"""

from __future__ import annotations

import base64
import html.parser
import io
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import markupsafe
import pytest
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st

import workagree
from workagree.locales import SUPPORTED_LOCALES
from workagree.rendering import webfonts
from workagree.rendering.text import render_text
from workagree.rendering.themes import templates_root, theme_names

from .conftest import EXAMPLES, ROOT

THEMES = theme_names()
TRANSLATED = ROOT / "examples" / "freelance-design.yaml"
LIMIT = 300_000  # bytes: an attachment any mail server takes
CSP = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    "style-src 'unsafe-inline'; font-src data:; img-src data:\">"
)
FACE = re.compile(r'src: url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\) format\("woff2"\)')


@cache
def rendered(name: str, theme: str = "classic", locale: str | None = None) -> str:
    agreement = workagree.load(ROOT / "examples" / f"{name}.yaml")
    text = workagree.render(agreement, format="html", theme=theme, locale=locale)
    assert isinstance(text, str)
    return text


@cache
def redline(theme: str) -> str:
    new, old = (workagree.load(EXAMPLES[i]) for i in (1, 2))
    text = workagree.render(new, format="html", theme=theme, redline=old)
    assert isinstance(text, str)
    return text


DOCUMENTS = [
    *[(path.stem, theme, None) for path in EXAMPLES for theme in THEMES],
    *[(TRANSLATED.stem, "classic", locale) for locale in SUPPORTED_LOCALES if locale != "en"],
]


def fonts_of(document: str) -> dict[str, TTFont]:
    """The fonts embedded in ``document``, by the name of the bundled file each came from."""
    files = {}
    for name in webfonts.faces():
        with TTFont(templates_root() / "fonts" / name) as whole:
            files[whole["name"].getDebugName(6)] = name
    fonts = [TTFont(io.BytesIO(base64.b64decode(data))) for data in FACE.findall(document)]
    found = {files[font["name"].getDebugName(6)]: font for font in fonts}
    assert len(found) == len(fonts)
    return found


class Text(html.parser.HTMLParser):
    """The text a reader sees: the body's character data."""

    def __init__(self) -> None:
        super().__init__()
        self.body = False
        self.chars: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.body = self.body or tag == "body"

    def handle_data(self, data: str) -> None:
        if self.body:
            self.chars.update(data)


def shown(document: str) -> set[str]:
    parser = Text()
    parser.feed(document)
    return {c for c in parser.chars if not c.isspace()}


@pytest.mark.parametrize(("name", "theme", "locale"), DOCUMENTS)
def test_every_html_carries_its_fonts_and_nothing_else(
    name: str, theme: str, locale: str | None
) -> None:
    document = rendered(name, theme, locale)
    assert len(document.encode()) < LIMIT
    assert CSP in document
    assert 'url("fonts/' not in document
    assert "url(fonts/" not in document
    assert len(FACE.findall(document)) == len(webfonts.faces()) == 6


@pytest.mark.parametrize("theme", THEMES)
def test_a_redline_is_standalone_and_small(theme: str) -> None:
    document = redline(theme)
    assert len(document.encode()) < LIMIT
    assert CSP in document
    assert len(FACE.findall(document)) == len(webfonts.faces())


@pytest.mark.parametrize("locale", [locale for locale in SUPPORTED_LOCALES if locale != "en"])
def test_the_embedded_fonts_have_every_letter_of_the_language(locale: str) -> None:
    document = rendered(TRANSLATED.stem, "classic", locale)
    letters = shown(document)
    cased = letters | {c.upper() for c in letters}  # h2 is text-transform: uppercase
    if locale == "ru":
        assert len({c for c in cased if "\u0400" <= c <= "\u04ff"}) > 40  # Cyrillic
    for name, font in fonts_of(document).items():
        with TTFont(templates_root() / "fonts" / name) as whole:
            wanted = {c for c in cased if ord(c) in whole.getBestCmap()}
        missing = sorted(c for c in wanted if ord(c) not in font.getBestCmap())
        assert not missing, f"{name} lacks {missing}"


def test_each_redline_mark_and_counter_is_in_the_subset() -> None:
    """Text that CSS generates (the redline's "+" and "−") is not in the body's text."""
    generated = {ord("+"), 0x2212, *map(ord, "0123456789")}
    for name, font in fonts_of(redline("classic")).items():
        with TTFont(templates_root() / "fonts" / name) as whole:
            wanted = generated & set(whole.getBestCmap())
        assert wanted, name
        assert wanted <= set(font.getBestCmap()), name


def test_the_same_spec_gives_the_same_html_and_the_fonts_carry_its_date() -> None:
    agreement = workagree.load(EXAMPLES[0])  # effective 2027-01-11
    first = workagree.render(agreement, format="html")
    webfonts._subset.cache_clear()
    second = workagree.render(agreement, format="html")
    assert first == second
    stamp = timestampSinceEpoch(int(datetime(2027, 1, 11, tzinfo=UTC).timestamp()))
    assert [font["head"].modified for font in fonts_of(first).values()] == [stamp] * 6


def test_fonts_carry_the_same_features_a_browser_uses() -> None:
    font = fonts_of(rendered(EXAMPLES[0].stem, "columns"))["Inter-Regular.otf"]
    assert "kern" in {record.FeatureTag for record in font["GPOS"].table.FeatureList.FeatureRecord}
    assert "fpgm" not in font  # no hinting


def test_the_pdf_engine_reads_the_font_files() -> None:
    agreement = workagree.load(EXAMPLES[0])
    document = render_text(agreement, format="html")
    for name in webfonts.faces():
        assert f'src: url("fonts/{name}");' in document
        assert (templates_root() / "fonts" / name).is_file()
    assert "data:font" not in document


def test_characters_decode_entities_and_css_escapes_and_both_cases() -> None:
    chars = webfonts.characters('<p>&eacute;&#x416;</p><style>p::before { content: "\\2192"; }')
    assert {"é", "É", "Ж", "ж", "→", "A", "z", "—", "\u00a0"} <= set(chars)
    assert list(chars) == sorted(chars)
    assert "\n" not in chars
    assert webfonts.characters("\\d800 \\110000 x") == webfonts.characters("x")


# --- for screen readers --------------------------------------------------------------


class Outline(html.parser.HTMLParser):
    """Landmarks, sections and their headings, and the table cells with their headers."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.sections: list[list[str]] = []  # the headings in each section
        self.text: dict[str, str] = {}  # id -> text
        self._open_ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "section":
            self.sections.append([])
        if tag in ("h2", "h3") and self.sections:
            self.sections[-1].append(tag)
        self.tags.append((tag, values))
        if "id" in values:
            self.text[values["id"]] = ""
            self._open_ids.append(values["id"])
        if tag not in ("meta", "col", "br", "link"):
            self.stack.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            closed, values = self.stack.pop()
            if "id" in values and values["id"] in self._open_ids:
                self._open_ids.remove(values["id"])
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        for key in self._open_ids:
            self.text[key] += data


def outline(document: str) -> Outline:
    parser = Outline()
    parser.feed(document)
    return parser


@pytest.mark.parametrize("kind", [*THEMES, "redline"])
def test_one_main_and_a_heading_in_every_section(kind: str) -> None:
    document = redline("classic") if kind == "redline" else rendered(EXAMPLES[1].stem, kind)
    parsed = outline(document)
    assert [tag for tag, _ in parsed.tags].count("main") == 1
    assert parsed.sections
    assert all(headings[:1] == ["h2"] for headings in parsed.sections)


def test_classic_ties_every_duty_to_its_owner() -> None:
    agreement = workagree.load(EXAMPLES[1])
    owner_of = {r.what: agreement.parties[r.owner].name for r in agreement.responsibilities}
    parsed = outline(rendered(EXAMPLES[1].stem, "classic"))
    columns = [v for t, v in parsed.tags if t == "th" and v.get("scope") == "col"]
    assert len(columns) == 3
    owners = {v["id"]: parsed.text[v["id"]] for t, v in parsed.tags if v.get("scope") == "rowgroup"}
    assert sorted(owners.values()) == sorted(p.name for p in agreement.parties.values())
    cells = [v for t, v in parsed.tags if t in ("td", "th") and "headers" in v]
    assert len(cells) == 3 * len(agreement.responsibilities)
    for cell in cells:
        ids = cell["headers"].split()
        assert all(i in parsed.text for i in ids)
        assert sum(i in owners for i in ids) == 1  # exactly one owner
    rows = [v for t, v in parsed.tags if t == "th" and v.get("scope") == "row"]
    assert len(rows) == len(agreement.responsibilities)
    for row in rows:
        (owner,) = (i for i in row["headers"].split() if i in owners)
        assert owners[owner] == owner_of[parsed.text[row["id"]]]


def test_columns_name_each_column_by_its_owner() -> None:
    agreement = workagree.load(EXAMPLES[1])
    parsed = outline(rendered(EXAMPLES[1].stem, "columns"))
    groups = [v for t, v in parsed.tags if v.get("role") == "group"]
    names = [parsed.text[v["aria-labelledby"]] for v in groups]
    assert sorted(names) == sorted(p.name for p in agreement.parties.values())


@given(st.text())
def test_the_subset_holds_every_character_of_any_text(text: str) -> None:
    document = f"<p>{markupsafe.escape(text)}</p>"
    chars = set(webfonts.characters(document))
    assert {c for c in text if c.isprintable()} <= chars
    assert {c for c in text.upper() if c.isprintable()} <= chars  # text-transform


def test_subsets_are_cached_and_a_damaged_cached_subset_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKAGREE_CACHE_DIR", str(tmp_path / "cache"))
    webfonts._subset.cache_clear()
    agreement = workagree.load(ROOT / "examples" / "freelance-design.yaml")
    first = workagree.render(agreement, format="html")
    kept = sorted((tmp_path / "cache" / "webfonts").glob("*.woff2"))
    assert len(kept) == len(webfonts.faces())
    for path in kept:
        path.write_bytes(path.read_bytes()[:-10])  # cut off, as by a full disk
    webfonts._subset.cache_clear()
    assert workagree.render(agreement, format="html") == first
    webfonts._subset.cache_clear()
    assert workagree.render(agreement, format="html") == first  # from the remade cache

"""The bad-input corpus: one file per hostile or broken input, each with its exit code and message.

`tests/corpus/expected.json` maps each file to the exit code and a fragment of the message
`workagree validate` must give. Inputs too large to commit are generated here.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import markupsafe
import pytest

import workagree

from .conftest import ROOT, Run

CORPUS = ROOT / "tests" / "corpus"
EXPECTED: dict[str, dict[str, object]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)
SMALL = (CORPUS / "bom.yaml").read_bytes()


def generate(name: str, folder: Path) -> Path:
    path = folder / name.replace("generated:", "")
    if name == "generated:2MiB":
        path.write_bytes(SMALL + b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    elif name == "generated:nesting-10000":
        path.write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    elif name == "generated:what-50000":
        text = SMALL.decode("utf-8-sig").replace("what: Send feedback", "what: " + "x" * 50_000)
        path.write_text(text, encoding="utf-8")
    else:  # pragma: no cover - a new generated case needs a recipe above
        raise AssertionError(f"no recipe for {name}")
    return path


def corpus_file(name: str, folder: Path) -> Path:
    if name.startswith("generated:"):
        return generate(name, folder)
    return Path(shutil.copy(CORPUS / name, folder / name))


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.name != "expected.json"}
    listed = {name for name in EXPECTED if not name.startswith("generated:")}
    assert files == listed


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_answers_as_expected(cli: Callable[..., Run], tmp_path: Path, name: str) -> None:
    expected = EXPECTED[name]
    path = corpus_file(name, tmp_path)
    result = cli("validate", str(path))
    assert result.exit_code == expected["exit"], result.output
    assert str(expected["message"]) in result.output
    assert "Traceback" not in result.output


VALID = sorted(name for name, expected in EXPECTED.items() if expected["exit"] == 0)
INVALID = sorted(name for name in EXPECTED if name not in VALID)
# What each valid case must show as plain text in every format.
VISIBLE = {
    "bom.yaml": ["Website", "Northwind"],
    "date-last-day.yaml": ["Website", "31 December 9999", "1 business day before launch"],
    "emoji-name.yaml": ["Website", "Northwind"],
    "escaped-printable.yaml": ["within\xa0a week", '"quoted" \\e'],
    "hostile-text.yaml": [
        '<script>x()</script> <img src="file:///etc/passwd">',
        "<style>body{background:url(http://evil.example/x)}</style>",
        "[click](http://evil.example) ![x](file:///etc/passwd)",
    ],
}


@pytest.mark.parametrize("name", INVALID)
def test_render_refuses_what_validate_refuses(
    cli: Callable[..., Run], tmp_path: Path, name: str
) -> None:
    expected = EXPECTED[name]
    path = corpus_file(name, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = cli("render", str(path), "--format", "all", "-o", str(out))
    assert result.exit_code == expected["exit"], result.output
    assert str(expected["message"]) in result.stderr
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL WeasyPrint asks for; and the network is made impossible."""
    import socket

    from workagree.engine import weasy

    urls: list[str] = []
    make = weasy.make_fetcher

    def spying(folders: list[Path]) -> object:
        fetcher = make(folders)
        fetch = fetcher.fetch

        def recorded(url: str, headers: dict[str, str] | None = None) -> object:
            urls.append(url)
            return fetch(url, headers)

        fetcher.fetch = recorded
        return fetcher

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a network connection was attempted: {args}")

    monkeypatch.setattr(weasy, "make_fetcher", spying)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    return urls


@pytest.mark.pdf
@pytest.mark.parametrize("name", VALID)
def test_render_keeps_every_payload_inert(
    cli: Callable[..., Run], tmp_path: Path, name: str, fetched: list[str]
) -> None:
    import io

    import pypdf

    from workagree.rendering.environment import templates_root

    path = corpus_file(name, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = cli("render", str(path), "--format", "all", "-o", str(out))
    assert result.exit_code == 0, result.output
    stem = path.stem
    assert sorted(p.name for p in out.iterdir()) == [
        f"{stem}.docx",
        f"{stem}.html",
        f"{stem}.md",
        f"{stem}.pdf",
    ]

    html = (out / f"{stem}.html").read_text(encoding="utf-8")
    body = html[html.index("<body") :]
    for element in ("<script", "<img", "<style", "<a ", "<iframe", "<link", "<object"):
        assert element not in body
    assert not re.search(r"<[^>]*\b(?:href|src|style)=", body)
    escaped = [markupsafe.escape(text) for text in VISIBLE[name]]
    assert all(text in body for text in escaped), escaped

    markdown = (out / f"{stem}.md").read_text(encoding="utf-8")
    assert "<" not in markdown.replace("\\<", "")

    data = (out / f"{stem}.pdf").read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    # Letter-spaced headings come out with spaces or NULs between letters: compare without.
    text = re.sub(r"[\s\x00]", "", "".join(page.extract_text() for page in reader.pages))
    assert all(re.sub(r"\s", "", visible) in text for visible in VISIBLE[name]), text
    # The one file a PDF carries is its own agreement, exactly as the loader made it.
    carried = workagree.load(path).canonical_json().encode("utf-8")
    assert reader.attachments == {"agreement.json": [carried]}
    assert all("/Annots" not in page for page in reader.pages)
    for marker in (b"/URI", b"/Launch", b"/JavaScript", b"/FileAttachment", b"root:x:0"):
        assert marker not in data
    import zipfile

    from docx.oxml.ns import qn

    package = zipfile.ZipFile(out / f"{stem}.docx")
    for member in package.namelist():
        content = package.read(member).decode("utf-8")
        for marker in ('TargetMode="External"', "<w:hyperlink", "<w:fldSimple", "<w:instrText"):
            assert marker not in content, (member, marker)
    import docx

    body = docx.Document(str(out / f"{stem}.docx")).element.body
    words = re.sub(r"\s", "", "".join(t.text or "" for t in body.iter(qn("w:t"))))
    assert all(re.sub(r"\s", "", visible) in words for visible in VISIBLE[name]), words

    root = templates_root().as_uri()
    assert fetched, "the bundled fonts and styles were not fetched at all"
    assert all(url.startswith((root, "data:")) for url in fetched), fetched

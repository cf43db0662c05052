"""Hostile spec text stays inert; user templates are sandboxed and their mistakes are located."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

import workagree
from workagree import load

from .conftest import EXAMPLES

HOSTILE = {
    "img": '<img src="file:///etc/passwd">',
    "script": "<script>alert(1)</script>",
    "css": "body { background: url(http://evil.example/x.png) }",
    "link": "[click](http://evil.example)",
    "pipe": "a | b * c",
}

SPEC = """\
workagree: 1
project: 'Project {img}'
effective: 2027-01-11
parties:
  studio: {{name: 'Studio {pipe}', role: provider, contact: '{link}'}}
  client: {{name: Клиент ООО, role: client, signatory: Иван Петров}}
responsibilities:
  - id: one
    owner: studio
    what: 'Deliver {script}'
    deadline: 2 business days after each request
    if_missed: credit
  - id: two
    owner: client
    what: 'Pay {css}'
    deadline: 2027-02-01
    if_missed: credit
consequences:
  credit: 'Credit {link} {pipe}'
terms:
  - heading: 'Notes {img}'
    text: |
      Some *emphasis* and **strong** text {link}.

      - a list item {script}
      - another {css}
"""


def hostile(write_spec: Callable[..., Path]) -> workagree.Agreement:
    quoted = {key: value.replace("'", "''") for key, value in HOSTILE.items()}
    return workagree.load(write_spec(SPEC.format(**quoted)))


def test_hostile_text_is_inert_in_html(write_spec: Callable[..., Path]) -> None:
    html = workagree.render(hostile(write_spec), format="html", theme="classic")
    assert isinstance(html, str)
    assert "<img" not in html
    assert "<script" not in html
    assert "<a " not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<em>emphasis</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<li>a list item &lt;script&gt;alert(1)&lt;/script&gt;</li>" in html


@pytest.mark.parametrize("theme", ["classic", "columns"])
def test_hostile_text_is_inert_in_markdown(write_spec: Callable[..., Path], theme: str) -> None:
    md = workagree.render(hostile(write_spec), format="md", theme=theme)
    assert isinstance(md, str)
    assert "<" not in md.replace("\\<", "")
    assert "](" not in md.replace("\\](", "")
    assert "\\[click\\](http://evil.example)" in md
    assert "Studio a \\| b \\* c" in md
    assert "Some *emphasis* and **strong** text" in md
    assert "- a list item \\<script\\>alert(1)\\</script\\>" in md
    for row in (line for line in md.splitlines() if line.startswith("| ")):
        assert len(re.findall(r"(?<!\\)\|", row)) == 5, row


@pytest.mark.pdf
def test_hostile_text_is_inert_in_pdf(write_spec: Callable[..., Path]) -> None:
    data = workagree.render(hostile(write_spec), format="pdf", theme="columns")
    assert isinstance(data, bytes)
    pdf = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(pdf.pages[0].extract_text().split())
    assert '<img src="file:///etc/passwd">' in text
    assert "url(http://evil.example/x.png)" in text
    assert "Клиент ООО" in text  # Cyrillic from the bundled fonts
    assert "/Annots" not in pdf.pages[0]
    assert b"root:x:0" not in data


def partial(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "mine"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_overriding_one_partial_keeps_the_rest(cli: Callable[..., object], tmp_path: Path) -> None:
    folder = partial(
        tmp_path, "parts/footer.md.j2", "\nSigned copies only: {{ agreement.fingerprint }}\n"
    )
    run = cli("render", str(EXAMPLES[0]), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 0, run.output
    fingerprint = load(EXAMPLES[0]).fingerprint
    assert run.stdout.endswith(f"Signed copies only: {fingerprint}\n")
    assert "## Who does what, by when" in run.stdout
    assert "Fingerprint" not in run.stdout


def test_sandbox_blocks_python_internals(cli: Callable[..., object], tmp_path: Path) -> None:
    folder = partial(tmp_path, "parts/header.md.j2", "# x\n{{ ''.__class__.__mro__ }}\n")
    run = cli("render", str(EXAMPLES[0]), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1
    assert run.stdout == ""
    assert (
        f"{folder.resolve()}/parts/header.md.j2:2: error: the template tried something "
        "unsafe: access to attribute '__class__' of 'str' object is unsafe." in run.stderr
    )
    assert "Traceback" not in run.output


def test_undefined_name_names_template_and_line(cli: Callable[..., object], tmp_path: Path) -> None:
    folder = partial(
        tmp_path, "parts/footer.html.j2", "<footer>\n\n{{ agreement.projct }}</footer>\n"
    )
    run = cli("render", str(EXAMPLES[0]), "-f", "html", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1
    assert (
        f"{folder.resolve()}/parts/footer.html.j2:3: error: undefined name in template: "
        "<agreement> has no field 'projct' (did you mean 'project'?)" in run.stderr
    )


def test_syntax_error_names_template_and_line(cli: Callable[..., object], tmp_path: Path) -> None:
    folder = partial(tmp_path, "parts/terms.md.j2", "\n{% if %}\n")
    run = cli("render", str(EXAMPLES[0]), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1
    assert f"{folder.resolve()}/parts/terms.md.j2:2: error: template syntax error:" in run.stderr


@pytest.mark.pdf
@pytest.mark.parametrize(
    "css",
    [
        'body { background: url("http://evil.example/x.png"); }',
        'body { background: url("file:///etc/passwd"); }',
        'body { background: url("../../../../../../etc/hostname"); }',
    ],
)
def test_template_resources_outside_the_template_folders_are_refused(
    cli: Callable[..., object], tmp_path: Path, css: str
) -> None:
    folder = partial(tmp_path, "theme.css.j2", css)
    out = tmp_path / "out.pdf"
    run = cli("render", str(EXAMPLES[0]), "-o", str(out), "--templates", str(folder))
    assert run.exit_code == 1, run.output
    assert "error: a resource in the template was refused:" in run.stderr
    assert not out.exists()


@pytest.mark.pdf
def test_data_urls_and_bundled_files_are_allowed(
    cli: Callable[..., object], tmp_path: Path
) -> None:
    pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    folder = partial(tmp_path, "theme.css.j2", f'body {{ background: url("{pixel}"); }}')
    (folder / "logo.txt").write_text("x", encoding="utf-8")
    run = cli("render", str(EXAMPLES[0]), "-o", str(tmp_path / "a.pdf"), "--templates", str(folder))
    assert run.exit_code == 0, run.output

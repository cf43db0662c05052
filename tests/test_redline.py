"""`workagree render NEW --redline OLD`: the new version with its changes marked."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from workagree import render
from workagree.rendering.marks import words

from .conftest import EXAMPLES, Run
from .diff_helpers import agreement, responsibility, spec
from .test_diff_git import git

Cli = Callable[..., Run]


def _v2(data: dict[str, Any]) -> None:
    data["version"] = "2"
    feedback = responsibility(data, "feedback")
    feedback["what"] = "Send one written round of feedback on each draft"
    feedback["deadline"] = "3 business days after each draft"
    data["responsibilities"] = [r for r in data["responsibilities"] if r["id"] != "replies"]
    data["responsibilities"].append(
        {
            "id": "hosting",
            "owner": "studio",
            "what": "Keep the site online",
            "deadline": "every business day",
            "if_missed": "credit",
        }
    )


def _html(change: Callable[[dict[str, Any]], object] = _v2) -> str:
    html = render(agreement(change), redline=agreement(), format="html")
    assert isinstance(html, str)
    return html


def test_a_changed_what_is_marked_word_by_word() -> None:
    assert 'Send one <ins class="redline">written</ins> round of feedback on each draft' in _html()


def test_a_changed_deadline_is_marked_inline() -> None:
    assert (
        '<del class="redline">5</del> <ins class="redline">3</ins> business days'
        " after each draft" in _html()
    )


def test_a_removed_responsibility_is_struck_through_where_it_was() -> None:
    html = _html()
    removed = (
        '<li class="redline-removed"><del class="redline">Answer every request</del> — '
        '<del class="redline">4 business hours (Monday to Friday) after each request</del>'
    )
    assert removed in html
    assert html.index("Northwind Studio</h3>") < html.index(removed) < html.index("Test the site")


def test_an_added_responsibility_is_inserted_whole() -> None:
    assert (
        '<li class="redline-added"><ins class="redline">Keep the site online</ins> — '
        '<ins class="redline">every business day</ins>'
    ) in _html()


def test_the_summary_box_comes_first_with_the_summary_line_and_sections() -> None:
    html = _html()
    box = html[html.index('<aside class="redline-summary"') : html.index("</aside>")]
    assert "<h2>Changes since the old version</h2>" in box
    assert (
        "<strong>5 changes: 1 changed version, 1 reworded responsibility, 1 stricter deadline,"
        " 1 new responsibility, 1 removed responsibility</strong>"
    ) in box
    assert "<h3>Agreement</h3>" in box
    assert "<h3>Responsibilities</h3>" in box
    assert 'feedback: Send one <ins class="redline">written</ins> round' in box
    assert html.index("</aside>") < html.index('<section class="responsibilities"')


def test_the_footer_names_the_old_fingerprint() -> None:
    assert f"Compared with fingerprint {agreement().fingerprint}" in _html()


def test_unchanged_agreements_give_a_redline_without_marks() -> None:
    html = render(agreement(), redline=agreement(), format="html")
    assert "<strong>no changes</strong>" in html
    assert '<ins class="redline">' not in html.split("</aside>")[1]
    assert '<del class="redline">' not in html.split("</aside>")[1]


def test_user_text_stays_escaped_in_a_redline() -> None:
    def hostile(data: dict[str, Any]) -> None:
        responsibility(data, "feedback")["what"] = "Send <script>alert(1)</script> feedback"
        data["consequences"]["pause"] = "Pause <img src=x onerror=alert(1)>"

    html = _html(hostile)
    assert "<script>" not in html
    assert "<img" not in html
    assert '<ins class="redline">&lt;script&gt;alert(1)&lt;/script&gt;</ins>' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_words_marks_only_what_differs() -> None:
    assert words("a b c", "a x c") == (
        'a <del class="redline">b</del> <ins class="redline">x</ins> c'
    )
    assert words("same", "same") == "same"
    assert words(None, "<new>") == '<ins class="redline">&lt;new&gt;</ins>'


def test_the_redline_is_deterministic() -> None:
    assert _html() == _html()


def test_redline_is_html_pdf_or_docx_only(cli: Cli, tmp_path: Path) -> None:
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(yaml.safe_dump(spec()), encoding="utf-8")
    new.write_text(yaml.safe_dump(spec(_v2)), encoding="utf-8")
    result = cli("render", str(new), "--redline", str(old), "--format", "md")
    assert result.exit_code == 2
    assert result.stderr == (
        "workagree: error: --redline makes HTML, PDF or DOCX, not --format md [usage]\n"
        "  hint: pass --format html, pdf or docx; `workagree diff` shows changes as text or "
        "Markdown\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1.yaml", "v2.yaml"]


@pytest.mark.pdf
def test_a_redline_in_all_formats_is_every_format_that_can_show_one(
    cli: Cli, tmp_path: Path
) -> None:
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(yaml.safe_dump(spec()), encoding="utf-8")
    new.write_text(yaml.safe_dump(spec(_v2)), encoding="utf-8")
    result = cli("render", str(new), "--redline", str(old), "--format", "all")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "v1.yaml",
        "v2.redline.docx",
        "v2.redline.html",
        "v2.redline.pdf",
        "v2.yaml",
    ]


def test_an_invalid_old_side_is_labelled_old(cli: Cli, tmp_path: Path) -> None:
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text("workagree: 1\nproject: X\n", encoding="utf-8")
    clean = spec(lambda data: data.update(calendar={"hours": "09:00-17:00", "timezone": "UTC"}))
    new.write_text(yaml.safe_dump(clean), encoding="utf-8")
    result = cli("render", str(new), "--redline", str(old), "--format", "html")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"OLD ({old}) is not a valid agreement:\n{old}:")
    assert not (tmp_path / "v2.redline.html").exists()


def test_redline_html_goes_beside_the_spec(cli: Cli, tmp_path: Path) -> None:
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(yaml.safe_dump(spec()), encoding="utf-8")
    new.write_text(yaml.safe_dump(spec(_v2)), encoding="utf-8")
    result = cli("render", str(new), "--redline", str(old), "--format", "html")
    assert result.exit_code == 0, result.output
    target = tmp_path / "v2.redline.html"
    assert result.stderr == f"Wrote {target}\n"
    assert target.read_text(encoding="utf-8") == _html()


def test_old_can_be_a_git_revision(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        git(tmp_path, "init", "-q", "-b", "main")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git is not installed")
    spec_file = tmp_path / "agreement.yaml"
    spec_file.write_text(yaml.safe_dump(spec(), sort_keys=False), encoding="utf-8")
    git(tmp_path, "add", "agreement.yaml")
    git(tmp_path, "commit", "-q", "-m", "v1")
    spec_file.write_text(yaml.safe_dump(spec(_v2), sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli(
        "render", "agreement.yaml", "--redline", "HEAD:agreement.yaml", "-f", "html", "-o", "-"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == _html()
    missing = cli("render", "agreement.yaml", "--redline", "v9:agreement.yaml", "-f", "html")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("OLD (v9:agreement.yaml) cannot be read:\n")


def test_a_pdf_redline_renders_with_its_summary(cli: Cli, tmp_path: Path) -> None:
    import pypdf

    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(yaml.safe_dump(spec()), encoding="utf-8")
    new.write_text(yaml.safe_dump(spec(_v2)), encoding="utf-8")
    result = cli("render", str(new), "--redline", str(old), "--format", "pdf")
    assert result.exit_code == 0, result.output
    target = tmp_path / "v2.redline.pdf"
    assert result.stderr.endswith(f"Wrote {target} (1 page)\n")
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join((page.extract_text() or "") for page in reader.pages).replace("\n", " ")
    assert "CHANGES SINCE THE OLD VERSION" in text
    assert "5 changes: 1 changed version" in text
    assert f"Compared with fingerprint {agreement().fingerprint}" in text


def _versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(yaml.safe_dump(spec()), encoding="utf-8")
    new.write_text(yaml.safe_dump(spec(_v2)), encoding="utf-8")
    return old, new


def test_redlines_are_not_fitted(cli: Cli, tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    result = cli("render", str(new), "--redline", str(old), "--fit")
    assert result.exit_code == 2
    assert result.stderr == (
        "workagree: error: --fit does not apply to --redline: a redline may take more than"
        " one page [usage]\n"
        "  hint: leave out --fit, or use --max-pages to be warned about long redlines\n"
    )


def test_long_redlines_are_only_flagged_when_max_pages_is_given(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workagree.rendering.redline as module

    monkeypatch.setattr(module, "redline_pdf", lambda *args, **kwargs: (b"%PDF-1.7\n", 3))
    old, new = _versions(tmp_path)
    target = tmp_path / "v2.redline.pdf"
    unlimited = cli("render", str(new), "--redline", str(old))
    assert unlimited.exit_code == 0
    assert unlimited.stderr.endswith(f"Wrote {target} (3 pages)\n")
    assert "too-many-pages" not in unlimited.stderr
    limited = cli("render", str(new), "--redline", str(old), "--max-pages", "2", "--strict")
    assert limited.exit_code == 1
    assert limited.stderr == (
        f"{new}: error: the PDF has 3 pages, more than the 2 pages allowed [too-many-pages]\n"
        "  hint: a redline may take more pages than the agreement; raise --max-pages\n"
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_an_example_against_itself_has_no_marks(example: Path) -> None:
    from workagree import load

    html = render(load(example), redline=load(example), format="html", theme="columns")
    assert isinstance(html, str)
    assert "<strong>no changes</strong>" in html
    body = html.split("</aside>", 1)[1]
    assert "redline-" in body
    assert "<ins" not in body
    assert "<del" not in body

"""One output pipeline: every render option reaches every path, or is refused with a reason.

The paths are `render`, `render --redline`, `render --watch`, `build`, `new --render` and
the Python API; the options are the format, theme, templates, page, language, fitting and
the page budget. The formats, their suffixes, the CLI's choices and the PDF helper's early
start all come from one registry (workagree.formats).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import workagree
from workagree import formats
from workagree.engine.helper import wants_pdf
from workagree.errors import WorkagreeError

from .conftest import EXAMPLES, ROOT, Run

SPEC, OLD = EXAMPLES[0], EXAMPLES[1]
MARK = "/* OPTIONS-REACHED */"


def marks(html: str, *, locale: str, page: str, theme: str) -> None:
    """The HTML shows every option it was given."""
    assert f'<html lang="{locale}">' in html
    assert f"size: {'A4' if page == 'a4' else 'letter'};" in html
    assert f'class="theme-{theme}' in html
    assert MARK in html


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SPEC, tmp_path / "spec.yaml")
    shutil.copy(OLD, tmp_path / "old.yaml")
    mine = tmp_path / "mine"
    mine.mkdir()
    theme_css = (ROOT / "templates" / "columns" / "theme.css.j2").read_text(encoding="utf-8")
    (mine / "theme.css.j2").write_text(f"{MARK}\n{theme_css}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


OPTIONS = ("--theme", "columns", "--templates", "mine", "--page", "letter", "--locale", "da")


def test_the_registry_is_the_only_list_of_formats(cli: Callable[..., Run]) -> None:
    help_text = cli("render", "--help").stdout
    assert re.search(
        rf"--format {re.escape('|'.join([*formats.FORMATS, formats.ALL]))}\s", help_text
    )
    assert all(f.suffix == f".{name}" for name, f in formats.FORMATS.items())
    for name, fmt in formats.FORMATS.items():
        assert wants_pdf(["render", "x.yaml", "-f", name]) is fmt.engine
    assert wants_pdf(["render", "x.yaml", "--format=all"])
    with pytest.raises(WorkagreeError) as caught:
        workagree.render(workagree.load(SPEC), format="xyz")
    assert caught.value.exit_code == 2
    assert caught.value.problems[0].message == "unknown format 'xyz'"
    assert caught.value.problems[0].hint == "the formats are md, html, pdf or docx"


def test_render_honours_every_option(cli: Callable[..., Run], project: Path) -> None:
    run = cli("render", "spec.yaml", "-f", "html", *OPTIONS)
    assert run.exit_code == 0, run.output
    marks((project / "spec.html").read_text(encoding="utf-8"), locale="da", page="letter",
          theme="columns")  # fmt: skip


def test_a_redline_honours_every_option(cli: Callable[..., Run], project: Path) -> None:
    run = cli("render", "spec.yaml", "--redline", "old.yaml", "-f", "html", *OPTIONS)
    assert run.exit_code == 0, run.output
    html = (project / "spec.redline.html").read_text(encoding="utf-8")
    marks(html, locale="da", page="letter", theme="columns")
    assert "<h2>Ændringer siden den tidligere version</h2>" in html  # its own labels too


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--redline", "old.yaml", "--fit"], "--fit does not apply to --redline"),
        (
            ["--redline", "old.yaml", "-f", "md"],
            "--redline makes HTML, PDF or DOCX, not --format md",
        ),
        (["-f", "md", "--fit"], "--fit shrinks a paged document; Markdown has no pages"),
        (["--theme", "nope"], "unknown theme 'nope'"),
        (["--locale", "xx"], "'xx'"),
        (["-f", "pdf", "-o", "-"], "--output - writes to stdout, which works only for"),
    ],
)
def test_options_a_path_cannot_honour_are_refused(
    cli: Callable[..., Run], project: Path, args: list[str], message: str
) -> None:
    before = sorted(p.name for p in project.iterdir())
    run = cli("render", "spec.yaml", *args)
    assert run.exit_code == 2, run.output
    assert message in run.stderr
    assert sorted(p.name for p in project.iterdir()) == before


def test_build_honours_every_option_and_they_make_outputs_stale(
    cli: Callable[..., Run], project: Path
) -> None:
    (project / "specs").mkdir()
    shutil.move(project / "spec.yaml", project / "specs" / "spec.yaml")
    run = cli("build", "specs", "-f", "html", *OPTIONS)
    assert run.exit_code == 0, run.output
    marks((project / "build" / "specs" / "spec.html").read_text(encoding="utf-8"), locale="da",
          page="letter", theme="columns")  # fmt: skip
    again = cli("build", "specs", "-f", "html", *OPTIONS)
    assert "built 0, current 1" in again.stderr
    for changed in (["--locale", "de"], ["--page", "a4"], ["--theme", "classic"]):
        options = list(OPTIONS)
        options[options.index(changed[0]) + 1] = changed[1]
        assert "built 1, current 0" in cli("build", "specs", "-f", "html", *options).stderr
    assert cli("build", "specs", "-f", "html", "--locale", "xx").exit_code == 2
    assert cli("build", "specs", "-f", "md", "--fit").exit_code == 0  # fit is for paged formats


def test_build_settings_in_workagree_toml(cli: Callable[..., Run], project: Path) -> None:
    (project / "workagree.toml").write_text(
        'include = ["spec.yaml"]\nformats = ["html"]\ntheme = "columns"\n'
        'locale = "da"\npage = "letter"\nfit = true\n',
        encoding="utf-8",
    )
    run = cli("build", "--templates", "mine")
    assert run.exit_code == 0, run.output
    marks((project / "build" / "spec.html").read_text(encoding="utf-8"), locale="da",
          page="letter", theme="columns")  # fmt: skip
    (project / "workagree.toml").write_text('page = "a5"\nfit = "yes"\n', encoding="utf-8")
    bad = cli("build")
    assert bad.exit_code == 2
    assert "setting 'page' must be a4 or letter, not 'a5'" in bad.stderr
    assert "setting 'fit' must be true or false, not a string" in bad.stderr


def test_the_api_honours_every_option(project: Path) -> None:
    agreement, old = workagree.load(SPEC), workagree.load(OLD)
    common = {"theme": "columns", "templates": project / "mine", "page": "letter", "locale": "da"}
    marks(workagree.render(agreement, format="html", **common), locale="da", page="letter",
          theme="columns")  # fmt: skip
    marks(workagree.render(agreement, format="html", redline=old, **common), locale="da",
          page="letter", theme="columns")  # fmt: skip
    with pytest.raises(WorkagreeError, match="has no pages"):
        workagree.render(agreement, format="md", fit=True)
    with pytest.raises(WorkagreeError, match="not --format md"):
        workagree.render(agreement, format="md", redline=old)


@pytest.mark.pdf
def test_fit_and_the_page_budget_reach_the_pdf_paths(
    cli: Callable[..., Run], project: Path
) -> None:
    run = cli("render", "spec.yaml", "--fit", "--max-pages", "2", "--locale", "da")
    assert run.exit_code == 0, run.output
    assert run.stderr.startswith("Wrote spec.pdf (1 page, ")  # fitted: its size is given
    redline = cli("render", "spec.yaml", "--redline", "old.yaml", "--max-pages", "1", "--strict")
    assert redline.exit_code in (0, 1)
    if redline.exit_code == 1:
        assert "more than the 1 page allowed [too-many-pages]" in redline.stderr
    pdf = workagree.render(workagree.load(SPEC), format="pdf", fit=True, page="letter")
    assert pdf.startswith(b"%PDF-")


def test_watch_honours_every_option_with_a_redline(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workagree",
            "render",
            "spec.yaml",
            "--redline",
            "old.yaml",
            "-f",
            "html",
            *OPTIONS,
            "--watch",
        ],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    target = project / "spec.redline.html"
    try:
        deadline = time.monotonic() + 30
        while not target.exists():
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "no redline written"
            time.sleep(0.1)
        time.sleep(0.3)
        marks(target.read_text(encoding="utf-8"), locale="da", page="letter", theme="columns")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    assert process.returncode == 130


def test_manifest_records_the_options(cli: Callable[..., Run], project: Path) -> None:
    assert cli("build", "spec.yaml", "-f", "md", "--locale", "da").exit_code == 0
    manifest = json.loads((project / "build" / ".workagree-manifest.json").read_text())
    assert "spec.md" in json.dumps(manifest)

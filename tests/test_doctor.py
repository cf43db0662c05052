"""`workagree doctor` says what PDF output will use, and fails with a fix when it cannot work."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from workagree import doctor

from .conftest import Run


def test_healthy_machine(cli: Callable[..., Run], tmp_path: Path) -> None:
    result = cli("doctor", "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    for name in ("Python:", "workagree:", "WeasyPrint:", "Pango:", "Font subsetter:", "fontTools:"):
        assert name in result.stdout
    assert "Fonts for Latin: 6 bundled fonts cover it" in result.stdout
    assert "Fonts for Cyrillic: 6 bundled fonts cover it" in result.stdout
    assert "PDF output works." in result.stdout


def test_missing_pdf_engine_fails_with_the_fix(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = doctor.Check(
        "WeasyPrint",
        doctor.Status.FAIL,
        "cannot be loaded: libpango-1.0-0: cannot open shared object file",
        "install Pango, which WeasyPrint needs for PDFs: Debian/Ubuntu: sudo apt-get install x",
    )
    monkeypatch.setattr(doctor, "_pdf_engine", lambda: [broken])
    result = cli("doctor", "--output", str(tmp_path))
    assert result.exit_code == 1
    assert "WeasyPrint: cannot be loaded: libpango-1.0-0" in result.stdout
    assert "fix: install Pango" in result.stdout
    assert "PDF output cannot work here" in result.stdout


def test_missing_subsetter_is_a_warning_with_install_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workagree.engine import subsetting, weasy

    weasy.weasyprint()  # WeasyPrint's handle on HarfBuzz's subsetter is kept from here on
    monkeypatch.setattr(subsetting, "_harfbuzz", [None])  # as if it were not installed
    checks = {c.name: c for c in doctor.diagnose()}
    subset = checks["Font subsetter"]
    assert subset.status is doctor.Status.WARN
    assert subset.detail == (
        "fontTools: HarfBuzz's subsetter is not installed, so PDFs render a little more slowly"
    )
    assert "sudo apt-get install libharfbuzz-subset0" in (subset.fix or "")
    assert "brew install harfbuzz" in (subset.fix or "")
    assert doctor.pdf_works(list(checks.values()))


def test_unwritable_output_folder_fails(cli: Callable[..., Run], tmp_path: Path) -> None:
    result = cli("doctor", "--output", str(tmp_path / "missing"))
    assert result.exit_code == 1
    assert f"Output folder: {tmp_path / 'missing'} is not writable" in result.stdout
    assert "PDF output cannot work here" in result.stdout


def test_render_says_once_when_pdfs_will_be_slow(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from workagree.cli import console

    from .conftest import EXAMPLES

    monkeypatch.setenv("WORKAGREE_FONT_SUBSETTER", "fonttools")
    console.note_slow_subsetting.cache_clear()
    first = cli("render", str(EXAMPLES[0]), "-o", str(tmp_path / "a.pdf"))
    second = cli("render", str(EXAMPLES[0]), "-o", str(tmp_path / "b.pdf"))
    console.note_slow_subsetting.cache_clear()
    assert first.exit_code == 0
    assert first.stderr.count("libharfbuzz-subset0") == 1
    assert "libharfbuzz-subset0" not in second.stderr


def test_build_says_once_when_pdfs_were_slow(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from workagree.cli import console

    from .conftest import EXAMPLES

    for example in EXAMPLES[:2]:
        shutil.copy(example, tmp_path)
    monkeypatch.setenv("WORKAGREE_FONT_SUBSETTER", "fonttools")
    console.note_slow_subsetting.cache_clear()
    result = cli("build", str(tmp_path), "--out", str(tmp_path / "out"), "--jobs", "1")
    console.note_slow_subsetting.cache_clear()
    assert result.exit_code == 0, result.output
    assert "built 2," in result.stderr
    assert result.stderr.count("libharfbuzz-subset0") == 1

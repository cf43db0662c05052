"""`workagree build`: incremental, parallel, loud about failures, never deleting."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import EXAMPLES, Run


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with agreements in nested folders, a broken one and an unrelated YAML file."""
    (tmp_path / "agreements" / "clients").mkdir(parents=True)
    shutil.copy(EXAMPLES[0], tmp_path / "agreements" / "one.yaml")
    shutil.copy(EXAMPLES[1], tmp_path / "agreements" / "clients" / "two.yaml")
    (tmp_path / "agreements" / "other.yaml").write_text("name: not an agreement\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_builds_mirrored_outputs_then_skips_them(cli: Callable[..., Run], project: Path) -> None:
    first = cli("build", "agreements", "--format", "md,html", "--jobs", "1")
    assert first.exit_code == 0, first.output
    assert sorted(outputs(project / "build")) == [
        "clients/two.html",
        "clients/two.md",
        "one.html",
        "one.md",
    ]
    assert "built 4, current 0, failed 0" in first.stderr
    before = {p: (project / "build" / p).stat().st_mtime_ns for p in outputs(project / "build")}
    second = cli("build", "agreements", "--format", "md,html")
    assert second.exit_code == 0
    assert "built 0, current 4, failed 0" in second.stderr
    after = {p: (project / "build" / p).stat().st_mtime_ns for p in outputs(project / "build")}
    assert after == before
    forced = cli("build", "agreements", "--format", "md,html", "--force")
    assert "built 4, current 0" in forced.stderr


def test_check_reports_stale_outputs_and_writes_nothing(
    cli: Callable[..., Run], project: Path
) -> None:
    assert cli("build", "agreements", "--format", "md").exit_code == 0
    assert cli("build", "agreements", "--format", "md", "--check").exit_code == 0
    spec = project / "agreements" / "one.yaml"
    spec.write_text(spec.read_text() + "# a comment changes nothing\n")
    assert cli("build", "agreements", "--format", "md", "--check").exit_code == 0
    spec.write_text(spec.read_text().replace("Deliver each", "Deliver every"))
    snapshot = outputs(project / "build")
    check = cli("build", "agreements", "--format", "md", "--check")
    assert check.exit_code == 1
    assert "stale build/one.md" in check.stderr
    assert "stale 1, current 1, failed 0" in check.stderr
    assert outputs(project / "build") == snapshot


def test_check_notices_an_edited_or_missing_output(cli: Callable[..., Run], project: Path) -> None:
    assert cli("build", "agreements", "--format", "md").exit_code == 0
    (project / "build" / "one.md").write_text("edited by hand\n")
    (project / "build" / "clients" / "two.md").unlink()
    check = cli("build", "agreements", "--format", "md", "--check")
    assert check.exit_code == 1
    assert "stale build/one.md" in check.stderr
    assert "stale build/clients/two.md" in check.stderr


def test_one_broken_spec_does_not_stop_the_others(cli: Callable[..., Run], project: Path) -> None:
    broken = project / "agreements" / "broken.yaml"
    broken.write_text(EXAMPLES[0].read_text().replace("owner: client", "owner: clinet", 1))
    result = cli("build", "agreements", "--format", "md")
    assert result.exit_code == 1
    assert "owner 'clinet' is not a party (did you mean 'client'?)" in result.stderr
    assert f"failed {broken}" in result.stderr or "failed agreements/broken.yaml" in result.stderr
    assert "built 2, current 0, failed 1" in result.stderr
    assert not (project / "build" / "broken.md").exists()


def test_removed_spec_is_reported_not_deleted(cli: Callable[..., Run], project: Path) -> None:
    assert cli("build", "agreements", "--format", "md").exit_code == 0
    (project / "agreements" / "one.yaml").unlink()
    result = cli("build", "agreements", "--format", "md")
    assert "orphan build/one.md (its spec is gone; not deleted)" in result.stderr
    assert (project / "build" / "one.md").exists()


def test_configuration_file_sets_globs_out_and_formats(
    cli: Callable[..., Run], project: Path
) -> None:
    (project / "workagree.toml").write_text(
        'include = ["agreements/clients/*.yaml"]\nout = "site"\nformats = ["html"]\n'
    )
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert sorted(outputs(project / "site")) == ["agreements/clients/two.html"]


def test_pyproject_table_is_read(cli: Callable[..., Run], project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.workagree]\ninclude = ["agreements/*.yaml"]\nformats = "md"\n'
    )
    assert cli("build").exit_code == 0
    assert sorted(outputs(project / "build")) == ["agreements/one.md"]


def test_unknown_setting_or_format_is_a_usage_error(cli: Callable[..., Run], project: Path) -> None:
    result = cli("build", "agreements", "--format", "pdf,docx")
    assert result.exit_code == 2
    assert "unknown format(s): docx" in result.stderr
    (project / "workagree.toml").write_text('outdir = "x"\n')
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr == (
        "workagree.toml:1:1: error: unknown setting 'outdir' [bad-setting]\n"
        ' 1 | outdir = "x"\n'
        "   | ^^^^^^\n"
        "  hint: known settings: include, out, formats, theme\n"
    )


@pytest.mark.pdf
def test_parallel_pdf_build_matches_a_serial_one(cli: Callable[..., Run], project: Path) -> None:
    assert cli("build", "agreements", "--out", "serial", "--jobs", "1").exit_code == 0
    parallel = cli("build", "agreements", "--out", "parallel", "--jobs", "2")
    assert parallel.exit_code == 0, parallel.output
    serial_files = outputs(project / "serial")
    assert sorted(serial_files) == ["clients/two.pdf", "one.pdf"]
    assert outputs(project / "parallel") == serial_files


def test_no_more_workers_than_specs(
    cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from workagree.build import runner

    started: list[int | None] = []

    def recorded(max_workers: int | None = None, **options: Any) -> ProcessPoolExecutor:
        started.append(max_workers)
        return ProcessPoolExecutor(max_workers, **options)

    monkeypatch.setattr(runner, "ProcessPoolExecutor", recorded)
    result = cli("build", "agreements", "--out", "out", "--format", "md", "--jobs", "16")
    assert result.exit_code == 0, result.output
    assert started == [2]  # two specs, so two workers, not sixteen
    assert sorted(outputs(project / "out")) == ["clients/two.md", "one.md"]

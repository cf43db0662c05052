"""A file with thousands of problems is checked in linear time, and its report is capped.

Text output shows the first 100 problems and one line counting the rest; GitHub
annotations stop at 50 (GitHub shows no more) with a notice counting the rest; JSON
lists every problem. The speed itself is measured in bench/run.py (many-problems).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT, Run

SMALL = (ROOT / "tests" / "corpus" / "bom.yaml").read_text(encoding="utf-8-sig")
# Counted by the code at the end of each problem's first line.
HEADER = re.compile(r": (error|warning): .* \[[a-z-]+\]$", re.MULTILINE)


def unknown_keys(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "many.yaml"
    path.write_text(SMALL + "".join(f"unknown_key_{i}: x\n" for i in range(count)), "utf-8")
    return path


def test_text_output_shows_100_problems_then_counts_the_rest(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = unknown_keys(tmp_path, 20_000)
    before = path.read_bytes()
    run = cli("validate", str(path))
    assert run.exit_code == 1
    assert len(HEADER.findall(run.stdout)) == 100
    assert run.stdout.endswith(
        f"... and 19900 more problems (19900 errors)\n{path}: invalid (20000 errors)\n"
    )
    assert f"{path}:118:1: error: unknown key 'unknown_key_99'" in run.stdout
    assert "unknown_key_100'" not in run.stdout
    assert path.read_bytes() == before


def test_exactly_100_problems_are_all_shown_without_a_count(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run = cli("validate", str(unknown_keys(tmp_path, 100)))
    assert len(HEADER.findall(run.stdout)) == 100
    assert "more problem" not in run.stdout
    run = cli("validate", str(unknown_keys(tmp_path, 101)))
    assert len(HEADER.findall(run.stdout)) == 100
    assert "... and 1 more problem (1 error)\n" in run.stdout


def test_the_count_names_errors_and_warnings(cli: Callable[..., Run], tmp_path: Path) -> None:
    rows = "".join(f"  - {{id: r{i}, owner: o{i}, what: x}}\n" for i in range(200))
    path = tmp_path / "owners.yaml"
    path.write_text(SMALL.replace("responsibilities:\n", "responsibilities:\n" + rows), "utf-8")
    run = cli("validate", str(path))
    assert run.exit_code == 1
    assert len(HEADER.findall(run.stdout)) == 100
    assert "... and 300 more problems (150 errors, 150 warnings)\n" in run.stdout


def test_json_lists_every_problem(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("validate", "--format", "json", str(unknown_keys(tmp_path, 20_000)))
    assert run.exit_code == 1
    problems = json.loads(run.stdout)
    assert len(problems) == 20_000
    assert problems[-1]["message"] == "unknown key 'unknown_key_19999'"


def test_github_annotations_stop_at_50_with_a_notice(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run = cli("validate", "--format", "github", str(unknown_keys(tmp_path, 2_000)))
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 51
    assert all(line.startswith("::error file=") for line in lines[:50])
    assert lines[50] == (
        "::notice title=workagree::... and 1950 more problems (1950 errors); "
        "--format json lists them all"
    )


@pytest.mark.parametrize(
    ("extra", "count", "code"),
    [
        ("".join(f"project: p{i}\n" for i in range(20_000)), 20_000, "duplicate-key"),
        ("".join(f"# \x07 {i}\n" for i in range(5_000)), 20, "bad-character"),
    ],
)
def test_other_floods_of_problems(
    cli: Callable[..., Run], tmp_path: Path, extra: str, count: int, code: str
) -> None:
    path = tmp_path / "flood.yaml"
    path.write_text(SMALL + extra, "utf-8")
    run = cli("validate", "--format", "json", str(path))
    assert run.exit_code == 1
    assert [p["code"] for p in json.loads(run.stdout)] == [code] * count

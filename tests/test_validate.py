"""`workagree validate` as a user and a CI job see it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import EXAMPLES, Run
from .test_loader import VALID

BROKEN = VALID.replace("owner: client", "owner: clinet")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_valid_without_warnings(cli: Callable[..., Run], example: Path) -> None:
    result = cli("validate", "--strict", str(example))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("valid (no problems)")


def test_there_are_at_least_three_examples() -> None:
    assert len(EXAMPLES) >= 3


def test_text_output_points_at_the_source(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    path = write_spec(BROKEN)
    result = cli("validate", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{path}:8:12: error: owner 'clinet' is not a party (did you mean 'client'?) "
        "[unknown-party]"
    )
    assert lines[1] == " 8 |     owner: clinet"
    assert lines[2] == "   |            ^^^^^^"
    assert lines[3] == "  hint: parties: studio, client"
    assert lines[-1] == f"{path}: invalid (1 error)"


def test_json_output_is_a_stable_list(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    path = write_spec(BROKEN)
    result = cli("validate", "--format", "json", str(path))
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": str(path),
            "line": 8,
            "column": 12,
            "path": "responsibilities[0].owner",
            "severity": "error",
            "code": "unknown-party",
            "message": "owner 'clinet' is not a party (did you mean 'client'?)",
            "hint": "parties: studio, client",
        }
    ]


def test_github_output_annotates(cli: Callable[..., Run], write_spec: Callable[..., Path]) -> None:
    path = write_spec(BROKEN)
    result = cli("validate", "--format", "github", str(path))
    assert result.exit_code == 1
    # The span is the caret's: `clinet` is columns 12 to 17, endColumn just past it.
    assert result.stdout == (
        f"::error file={path},line=8,endLine=8,col=12,endColumn=18,"
        "title=workagree unknown-party::owner 'clinet' is not "
        "a party (did you mean 'client'?) (hint: parties: studio, client)\n"
    )


def test_warnings_pass_unless_strict(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    path = write_spec(VALID.replace("deadline: 5 business days", "deadline: 5 days"))
    relaxed = cli("validate", str(path))
    assert relaxed.exit_code == 0
    assert "warning: '5 days after each draft' is ambiguous: business days or calendar days?" in (
        relaxed.stdout
    )
    assert "valid (1 warning)" in relaxed.stdout
    strict = cli("validate", "--strict", str(path))
    assert strict.exit_code == 1
    assert "invalid (1 warning)" in strict.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("if_missed: pause\n  - id: drafts", "\n  - id: drafts"),
            "responsibility 'feedback' says nothing about what happens if it is missed",
        ),
        (
            ("owner: studio", "owner: client"),
            "party 'studio' owns no responsibility: the agreement is one-sided",
        ),
        (
            ("consequences:\n", "consequences:\n  spare: Unused.\n"),
            "consequence 'spare' is never used",
        ),
    ],
)
def test_each_warning(
    cli: Callable[..., Run],
    write_spec: Callable[..., Path],
    change: tuple[str, str],
    message: str,
) -> None:
    result = cli("validate", str(write_spec(VALID.replace(*change))))
    assert result.exit_code == 0
    assert f"warning: {message}" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("workagree: 1", "workagree: 2"), "'2' is not allowed for 'workagree'"),
        (("project: Website\n", ""), "'project' is missing"),
        (("project: Website", "project: Website\nlocale: xx"), "'xx' is not a supported language"),
        (("role: client", "role: provider"), "no party has role: client"),
        (
            ("id: drafts", "id: feedback"),
            "responsibility id 'feedback' is used twice (first on line 7)",
        ),
        (("id: drafts", "id: 'bad id'"), "'bad id' is not a valid id"),
        (
            (
                "project: Website",
                "project: Website\nmilestones:\n  - {id: launch, what: Go, date: 2027-02-30}",
            ),
            "'2027-02-30' is not a real date",
        ),
        (
            ("project: Website", "project: Website\neffective: 20270101"),
            "a date must be written as YYYY-MM-DD",
        ),
        (("deadline: 2027-02-01", "deadline: soon"), "deadline: 'soon' is not a deadline"),
        (
            ("what: Send feedback", "what: " + "x" * 50_000),
            "'what' is 50,000 characters long; the limit is 400",
        ),
        (("name: Northwind", "name: 12"), "12 was read as a number, but 'name' is text"),
        (("studio: {", "12: {"), "owner 'studio' is not a party"),
        (("project: Website", "project: [a, b]"), "'project' must be text, not a list"),
    ],
)
def test_each_error(
    cli: Callable[..., Run],
    write_spec: Callable[..., Path],
    change: tuple[str, str],
    message: str,
) -> None:
    result = cli("validate", str(write_spec(VALID.replace(*change))))
    assert result.exit_code == 1
    assert f"error: {message}" in result.stdout


def test_several_files_and_worst_exit_code(
    cli: Callable[..., Run], write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    good = write_spec(VALID, "good.yaml")
    bad = write_spec(BROKEN, "bad.yaml")
    assert cli("validate", str(good), str(bad)).exit_code == 1
    assert cli("validate", str(good), str(tmp_path / "missing.yaml")).exit_code == 2


def test_usage_errors_exit_2(cli: Callable[..., Run]) -> None:
    assert cli("validate").exit_code == 2
    assert cli("validate", "--format", "xml", "x.yaml").exit_code == 2
    assert cli("frobnicate").exit_code == 2


def test_specs_only_still_refuses_paths_that_do_not_exist(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """`$(git ls-files)` unquoted splits `my agreement.yaml` in two: neither half exists."""
    (tmp_path / "notes.yaml").write_text("title: not an agreement\n", encoding="utf-8")
    skipped = cli("validate", "--specs-only", str(tmp_path / "notes.yaml"))
    assert (skipped.exit_code, skipped.output) == (0, "")
    run = cli("validate", "--specs-only", str(tmp_path / "my"), str(tmp_path / "agreement.yaml"))
    assert run.exit_code == 2
    assert f"{tmp_path / 'my'}: error: no such file [file-not-found]" in run.output
    assert f"{tmp_path / 'agreement.yaml'}: error: no such file [file-not-found]" in run.output

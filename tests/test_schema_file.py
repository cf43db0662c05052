"""The schema kept beside specs: `new` writes or refreshes it, `schema -o` refreshes it.

A spec's first line points editors at the schema by a relative path, so an editor finds
it with no network. One schema serves every spec below it in a git work tree; it is
replaced only when it is a workagree schema, atomically, and never over an input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from workagree.schema import SCHEMA_FILE, json_schema_text

from .conftest import Run

CLI = Callable[..., Run]
NEW = ("new", "-p", "freelance", "--provider", "Ana", "--client", "Bo", "--project", "Logo")
WROTE = "Wrote {}, the schema editors check the spec with.\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def first_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


def old_schema(path: Path) -> str:
    """A workagree schema as an older version wrote it."""
    data = json.loads(json_schema_text())
    data["properties"].pop("terms")
    text = json.dumps(data, indent=2)
    path.write_text(text, encoding="utf-8")
    return text


def test_new_in_an_empty_folder_writes_the_schema_beside_the_spec(cli: CLI, tmp_path: Path) -> None:
    run = cli(*NEW, "--no-input")
    assert run.exit_code == 0, run.output
    assert WROTE.format(SCHEMA_FILE) in run.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.yaml", SCHEMA_FILE]
    assert first_line(tmp_path / "agreement.yaml") == (
        f"# yaml-language-server: $schema={SCHEMA_FILE}"
    )
    assert (tmp_path / SCHEMA_FILE).read_text(encoding="utf-8") == json_schema_text()


def test_a_current_schema_is_left_as_it_is(cli: CLI, tmp_path: Path) -> None:
    assert cli(*NEW, "--no-input").exit_code == 0
    before = (tmp_path / SCHEMA_FILE).stat()
    run = cli(*NEW, "second.yaml", "--no-input")
    assert run.exit_code == 0, run.output
    assert "schema" not in run.stdout
    after = (tmp_path / SCHEMA_FILE).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert first_line(tmp_path / "second.yaml").endswith(f"$schema={SCHEMA_FILE}")


def test_an_older_schema_is_brought_up_to_date(cli: CLI, tmp_path: Path) -> None:
    old_schema(tmp_path / SCHEMA_FILE)
    run = cli(*NEW, "--no-input")
    assert run.exit_code == 0, run.output
    assert f"Updated {SCHEMA_FILE}, the schema editors check the spec with.\n" in run.stdout
    assert (tmp_path / SCHEMA_FILE).read_text(encoding="utf-8") == json_schema_text()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("content", ['{"title": "my own schema"}', "not json", ""])
def test_another_file_of_that_name_stops_new_before_anything_is_written(
    cli: CLI, tmp_path: Path, content: str
) -> None:
    (tmp_path / SCHEMA_FILE).write_text(content, encoding="utf-8")
    run = cli(*NEW, "--no-input")
    assert run.exit_code == 1
    assert run.stderr == (
        f"{SCHEMA_FILE}: error: exists and is not a workagree schema; it was left as it is "
        "[exists]\n"
        "  hint: move it away, or write the schema elsewhere: workagree schema -o PATH\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [SCHEMA_FILE]
    assert (tmp_path / SCHEMA_FILE).read_text(encoding="utf-8") == content


def test_a_folder_of_that_name_stops_new_too(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / SCHEMA_FILE).mkdir()
    run = cli(*NEW, "--no-input")
    assert run.exit_code == 1
    assert "exists and is not a workagree schema" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [SCHEMA_FILE]


def test_a_spec_in_a_subfolder_of_a_work_tree_uses_the_schema_above_it(
    cli: CLI, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    assert cli(*NEW, "--no-input").exit_code == 0
    (tmp_path / "clients" / "acme").mkdir(parents=True)
    run = cli(*NEW, "clients/acme/agreement.yaml", "--no-input")
    assert run.exit_code == 0, run.output
    assert "schema" not in run.stdout
    assert not (tmp_path / "clients" / "acme" / SCHEMA_FILE).exists()
    assert first_line(tmp_path / "clients" / "acme" / "agreement.yaml") == (
        f"# yaml-language-server: $schema=../../{SCHEMA_FILE}"
    )


def test_an_older_schema_above_is_refreshed_where_it_is(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    old_schema(tmp_path / SCHEMA_FILE)
    (tmp_path / "acme").mkdir()
    run = cli(*NEW, "acme", "--no-input")
    assert run.exit_code == 0, run.output
    assert WROTE.format(SCHEMA_FILE).replace("Wrote", "Updated") in run.stdout
    assert (tmp_path / SCHEMA_FILE).read_text(encoding="utf-8") == json_schema_text()
    assert first_line(tmp_path / "acme" / "agreement.yaml").endswith(f"=../{SCHEMA_FILE}")


def test_no_schema_is_looked_for_above_the_work_tree_nor_outside_one(
    cli: CLI, tmp_path: Path
) -> None:
    (tmp_path / SCHEMA_FILE).write_text(json_schema_text(), encoding="utf-8")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "loose").mkdir()
    for folder in ("repo", "loose"):
        run = cli(*NEW, folder, "--no-input")
        assert run.exit_code == 0, run.output
        assert WROTE.format(f"{folder}/{SCHEMA_FILE}") in run.stdout
        assert first_line(tmp_path / folder / "agreement.yaml").endswith(f"={SCHEMA_FILE}")


def test_a_spec_may_not_take_the_schema_name(cli: CLI, tmp_path: Path) -> None:
    run = cli(*NEW, SCHEMA_FILE, "--no-input")
    assert run.exit_code == 2
    assert "that name is kept for the JSON Schema" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_schema_prints_or_writes_it(cli: CLI, tmp_path: Path) -> None:
    assert cli("schema").stdout == json_schema_text()
    assert cli("schema", "-o", "-").stdout == json_schema_text()
    run = cli("schema", "-o", "editors.json")
    assert (run.exit_code, run.stdout) == (0, "Wrote editors.json.\n")
    assert (tmp_path / "editors.json").read_text(encoding="utf-8") == json_schema_text()
    run = cli("schema", "-o", "editors.json")
    assert (run.exit_code, run.stdout) == (0, "Kept editors.json (already current).\n")
    old_schema(tmp_path / "editors.json")
    run = cli("schema", "--output", "editors.json")
    assert (run.exit_code, run.stdout) == (0, "Updated editors.json.\n")
    assert (tmp_path / "editors.json").read_text(encoding="utf-8") == json_schema_text()


def test_schema_never_writes_over_a_spec(cli: CLI, tmp_path: Path) -> None:
    assert cli(*NEW, "--no-input").exit_code == 0
    spec = (tmp_path / "agreement.yaml").read_bytes()
    run = cli("schema", "-o", "agreement.yaml")
    assert run.exit_code == 1
    assert run.stderr.startswith(
        "agreement.yaml: error: exists and is not a workagree schema; it was left as it is"
    )
    assert (tmp_path / "agreement.yaml").read_bytes() == spec

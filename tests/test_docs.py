"""The README's set-up commands are the ones CI runs, and the docs cover every key."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from workagree.model import Agreement, Milestone, Party, Responsibility, Term
from workagree.model.calendar import Calendar

from .conftest import ROOT, Run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    section = README.split("## Set-up: two commands", 1)[1].split("\n## ", 1)[0]
    return [c.strip() for c in re.findall(r"```sh\n(.+?)\n\s*```", section)]


def test_readme_gives_exactly_two_setup_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert "workagree render examples/" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_format_doc_mentions_every_key() -> None:
    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for model in (Agreement, Calendar, Party, Responsibility, Milestone, Term):
        for key in model.model_fields:
            assert f"`{key}`" in doc, f"docs/format.md does not describe {model.__name__}.{key}"


def _scenario() -> tuple[str, list[tuple[str, str]]]:
    """The spec of docs/tracking.md's worked scenario, and each command with its output."""
    doc = (ROOT / "docs" / "tracking.md").read_text(encoding="utf-8")
    scenario = doc.split("## A worked scenario", 1)[1].split("\n## ", 1)[0]
    spec = re.search(r"```yaml\n(.+?)\n```", scenario, re.S)
    assert spec is not None
    runs = []
    for block in re.findall(r"```console\n(.+?)\n```", scenario, re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            runs.append((command, output))
    return spec.group(1) + "\n", runs


def test_tracking_scenario_gives_the_output_shown(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    spec, runs = _scenario()
    assert len(runs) >= 8
    (tmp_path / "agreement.yaml").write_text(spec, encoding="utf-8")
    for command, shown in runs:
        args = shlex.split(command)
        # `new` writes the spec as a preset has it; the page goes on with it as edited.
        folder = tmp_path / "new" if args[1:2] == ["new"] else tmp_path
        folder.mkdir(exist_ok=True)
        monkeypatch.chdir(folder)
        if args[0] == "cat":
            got = (tmp_path / args[1]).read_text(encoding="utf-8")
        else:
            assert args[0] == "workagree"
            result = cli(*args[1:])
            got = result.stdout + result.stderr
        assert got.rstrip("\n") == shown.rstrip("\n"), command

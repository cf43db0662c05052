"""The README's set-up commands are the ones CI runs, and the docs cover every key."""

from __future__ import annotations

import re

from workagree.model import Agreement, Milestone, Party, Responsibility, Term
from workagree.model.calendar import Calendar

from .conftest import ROOT

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

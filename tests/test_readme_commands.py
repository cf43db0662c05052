"""README's command table lists every option the recipes use.

The recipes (CI jobs, pre-commit hooks, docs/recipes.md) are read as they are when the
tests run, so a recipe that starts using an option the table does not mention fails here.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from workagree.cli import app

from .conftest import ROOT

RECIPES = sorted(
    [
        *(ROOT / "examples" / "ci").glob("*.yml"),
        *(ROOT / "examples" / "ci").glob("*.yaml"),
        ROOT / ".pre-commit-hooks.yaml",
        ROOT / "docs" / "recipes.md",
    ]
)
COMMAND = re.compile(r"(?<![\w./@-])workagree\s+([a-z][a-z-]*)([^`]*)")
SUBCOMMAND = re.compile(r"\s+([a-z][a-z-]*)(.*)")


def _options(rest: str) -> list[str]:
    """The option names in the rest of a shell line, up to where the command ends."""
    rest = re.sub(r"\$\([^)]*\)", " ", rest)
    rest = re.split(r"\s#|\||&&|;|`|'\s*$|\"\s*$|\)", rest)[0]
    try:
        words = shlex.split(rest)
    except ValueError:
        words = rest.split()
    return [word.split("=", 1)[0] for word in words if word.startswith("-") and word != "-"]


def invocations(text: str) -> Iterator[tuple[str, list[str]]]:
    """``(command, options)`` for each `workagree COMMAND ...` written in the text."""
    for line in text.splitlines():
        if line.lstrip().startswith(("echo ", "#")):
            continue  # a message or a comment that names workagree, not a command
        for match in COMMAND.finditer(line):
            command, rest = match.groups()
            if command == "templates" and (sub := SUBCOMMAND.match(rest)):
                rest = sub.group(2)
            yield command, _options(rest)


def hook_invocations(text: str, hooks: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """Options given to workagree's pre-commit hooks by ``args:`` in YAML examples."""
    for block in re.findall(r"```ya?ml\n(.*?)```", text, re.S):
        try:
            data: Any = yaml.safe_load(block)
        except yaml.YAMLError:
            continue
        for repo in data.get("repos", []) if isinstance(data, dict) else []:
            for hook in repo.get("hooks", []):
                if hook.get("id") in hooks:
                    command = hooks[hook["id"]]
                    yield command, _options(" ".join(map(str, hook.get("args", []))))


def _commands(data: object, key: object = None) -> Iterator[str]:
    """The strings of a YAML file that can be commands: not names, titles or descriptions."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _commands(value, name)
    elif isinstance(data, list):
        for item in data:
            yield from _commands(item, key)
    elif isinstance(data, str) and key not in ("name", "description"):
        yield data


def code(path: Path) -> str:
    """The text that is commands: all of a YAML file; code blocks and spans of Markdown."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".md":
        return "\n".join(_commands(yaml.safe_load(text)))
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M)
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return "\n".join([*blocks, *re.findall(r"`([^`\n]+)`", prose)])


def used_options() -> list[tuple[str, str, str]]:
    """``(file, command, long option)`` for every option a recipe passes to a command."""
    hooks_file = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook["entry"].split()[1] for hook in hooks_file}
    root = typer.main.get_command(app)
    found = []
    for path in RECIPES:
        text = path.read_text(encoding="utf-8")
        for command, options in [*invocations(code(path)), *hook_invocations(text, hooks)]:
            click_command = root.commands.get(command)  # type: ignore[attr-defined]
            assert click_command is not None, f"{path.name}: no command `workagree {command}`"
            for option in options:
                params = [p for p in click_command.params if option in p.opts]
                assert params, f"{path.name}: `workagree {command}` has no option {option}"
                long = max(params[0].opts, key=len)
                found.append((path.relative_to(ROOT).as_posix(), command, long))
    return sorted(set(found))


def readme_rows() -> dict[str, str]:
    """The README command table: command name -> its row."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `workagree ([a-z-]+)[^|]*\|.*$", text, re.M)
    lines = re.findall(r"^\| `workagree [a-z-]+.*$", text, re.M)
    return dict(zip(rows, lines, strict=True))


def test_the_recipes_are_found_and_read() -> None:
    used = used_options()
    assert {file for file, _, _ in used} >= {
        ".pre-commit-hooks.yaml",
        "docs/recipes.md",
    }
    assert ("docs/recipes.md", "validate", "--strict") in used
    assert ("docs/recipes.md", "validate", "--format") in used


def test_the_readme_table_has_every_command() -> None:
    rows = readme_rows()
    for info in app.registered_commands:
        name = info.name or info.callback.__name__  # type: ignore[union-attr]
        assert name.replace("_", "-") in rows, name
    assert "templates" in rows


@pytest.mark.parametrize(("file", "command", "option"), used_options())
def test_every_option_a_recipe_uses_is_in_the_readme_table(
    file: str, command: str, option: str
) -> None:
    row = readme_rows()[command]
    assert re.search(rf"`{re.escape(option)}(?![\w-])", row), (
        f"{file} uses `workagree {command} {option}`; README's command table does not list it"
    )


def test_options_are_found_after_globs_in_quotes_and_with_values() -> None:
    text = (
        "run: workagree validate --strict $(git ls-files '*.yaml') --format=github\n"
        "$ workagree build --out build -j 4   # comment --not-this\n"
        "git -c diff.workagree.command='workagree git-diff-driver' diff\n"
        "`workagree templates eject classic x` then `workagree render a.yaml --watch`\n"
    )
    assert list(invocations(text)) == [
        ("validate", ["--strict", "--format"]),
        ("build", ["--out", "-j"]),
        ("git-diff-driver", []),
        ("templates", []),
        ("render", ["--watch"]),
    ]

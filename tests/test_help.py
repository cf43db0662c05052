"""Every `--help` names what to type in words: `FILE...`, `--format md|html`, `--jobs N`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
import typer.main

from workagree.cli import app

from .conftest import Run


def command_paths() -> Iterator[tuple[str, ...]]:
    """Every command and subcommand, found from the app itself (new ones are covered)."""

    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    yield from walk(typer.main.get_command(app), ())


PATHS = list(command_paths())
# A placeholder is words in capitals (FILE, NAME=VALUE, OLD-FILE OLD-HEX) or the choices.
PLACEHOLDER = re.compile(
    r"[A-Z][A-Z0-9-]*(=[A-Z]+)?( [A-Z][A-Z0-9-]*)*(\.\.\.)?|[a-z0-9]+(\|[a-z0-9]+)+"
)
NOISE = re.compile(r"[\[\]{}<>]|list|Path|str\b|int\b|float|RANGE|INTEGER|TEXT|FLOAT|BOOLEAN")


def sections(text: str) -> dict[str, list[str]]:
    """The first column of each entry in the Arguments and Options sections."""
    found: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if re.fullmatch(r"[A-Z][a-z]+:", line):
            current = line[:-1]
            found[current] = []
        elif current and re.match(r"  \S", line):
            found[current].append(re.split(r"\s{2,}", line.strip())[0])
    return found


def test_every_command_is_found() -> None:
    names = {" ".join(path) for path in PATHS}
    assert {"", "validate", "render", "build", "templates", "templates eject"} <= names
    assert len(names) >= 12


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "workagree")
def test_help_shows_readable_placeholders(cli: Callable[..., Run], path: tuple[str, ...]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0
    usage = next(line for line in result.stdout.splitlines() if line.startswith("Usage:"))
    prefix = " ".join(("Usage: workagree", *path))
    assert usage.startswith(prefix)
    pieces = usage.removeprefix(prefix).split()
    for piece in pieces:
        if piece in ("[OPTIONS]", "COMMAND", "[ARGS]..."):
            continue
        bare = piece[1:-1] if piece.startswith("[") and piece.endswith("]") else piece
        assert re.fullmatch(r"[A-Z][A-Z0-9-]*(\.\.\.)?", bare), (usage, piece)

    found = sections(result.stdout)
    placeholders = list(found.get("Arguments", []))
    for entry in found.get("Options", []):
        names = entry.split(", ")[-1].split(" / ")[0]
        option, _, placeholder = names.partition(" ")
        assert option.startswith("-"), entry
        if placeholder:
            placeholders.append(placeholder)
    for placeholder in placeholders:
        assert PLACEHOLDER.fullmatch(placeholder), (path, placeholder)
        assert not NOISE.search(placeholder), (path, placeholder)
    if path and path[0] in ("validate", "render", "build"):
        assert placeholders  # the parsing above found something to check


def test_placeholders_as_a_reader_sees_them(cli: Callable[..., Run]) -> None:
    validate = cli("validate", "--help").stdout
    assert "Usage: workagree validate [OPTIONS] FILE...\n" in validate
    assert "-f, --format text|json|github|sarif|gitlab" in validate
    build = cli("build", "--help").stdout
    assert "Usage: workagree build [OPTIONS] [PATHS...]\n" in build
    assert re.search(r"-j, --jobs N\s", build)
    assert re.search(r"--timeout SECONDS\s", build)
    render = cli("render", "--help").stdout
    assert "Usage: workagree render [OPTIONS] FILE\n" in render
    assert re.search(r"--max-pages N\s", render)
    assert re.search(r"--templates FOLDER\s", render)


def test_errors_name_arguments_as_the_usage_line_does(cli: Callable[..., Run]) -> None:
    result = cli("render")
    assert result.exit_code == 2
    assert "Usage: workagree render [OPTIONS] FILE\n" in result.output
    assert "Missing argument 'FILE'." in result.output

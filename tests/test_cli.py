"""The command as installed: entry points, help texts, lazy imports."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from workagree import __version__
from workagree.cli import app

from .conftest import EXAMPLES, ROOT, Run

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "workagree", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_version(cli: Callable[..., Run]) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"workagree {__version__}\n"


def test_python_dash_m_runs_the_cli() -> None:
    result = run_module("--version")
    assert result.returncode == 0
    assert result.stdout == f"workagree {__version__}\n"


def test_no_arguments_shows_help(cli: Callable[..., Run]) -> None:
    result = cli()
    assert "Usage: workagree" in result.output
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli: Callable[..., Run], command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: workagree {command}" in result.stdout
    assert "Example:" in result.stdout


def test_validate_imports_no_rendering_libraries(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from workagree.cli import main\n"
        f"sys.argv = ['workagree', 'validate', {str(EXAMPLES[0])!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "heavy = sorted(m for m in ('weasyprint', 'babel', 'holidays', 'jinja2') if m in sys.modules)\n"
        "print('HEAVY', heavy, code)\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "NO_COLOR": "1",
        "WORKAGREE_CACHE_DIR": str(tmp_path),
    }

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        return done.stdout + done.stderr

    # The first run looks up the public holidays its milestones fall near (the spec has
    # a country) and keeps them in the cache folder; later runs read them from there.
    first = run()
    assert "HEAVY ['holidays'] 0" in first, first
    second = run()
    assert "HEAVY [] 0" in second, second
    assert first.replace("['holidays']", "[]") == second


def test_a_bug_is_reported_as_a_bug(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    import workagree.api as command

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(command, "check_file", explode)
    result = cli("validate", str(EXAMPLES[0]))
    assert result.exit_code == 3
    assert "workagree hit a bug: RuntimeError: boom" in result.stderr
    assert "--debug" in result.stderr
    with pytest.raises(RuntimeError, match="boom"):
        cli("--debug", "validate", str(EXAMPLES[0]))


def test_country_codes_read_without_importing_holidays_match_its_registry() -> None:
    from holidays.registry import EntityLoader

    from workagree.model.regions import _registry_codes

    expected = {code for code in EntityLoader.get_country_codes() if len(code) == 2}
    assert _registry_codes() == expected


def test_help_loads_neither_the_model_nor_rendering() -> None:
    code = (
        "import sys\n"
        "from workagree.cli import main\n"
        "sys.argv = ['workagree', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('pydantic', 'yaml', 'weasyprint', 'babel', 'holidays', 'jinja2')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert "LOADED []" in result.stdout, result.stdout + result.stderr

"""Shared fixtures: the CLI runner, the bundled examples, temporary specs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from workagree.cli import app

if TYPE_CHECKING:
    from .packaging import Built

# Property tests: a short run in the normal suite; `--hypothesis-profile long` for a fuzzing run.
settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(autouse=True, scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """workagree's cache folder for the whole run (and its subprocesses): never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKAGREE_CACHE_DIR", str(folder))
        yield folder


class Run:
    """The result of a CLI run, with stdout and stderr kept apart."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Run `workagree ARGS...` in-process; returns exit code, stdout and stderr."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Run:
        result = runner.invoke(
            app, list(args), input=input, env={"NO_COLOR": "1", "COLUMNS": "200"}
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text (or bytes) to a file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "agreement.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files in tests/golden/ from the current output.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to refresh the golden files."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sdist and wheel of this tree, built once per run (`python -m build`)."""
    from .packaging import build_release

    return build_release(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def wheel_bin(release: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin` folder of a venv with the wheel installed (and the tests' dependencies)."""
    from .packaging import venv_with

    return venv_with(release.wheel, tmp_path_factory.mktemp("venv") / "venv")

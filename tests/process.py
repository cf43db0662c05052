"""Running `workagree` in a real process with a wall-clock limit.

For inputs that used to hang (a pipe with no writer, a storm of timer signals): a
regression then fails the test after a few seconds instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

WALL_CLOCK = 30.0


def run_workagree(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m workagree ARGS...`; fails the test if it has not ended within WALL_CLOCK."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    environment.pop("WORKAGREE_TIMEOUT", None)
    environment.update(env or {})
    try:
        return subprocess.run(
            [sys.executable, "-m", "workagree", *args],
            capture_output=True,
            text=True,
            env=environment,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            timeout=WALL_CLOCK,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`workagree {' '.join(args)}` still running after {WALL_CLOCK:g} s")

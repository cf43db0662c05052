"""The render time limit holds at any value, and never outlives the render it bounds.

A tiny limit used to re-fire its timer every microsecond (a signal storm that hung the
process), a huge one overflowed setitimer (exit 3), and a stop landing while the limit
was being disarmed left a repeating timer behind to kill the process later. Where a
hang is possible the command runs in a real process with a wall-clock limit.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import EXAMPLES, Run
from .process import run_workagree

SPEC = EXAMPLES[0]
OUT_OF_RANGE = "must be 0.01 to 86400 seconds, or 0 for no limit (got {shown}) [usage]"
HINT = "  hint: e.g. --timeout 60; 0 turns the limit off\n"
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{{ '' }}{% endfor %}{% endfor %}\n"
BAD = [
    ("0.000001", "1e-06"),
    ("1e-320", "9.99989e-321"),
    ("0.009", "0.009"),
    ("1e308", "1e+308"),
    ("86400.5", "86400.5"),
    ("inf", "inf"),
    ("nan", "nan"),
    ("-1", "-1"),
]


@pytest.mark.parametrize("command", ["render", "build"])
@pytest.mark.parametrize(("value", "shown"), BAD)
def test_an_absurd_timeout_option_is_a_usage_error(
    tmp_path: Path, command: str, value: str, shown: str
) -> None:
    args = [str(SPEC), "-f", "md", "-o", "out.md"] if command == "render" else [str(SPEC)]
    done = run_workagree(command, *args, f"--timeout={value}", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"workagree: error: --timeout {OUT_OF_RANGE.format(shown=shown)}\n{HINT}"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("value", "shown"), [(v, v) for v, _ in BAD])
def test_an_absurd_timeout_in_the_environment_is_a_usage_error(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, value: str, shown: str
) -> None:
    monkeypatch.setenv("WORKAGREE_TIMEOUT", value)
    for run in (cli("render", str(SPEC), "-f", "md", "-o", "-"), cli("build", str(SPEC))):
        assert run.exit_code == 2
        expected = f"WORKAGREE_TIMEOUT {OUT_OF_RANGE.format(shown=shown)}"
        assert run.stderr == f"workagree: error: {expected}\n{HINT}"
        assert run.stdout == ""


@pytest.mark.parametrize("value", ["0.01", "86400", "0"])
def test_limits_at_the_ends_of_the_range_are_accepted(tmp_path: Path, value: str) -> None:
    done = run_workagree("render", str(SPEC), "-f", "md", "-o", "-", f"--timeout={value}")
    assert done.returncode in (0, 1), done.stderr  # 10 ms may or may not be enough
    assert "usage" not in done.stderr


def test_the_shortest_limit_stops_a_runaway_template_quickly(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "agreement.md.j2").write_text(LOOP, encoding="utf-8")
    started = time.monotonic()
    done = run_workagree(
        "render", str(SPEC), "-f", "md", "-o", "out.md", "--templates", "mine",
        "--timeout", "0.01", cwd=tmp_path,
    )  # fmt: skip
    assert time.monotonic() - started < 15
    assert done.returncode == 1
    assert "stopped; nothing was written [timeout]" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_the_timer_is_off_once_the_render_is_done(cli: Callable[..., Run]) -> None:
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--timeout", "0.05")
    assert run.exit_code in (0, 1)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--timeout", "60")
    assert run.exit_code == 0, run.output
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
    time.sleep(0.3)  # past the repeat interval: no stray stop arrives


def test_a_stop_arriving_after_the_limit_ends_does_nothing() -> None:
    """A signal already on its way when the body ends is harmless, and no timer is left."""
    from workagree.timelimit import time_limit

    with time_limit(60, "x.yaml"):
        expire = signal.getsignal(signal.SIGALRM)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
    assert callable(expire)
    expire(signal.SIGALRM, None)  # once the body is over, the handler is a no-op
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def slow_cleanup() -> None:
    """Work that runs until stopped, then takes a while to clean up."""
    try:
        while True:
            time.sleep(0.001)
    finally:
        time.sleep(0.05)  # the stop lands in here, in cleanup code of the body


def test_a_stop_during_cleanup_leaves_no_timer_behind() -> None:
    from workagree.timelimit import TimeLimitExceeded, time_limit

    with pytest.raises(TimeLimitExceeded), time_limit(0.02, "x.yaml"):
        slow_cleanup()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(1.2)  # past any repeat: the process survives

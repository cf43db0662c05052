"""A bound on how long one render may run.

The limit is enforced with a real-time interval timer (``SIGALRM``) on the main thread:
it costs nothing when rendering is quick (no extra process, no second WeasyPrint import,
nothing to pickle), and it interrupts pure-Python loops such as a runaway template as well
as WeasyPrint's layout, which returns to Python between short calls into Pango. Build
workers render on their own main thread, so each document there has its own limit too.
Where there is no ``SIGALRM`` (Windows) or when called off the main thread, the work runs
unbounded rather than failing.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .errors import UsageError, WorkagreeError

DEFAULT_SECONDS = 30.0
ENVIRONMENT = "WORKAGREE_TIMEOUT"


class TimeLimitExceeded(WorkagreeError):
    """A render ran past its limit (exit 1)."""


def seconds(option: float | None) -> float:
    """The limit to use: the option, else ``WORKAGREE_TIMEOUT``, else 30 s. 0 means none."""
    if option is not None:
        value, source = option, "--timeout"
    else:
        raw = os.environ.get(ENVIRONMENT, "").strip()
        if not raw:
            return DEFAULT_SECONDS
        source = ENVIRONMENT
        try:
            value = float(raw)
        except ValueError:
            raise UsageError(
                f"{ENVIRONMENT}={raw!r} is not a number of seconds",
                hint=f"set it to e.g. {ENVIRONMENT}=60, or 0 for no limit",
            ) from None
    if not value >= 0 or value == float("inf"):
        raise UsageError(
            f"{source} must be a number of seconds, 0 or more (got {value:g})",
            hint="e.g. --timeout 60; 0 turns the limit off",
        )
    return value


def _supported() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(limit: float, file: str) -> Iterator[None]:
    """Run the body for at most ``limit`` seconds (0: no limit), else raise TimeLimitExceeded."""
    if limit <= 0 or not _supported():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded.single(
            file,
            f"rendering took longer than the limit of {limit:g} s and was stopped; "
            "nothing was written",
            "timeout",
            hint=f"raise the limit with --timeout SECONDS (or {ENVIRONMENT}); "
            "a template looping without end needs fixing",
        )

    previous = signal.signal(signal.SIGALRM, expire)
    # The timer repeats: should the code being run swallow the first stop in a broad
    # `except Exception`, it is stopped again a moment later.
    signal.setitimer(signal.ITIMER_REAL, limit, min(limit, 1.0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def paused() -> Iterator[None]:
    """Stop the clock of the running limit for the body, e.g. while the PDF engine loads."""
    if not _supported():
        yield
        return
    remaining, interval = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if remaining:
            signal.setitimer(signal.ITIMER_REAL, remaining, interval)

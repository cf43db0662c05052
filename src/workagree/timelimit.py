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
# Below 10 ms a limit stops every render before it starts; above a day it is a typo, and
# setitimer() overflows near 1e9 s. A limit out of this range is a usage error, not a hang.
SHORTEST = 0.01
LONGEST = 86400.0
RANGE = f"{SHORTEST:g} to {LONGEST:g} seconds, or 0 for no limit"
# After the first stop the timer repeats (see time_limit), but never faster than this:
# a tiny limit must not become a storm of signals.
MIN_REPEAT = 0.1


class TimeLimitExceeded(WorkagreeError):
    """A render ran past its limit (exit 1)."""


def seconds(option: float | None) -> float:
    """The limit to use: the option, else ``WORKAGREE_TIMEOUT``, else 30 s. 0 means none."""
    if option is not None:
        return _checked(option, "--timeout", f"{option:g}")
    raw = os.environ.get(ENVIRONMENT, "").strip()
    if not raw:
        return DEFAULT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(
            f"{ENVIRONMENT}={raw!r} is not a number of seconds",
            hint=f"set it to e.g. {ENVIRONMENT}=60, or 0 for no limit",
        ) from None
    return _checked(value, ENVIRONMENT, raw)


def _checked(value: float, source: str, shown: str) -> float:
    if value == 0 or SHORTEST <= value <= LONGEST:  # false for nan
        return value
    raise UsageError(
        f"{source} must be {RANGE} (got {shown})",
        hint="e.g. --timeout 60; 0 turns the limit off",
    )


def _supported() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(limit: float, file: str) -> Iterator[None]:
    """Run the body for at most ``limit`` seconds (0: no limit), else raise TimeLimitExceeded.

    The timer never outlives the body: it is disarmed on the way out whatever happens,
    and a signal that arrives once the body is over does nothing.
    """
    if limit <= 0 or not _supported():
        yield
        return
    running = [True]

    def expire(signum: int, frame: FrameType | None) -> None:
        if not running[0]:  # a late signal, after the body is over
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
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
    signal.setitimer(signal.ITIMER_REAL, limit, max(MIN_REPEAT, min(limit, 1.0)))
    try:
        try:
            yield
        finally:
            running[0] = False
    finally:
        # Reached even when a stop lands in the inner `finally`: the next one is at
        # least MIN_REPEAT away, so nothing can interrupt this disarm.
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


def remaining() -> float | None:
    """Seconds left of the running limit, or None when no limit is running here."""
    if not _supported():
        return None
    left = signal.getitimer(signal.ITIMER_REAL)[0]
    return left or None

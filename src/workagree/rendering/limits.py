"""Size limits for what a template computes: no value too large to hold, refused before it is made.

The time limit (:mod:`workagree.timelimit`) stops a template that loops, but not one
Python operation that builds a gigabyte of text or a number with a billion digits:
such an operation runs in C to its end (or to ``MemoryError``) before any signal is
handled. The sandbox asks here first, for the operators and calls that can grow a
value: ``*``, ``**``, ``%``, padding methods of text and format specifications.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from jinja2.exceptions import SecurityError

MAX_LENGTH = 1_000_000  # characters or items in one value a template builds
MAX_BITS = 65_536  # about 20,000 decimal digits
MEMORY = 1 << 30  # bytes a render may allocate on top of what the process holds
_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_FORMATTING = frozenset({"format", "format_map"})
_WIDTH = re.compile(r"\d+")


def _too_large(what: str) -> SecurityError:
    return SecurityError(f"{what} would be too large (the limit is {MAX_LENGTH:,} characters)")


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


_STAR_WIDTH = re.compile(r"%[-#0 +]*(\([^)]*\))?[-#0 +]*\*|%[-#0 +]*[0-9]*\.\*")


def _check_widths(spec: str) -> None:
    if _STAR_WIDTH.search(spec):
        raise SecurityError("a width or precision taken from an argument ('%*s') is refused")
    if any(len(digits) > 6 or int(digits) > MAX_LENGTH for digits in _WIDTH.findall(spec)):
        raise _too_large("formatted text")


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` when its result would be too large."""
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            size = _length(sequence)
            if size is not None and isinstance(count, int) and size * count > MAX_LENGTH:
                raise _too_large("repeated text or list")
        both_ints = isinstance(left, int) and isinstance(right, int)
        if both_ints and left.bit_length() + right.bit_length() > MAX_BITS:
            raise SecurityError("a product of numbers that large is refused")
    elif operator == "**":
        growing = isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
        if growing and (right > MAX_BITS or right * abs(left).bit_length() > MAX_BITS):
            raise SecurityError("a power that large is refused")
    elif operator == "%" and isinstance(left, str):
        _check_widths(left)


def check_call(function: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse a call of a text method that would pad or format text past the limit."""
    function = getattr(function, "__wrapped__", function)  # the sandbox's str.format wrapper
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in _PADDING:
        sizes = [v for v in (*args, *kwargs.values()) if isinstance(v, int)]
        if any(size > MAX_LENGTH for size in sizes):
            raise _too_large(f"{name}()")
    elif name in _FORMATTING:
        _check_widths(owner)


def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A Jinja filter that pads or formats (``center``, ``indent``, ``format``), bounded."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name == "format" and args and isinstance(args[0], str):
            _check_widths(args[0])
        elif any(isinstance(v, int) and v > MAX_LENGTH for v in (*args[1:], *kwargs.values())):
            raise _too_large(f"|{name}")
        return function(*args, **kwargs)

    bounded.__name__ = function.__name__
    bounded.__dict__.update(function.__dict__)  # keeps Jinja's pass_environment marks
    return bounded


def address_space() -> int | None:
    """This process's virtual size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def cap_address_space() -> tuple[int, int] | None:
    """Lower this process's address-space limit to :data:`MEMORY` more than it holds now
    (Linux only). Returns the limits to restore, or None when nothing was lowered."""
    size = address_space() if sys.platform.startswith("linux") else None
    if size is None:
        return None
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = size + MEMORY if hard == resource.RLIM_INFINITY else min(size + MEMORY, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        return None
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    return soft, hard


@contextlib.contextmanager
def memory_bound() -> Iterator[None]:
    """Cap what the body may allocate at :data:`MEMORY` more than the process holds now.

    Whatever the per-operation checks miss (text doubled by ``~`` in a loop, a filter
    filling a huge list) then fails with ``MemoryError`` instead of exhausting the
    machine. Linux only; elsewhere the body runs unbounded.
    """
    previous = cap_address_space()
    try:
        yield
    finally:
        if previous is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, previous)

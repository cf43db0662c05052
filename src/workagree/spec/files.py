"""Reading files that users name, without ever blocking on something that is not a file.

``open()`` on a named pipe (FIFO) with no writer waits forever, and a device such as
``/dev/zero`` or a terminal never ends. Every file workagree reads because a user
named it (a spec, a configuration file, a spec found by build discovery) goes through
:func:`read_regular`: it checks the path with ``stat`` first, opens it with
``O_NONBLOCK`` (so even a pipe swapped in after the check cannot block the open) and
checks the opened file again with ``fstat`` before reading a byte.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no FIFOs to block on
_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
NOT_REGULAR = "is not a regular file"
NOT_REGULAR_HINT = (
    "name a file saved on disk; pipes, devices and sockets are not read "
    "(save the text to a file first)"
)


class NotRegularFile(OSError):
    """The path names a pipe, a device, a socket: something that may never end or answer."""


def _check(mode: int, path: Path) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder", str(path))
    if not stat.S_ISREG(mode):
        raise NotRegularFile(0, NOT_REGULAR, str(path))


def read_regular(path: Path, limit: int = -1) -> bytes:
    """Up to ``limit`` bytes (all when negative) of the regular file at ``path``.

    Raises :class:`NotRegularFile` (an ``OSError``) for anything else, without waiting
    on it; other failures are the usual ``OSError`` subclasses.
    """
    _check(os.stat(path).st_mode, path)
    fd = os.open(path, _FLAGS)
    try:
        _check(os.fstat(fd).st_mode, path)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        return handle.read(limit)

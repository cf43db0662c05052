"""Where workagree keeps what it can always make again (compiled templates).

The folder is ``$WORKAGREE_CACHE_DIR`` when that is set, else the user's cache folder:
``$XDG_CACHE_HOME/workagree`` (``~/.cache/workagree``) on Linux and other Unix systems,
``~/Library/Caches/workagree`` on macOS, ``%LOCALAPPDATA%\\workagree\\Cache`` on Windows.
``WORKAGREE_CACHE_DIR=off`` (or an empty value) turns caching off.

A cache is only ever a shortcut: one that cannot be read or written is passed over
without a word, and deleting the folder at any time is safe.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENVIRONMENT = "WORKAGREE_CACHE_DIR"
OFF = ("", "off")


def cache_root() -> Path | None:
    """workagree's cache folder (which may not exist yet), or None when caching is off."""
    chosen = os.environ.get(ENVIRONMENT)
    if chosen is not None:
        chosen = chosen.strip()
        return None if chosen.lower() in OFF else Path(chosen).expanduser()
    try:
        home = Path.home()
    except RuntimeError:  # no home folder to be found
        return None
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / "workagree" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "workagree"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says a relative path is invalid and is to be ignored.
    return (Path(xdg) if os.path.isabs(xdg) else home / ".cache") / "workagree"


def private_folder(folder: Path) -> Path | None:
    """``folder``, made if missing, when only this user can write to it; else None.

    What is cached may be run (compiled templates), so a folder that another user
    could write to is not used. Any error (read-only disk, a file in the way) is None.
    """
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
    except (OSError, ValueError):  # ValueError: a NUL character in the path
        return None
    if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o002):
        return None
    return folder

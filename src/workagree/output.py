"""Writing files safely: a temporary file beside the target, then an atomic rename.

An interrupted or failed write leaves the previous file exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import WorkagreeError


def write_atomic(path: Path, data: bytes | str, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically.

    With ``overwrite=False`` an existing file is never replaced (the check and the
    rename are one step: the file is linked into place, which fails if it exists).
    Raises :class:`WorkagreeError` (exit 1) with a clear message when the folder is
    missing or read-only, the disk is full, or the file exists and may not be replaced.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    name = str(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise WorkagreeError.single(
            name,
            "cannot be written: its folder does not exist",
            "write-failed",
            hint=f"create the folder first: mkdir -p {folder}",
        ) from None
    except OSError as exc:
        raise WorkagreeError.single(
            name,
            f"cannot be written: {exc.strerror or exc}",
            "write-failed",
            hint="check that the folder exists and is writable",
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise WorkagreeError.single(
                    name,
                    "already exists; it was left as it is",
                    "exists",
                    hint="pass --force to replace it, or choose another path",
                ) from None
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    except WorkagreeError:
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WorkagreeError.single(
            name,
            f"cannot be written: {exc.strerror or exc}",
            "write-failed",
            hint="check free disk space and permissions; the previous file is unchanged",
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

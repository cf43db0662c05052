"""Writing files safely: a temporary file beside the target, then an atomic rename.

An interrupted or failed write leaves the previous file exactly as it was. A write
never replaces one of the command's own inputs (see :mod:`workagree.inputs`), nor
anything but a regular file: renaming over ``/dev/null``, a named pipe or a socket
would put a plain file in its place. A symlink named as the target is itself replaced
by the new file; the file it pointed to is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from . import inputs
from .errors import WorkagreeError

OTHER_OUTPUT = "choose another --output"
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _kind(path: Path) -> str | None:
    """What ``path`` (or what a symlink there points to) is, when it is not a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing (or a dangling symlink): a new file is made
    kind = next((kind for test, kind in _KINDS if test(mode)), None)
    return f"a symlink to {kind}" if kind and os.path.islink(path) else kind


def check_target(path: Path, *, hint: str = OTHER_OUTPUT, overwrite: bool = True) -> None:
    """Refuse (exit 2) a target that is an input of this command or not a regular file.

    Called by :func:`write_atomic` for every write, and by commands as soon as their
    targets are known, so that nothing slow happens before a refusal. Without
    ``overwrite`` nothing existing is replaced anyway, whatever it is.
    """
    harm = inputs.clash(path)
    if harm is not None:
        raise WorkagreeError.single(
            str(path),
            f"the output {harm}, an input of this command",
            "output-is-input",
            hint=hint,
            exit_code=2,
        )
    kind = _kind(path) if overwrite else None
    if kind is not None:
        raise WorkagreeError.single(
            str(path),
            f"is {kind}, not a regular file; it was left as it is",
            "not-a-regular-file",
            hint=f"{hint}, or use -o - for standard output",
            exit_code=2,
        )


def write_atomic(path: Path, data: bytes | str, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically.

    With ``overwrite=False`` an existing file is never replaced (the check and the
    rename are one step: the file is linked into place, which fails if it exists).
    Raises :class:`WorkagreeError` (exit 1) with a clear message when the folder is
    missing or read-only, the disk is full, or the file exists and may not be replaced;
    and (exit 2) when the target is refused by :func:`check_target`.
    """
    check_target(path, overwrite=overwrite)
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

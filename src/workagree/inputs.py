"""The files a command reads, so that none of its outputs can replace one of them.

A spec named ``plan.md`` rendered to Markdown, ``-o`` naming the spec, the old side of a
redline or a template, a build whose outputs land on its specs: each would swap an input
for an output, and the input would be lost. Every read of a spec, settings file or
templates folder notes it here while a command runs (the CLI's handler opens one
:func:`command` scope per command, so commands run in one process do not share inputs),
and :func:`workagree.output.write_atomic` asks :func:`clash` before it writes.

A file is matched by its device and inode (so a hard link or a symlink to an input is
caught) and by its resolved path; a folder (the templates) by everything inside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class _Inputs:
    # (device, inode) -> (the path it was read at, how it is described)
    identities: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=dict)


_current: ContextVar[_Inputs | None] = ContextVar("workagree_inputs", default=None)


@contextmanager
def command() -> Iterator[None]:
    """Note inputs (and refuse outputs over them) until the block ends."""
    token = _current.set(_Inputs())
    try:
        yield
    finally:
        _current.reset(token)


def note(path: Path, what: str, stat: os.stat_result | None = None) -> None:
    """Note the file ``path`` as an input, described to the user as ``what``."""
    current = _current.get()
    if current is None:
        return
    described = f"{what} {path}"
    try:
        info = stat or os.stat(path)
    except OSError:
        info = None
    if info is not None:
        current.identities.setdefault((info.st_dev, info.st_ino), (str(path), described))
    current.paths.setdefault(os.path.realpath(path), described)


def note_folder(folder: Path, what: str) -> None:
    """Note every file inside ``folder`` as an input (files it has now or may have later)."""
    current = _current.get()
    if current is not None:
        current.folders.setdefault(os.path.realpath(folder), f"{what} {folder}")


def clash(target: Path) -> str | None:
    """How writing ``target`` would harm an input (``'would replace the spec a.yaml'``), if so.

    A symlink named as the target is followed here: writing it would leave the input
    in place, but an output that names an input by another way is a mistake all the same.
    """
    current = _current.get()
    if current is None:
        return None
    try:
        info = os.stat(target)
    except OSError:
        info = None
    identity = None if info is None else (info.st_dev, info.st_ino)
    if identity in current.identities and _still(current.identities[identity][0], identity):
        return "would replace " + current.identities[identity][1]
    resolved = os.path.realpath(target)
    if resolved in current.paths:
        return "would replace " + current.paths[resolved]
    for folder, described in current.folders.items():
        if os.path.commonpath([folder, resolved]) == folder:
            return "would go inside " + described
    return None


def _still(path: str, identity: tuple[int, int] | None) -> bool:
    """Whether the input read at ``path`` is still that file: once it is replaced (an
    editor's save renames a new file over it), its inode number may be given to any
    new file, such as this command's next output, which is no input at all."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == identity

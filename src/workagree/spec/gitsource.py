"""Reading a spec as it was at a git revision: ``REV:PATH``, through ``git show``.

``PATH`` follows git's rules: relative to the top folder of the repository, or to
the current folder when it starts with ``./``. Git is run as a separate program, so
whatever git can resolve (``HEAD~1``, tags, branches, ``main@{yesterday}``) works.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .loader import read_source

_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_HOW = "write a file path, or a git revision and a path: HEAD~1:agreement.yaml"


@dataclass(frozen=True)
class Source:
    """Where one side of a comparison comes from: a file, or a file at a git revision."""

    path: str
    revision: str | None = None

    @property
    def display(self) -> str:
        """How problems name this side: ``agreement.yaml`` or ``HEAD~1:agreement.yaml``."""
        return self.path if self.revision is None else f"{self.revision}:{self.path}"

    def read(self) -> bytes:
        """The spec's bytes. Raises :class:`UsageError` when they cannot be had."""
        if self.revision is None:
            return read_source(Path(self.path))
        return show(self.revision, self.path)


def source(spec: str) -> Source:
    """A file when ``spec`` names one (or has no ``:``), otherwise ``REV:PATH``."""
    if os.path.exists(spec) or ":" not in spec or _DRIVE.match(spec):
        return Source(spec)
    revision, path = _split(spec)
    if not revision or not path:
        raise UsageError(f"'{spec}' is not a file, nor a git revision and a path", hint=_HOW)
    return Source(path, revision)


def _split(spec: str) -> tuple[str, str]:
    """``REV:PATH`` at the first ``:`` outside ``@{...}`` (``main@{10:00}:a.yaml``)."""
    depth = 0
    for index, char in enumerate(spec):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == ":" and depth == 0:
            return spec[:index], spec[index + 1 :]
    return spec, ""


def sources(old: str, new: str) -> tuple[Source, Source]:
    """Both sides of ``workagree diff OLD NEW``.

    ``diff REV PATH`` (OLD neither a file nor ``REV:PATH``, NEW a file) compares the
    working file with its version at ``REV``.
    """
    new_side = source(new)
    revision_and_file = (
        ":" not in old
        and not os.path.exists(old)
        and new_side.revision is None
        and os.path.isfile(new)
    )
    if revision_and_file:
        relative = os.path.relpath(new).replace(os.sep, "/")
        path = relative if relative.startswith(".") else f"./{relative}"
        return Source(path, old), new_side
    return source(old), new_side


def show(revision: str, path: str) -> bytes:
    """``git show REVISION:PATH``, with git's complaints turned into clear messages."""
    spec = f"{revision}:{path}"
    if revision.startswith("-"):
        raise UsageError(
            f"'{revision}' is not a git revision", hint="revisions do not start with '-'", file=spec
        )
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_PAGER": "cat"}
    try:
        done = subprocess.run(
            ["git", "show", "--no-textconv", spec], capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise UsageError(
            f"cannot read {spec}: git is not installed (or not on PATH)",
            hint="install git, or compare two files",
            file=spec,
        ) from None
    if done.returncode == 0:
        return done.stdout
    raise _git_error(revision, path, done.stderr.decode("utf-8", errors="replace"))


def _git_error(revision: str, path: str, stderr: str) -> UsageError:
    spec = f"{revision}:{path}"
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    fatal = next((line for line in lines if line.startswith("fatal:")), lines[0] if lines else "")
    reason = fatal.removeprefix("fatal:").strip()
    if "not a git repository" in reason:
        return UsageError(
            f"cannot read {spec}: this folder is not in a git repository",
            hint="run workagree inside the repository, or compare two files",
            file=spec,
        )
    if reason.startswith(("invalid object name", "bad revision", "ambiguous argument")):
        return UsageError(
            f"git revision '{revision}' does not exist",
            hint="check the name with `git log --oneline` or `git tag`; " + _HOW,
            file=spec,
        )
    if "does not exist in" in reason or "exists on disk, but not in" in reason:
        return UsageError(
            f"'{path}' does not exist at revision '{revision}'",
            hint="paths are relative to the repository's top folder; "
            "start with ./ for a path relative to this folder",
            file=spec,
        )
    if "exists, but not" in reason:
        return UsageError(
            f"'{path}' does not exist at revision '{revision}'",
            hint=" ".join(line.removeprefix("hint:").strip() for line in lines if line != fatal)
            or "check the path",
            file=spec,
        )
    return UsageError(
        f"git could not read {spec}: {reason or 'unknown error'}", hint=_HOW, file=spec
    )

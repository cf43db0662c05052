"""Which commits hold a given agreement: ``verify PDF --git PATH``.

The commits that touched ``PATH`` are walked newest first (``git log -- PATH``, at most
:data:`MAX_COMMITS`), and the spec at each is read in one ``git cat-file --batch`` and
fingerprinted with the normal loader and its checks. A version that is not a valid
agreement has no fingerprint and is skipped; the same file content is read once.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from ..errors import UsageError

MAX_COMMITS = 500
_ENV = {"LC_ALL": "C", "LANGUAGE": "C", "GIT_PAGER": "cat"}


@dataclass(frozen=True)
class Commit:
    """A commit whose spec at the path has the fingerprint looked for."""

    sha: str
    date: str  # the committer's date, YYYY-MM-DD
    subject: str

    def as_dict(self) -> dict[str, str]:
        return {"commit": self.sha, "date": self.date, "subject": self.subject}


@dataclass(frozen=True)
class History:
    """The commits of ``path`` holding the agreement, and how many were looked at."""

    path: str
    commits: list[Commit]
    looked_at: int
    truncated: bool  # there were more than MAX_COMMITS commits; the oldest were not read


def commits_with(path: str, fingerprint: str) -> History:
    """The commits (newest first) whose version of ``path`` has ``fingerprint``.

    Raises :class:`UsageError` when git cannot be run or the folder is not a repository.
    """
    log = _git(
        ["log", f"--max-count={MAX_COMMITS + 1}", "--format=%H%x09%cs%x09%s", "--", path], path
    )
    rows = [line.split("\t", 2) for line in log.decode("utf-8", "replace").splitlines() if line]
    truncated = len(rows) > MAX_COMMITS
    rows = rows[:MAX_COMMITS]
    relative = os.path.relpath(path).replace(os.sep, "/")  # REV:./PATH is from this folder
    relative = relative if relative.startswith("../") else f"./{relative}"
    batch = "".join(f"{row[0]}:{relative}\n" for row in rows).encode()
    blobs = _blobs(_git(["cat-file", "--batch"], path, batch), len(rows))
    prints: dict[str, str | None] = {}
    found = []
    for row, blob in zip(rows, blobs, strict=True):
        if blob is None:
            continue
        oid, content = blob
        if oid not in prints:
            prints[oid] = _fingerprint(content, f"{row[0][:12]}:{path}")
        if prints[oid] == fingerprint:
            date, subject = [*row[1:], "", ""][:2]
            found.append(Commit(row[0], date, subject))
    return History(path, found, len(rows), truncated)


def _fingerprint(content: bytes, name: str) -> str | None:
    from ..api import check_bytes
    from ..errors import WorkagreeError

    try:
        agreement = check_bytes(content, file=name).agreement
    except WorkagreeError:
        return None
    return agreement.fingerprint if agreement is not None else None


def _blobs(output: bytes, count: int) -> list[tuple[str, bytes] | None]:
    """The answers of ``git cat-file --batch``: (object id, content), or None when missing."""
    answers: list[tuple[str, bytes] | None] = []
    position = 0
    for _ in range(count):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            answers.append(None)  # "missing", or a folder at that path in this commit
            if len(header) == 3:
                position += int(header[2]) + 1
            continue
        size = int(header[2])
        answers.append((header[0].decode(), output[position : position + size]))
        position += size + 1
    return answers


def _git(args: list[str], path: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            input=stdin,
            capture_output=True,
            env={**os.environ, **_ENV},
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(
            "--git needs git, which is not installed (or not on PATH)",
            hint="install git, or compare the PDF with a spec file",
        ) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        message = reason[0].removeprefix("fatal:").strip() if reason else "unknown error"
        if "not a git repository" in message:
            message = "this folder is not in a git repository"
        raise UsageError(
            f"cannot read the history of {path}: {message}",
            hint="run workagree inside the repository that holds the spec",
        )
    return done.stdout

"""The report for git's external diff driver: one agreement file, before and after.

Git calls the driver with seven arguments (path, old-file, old-hex, old-mode, new-file,
new-hex, new-mode); an added or deleted file is ``/dev/null`` on its missing side.
The report never fails: when a side is not a valid agreement (an old commit, a
half-finished edit), it says so and shows a line diff instead, so that ``git log -p``
keeps going.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..api import check_bytes
from ..errors import Problem, WorkagreeError
from ..model import Agreement
from ..spec.loader import decode, read_source
from .changes import diff
from .format import to_text

NULL = "/dev/null"


def report(path: str, old_file: str, new_file: str, *, new_path: str | None = None) -> str:
    """What ``git diff`` shows for ``path``: the semantic diff, or a line diff as a fallback.

    ``new_path`` is the file's new name when git detected a rename.
    """
    header = f"workagree diff a/{path} b/{new_path or path}"
    old_raw = b"" if old_file == NULL else read_source(Path(old_file), display=f"a/{path}")
    new_display = f"b/{new_path or path}"
    new_raw = b"" if new_file == NULL else read_source(Path(new_file), display=new_display)
    old = None if old_file == NULL else _agreement(old_raw, f"a/{path}")
    new = None if new_file == NULL else _agreement(new_raw, new_display)
    if old_file == NULL and isinstance(new, Agreement):
        return f"{header}\nnew agreement: {_describe(new)}\n"
    if new_file == NULL and isinstance(old, Agreement):
        return f"{header}\nremoved agreement: {_describe(old)}\n"
    if isinstance(old, Agreement) and isinstance(new, Agreement):
        return f"{header}\n{to_text(diff(old, new))}"
    invalid = [reason for reason in (old, new) if isinstance(reason, str)]
    lines = difflib.unified_diff(
        _text(old_raw).splitlines(keepends=True),
        _text(new_raw).splitlines(keepends=True),
        fromfile=f"a/{path}" if old_file != NULL else NULL,
        tofile=new_display if new_file != NULL else NULL,
    )
    note = "; ".join(invalid) + "; showing a line diff instead"
    return f"{header}\n{note}\n" + "".join(_ended(line) for line in lines)


def _agreement(raw: bytes, display: str) -> Agreement | str:
    try:
        result = check_bytes(raw, file=display)
    except WorkagreeError as exc:
        return _invalid(display, exc.problems)
    if result.agreement is None:
        return _invalid(display, result.errors)
    return result.agreement


def _invalid(display: str, problems: list[Problem]) -> str:
    first = problems[0]
    where = f"{first.line}:{first.column}: " if first.line is not None else ""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{display} is not a valid agreement: {where}{first.message}{more}"


def _describe(agreement: Agreement) -> str:
    count = len(agreement.responsibilities)
    parties = " and ".join(p.name for p in agreement.parties.values())
    noun = "responsibility" if count == 1 else "responsibilities"
    return f"{agreement.project}, between {parties} ({count} {noun})"


def _text(raw: bytes) -> str:
    try:
        return decode(raw, "file")
    except WorkagreeError:
        return raw.decode("utf-8", errors="replace")


def _ended(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"

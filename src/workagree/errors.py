"""User-facing problems and the one exception type that carries them.

A *problem* is something wrong (or worth a warning) in a user's file: it knows
where it is (file, line, column), what is wrong and how to fix it. A
:class:`WorkagreeError` carries one or more problems; the CLI's single handler
turns it into tidy output and an exit code. Anything else that escapes is a bug.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How serious a problem is."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a user's file, with where it is and how to fix it.

    ``line`` and ``column`` are 1-based; they are ``None`` for problems with
    the file as a whole (it is missing, too large, not text...).
    """

    file: str
    message: str
    code: str
    severity: Severity = Severity.ERROR
    line: int | None = None
    column: int | None = None
    path: str = ""
    hint: str | None = None
    source_line: str | None = field(default=None, compare=False)
    width: int = field(default=1, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def end_column(self) -> int | None:
        """The column just past the caret's last character, when the source line is known.

        The span never runs past its line: a value that goes on over several lines is
        marked to the end of its first one, as the text output underlines it.
        """
        if self.source_line is None or self.line is None or self.column is None:
            return None
        return self.column + self.width

    def location(self) -> str:
        """``file:line:column`` (as much of it as is known)."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_dict(self) -> dict[str, object]:
        """The stable JSON form: ``{file, line, column, path, severity, code, message, hint}``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class WorkagreeError(Exception):
    """A user error: bad input, a missing file, a refused operation.

    ``exit_code`` is 1 for problems in an agreement and 2 for usage errors
    (a missing or unreadable file, a bad option value).
    """

    def __init__(self, problems: Sequence[Problem], *, exit_code: int = 1) -> None:
        if not problems:
            raise ValueError("a WorkagreeError needs at least one problem")
        self.problems: list[Problem] = list(problems)
        self.exit_code = exit_code
        super().__init__("; ".join(f"{p.location()}: {p.message}" for p in self.problems))

    @classmethod
    def single(
        cls,
        file: str,
        message: str,
        code: str,
        *,
        hint: str | None = None,
        exit_code: int = 1,
    ) -> WorkagreeError:
        """An error about a file as a whole (no line or column)."""
        return cls([Problem(file=file, message=message, code=code, hint=hint)], exit_code=exit_code)


class UsageError(WorkagreeError):
    """A usage error (exit code 2): a missing file, an option value that makes no sense."""

    def __init__(self, message: str, *, hint: str | None = None, file: str = "workagree") -> None:
        super().__init__(
            [Problem(file=file, message=message, code="usage", hint=hint)], exit_code=2
        )


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to ``word``, if one is close enough to suggest."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or an empty string."""
    match = did_you_mean(word, choices)
    return f" (did you mean '{match}'?)" if match else ""

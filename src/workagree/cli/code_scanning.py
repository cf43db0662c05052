"""Problems as code-review reports: SARIF 2.1.0 (GitHub code scanning) and GitLab Code Quality.

Both services keep a problem's history across commits by a *fingerprint*: the same
problem gets the same one on every run, so a pull request shows what it fixed and what it
introduced instead of every problem as new. Line numbers are left out of it on purpose:
adding a line at the top of a file moves every problem below it without changing any.
What goes in is the problem's code, the file, the field it is in with list positions
left out (``responsibilities[].owner``, so inserting a responsibility does not renumber
the ones after it), and the text it points at (``clinet``), or the message for a problem
with the file as a whole. Problems that are alike in all of that are told apart by their
order in the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path, PurePath
from urllib.parse import quote

from .._version import __version__
from ..errors import Problem, Severity
from ..spec.characters import json_safe

HOME = "https://github.com/workagree/workagree"
HELP_URI = f"{HOME}/blob/main/docs/format.md#problems-warnings-and-exit-codes"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# The key in SARIF's partialFingerprints; a new version if what is hashed ever changes.
FINGERPRINT_KEY = "workagreeProblem/v1"

# What each problem code means, for the rules of a SARIF report. Codes not listed (a
# check of pydantic's own, say) get a description made from the code.
RULES: dict[str, str] = {
    "alias": "A YAML anchor or alias; write the value out",
    "ambiguous-days": "A deadline in days that does not say business or calendar days",
    "bad-character": "A control, bidi or other invisible character in the text",
    "bad-id": "An id that is not letters, digits, - and _",
    "bad-key": "A key that is a mapping or a list instead of text",
    "bad-value": "A value that is not one of the allowed ones",
    "binary": "A file that is binary, not text",
    "closed": "A closing day that is not a real date or range",
    "country": "A country code that is not known",
    "date-format": "A date not written as YYYY-MM-DD",
    "date-invalid": "A date that does not exist",
    "date-out-of-range": "A deadline that falls outside the years a calendar can hold",
    "deadline": "A deadline outside the deadline grammar",
    "deadline-type": "A deadline that is not text or a date",
    "duplicate-id": "An id used by two items",
    "duplicate-key": "A key written twice in one mapping",
    "empty": "A file with no agreement in it",
    "encoding": "A file that is not UTF-8 text",
    "file-not-found": "A file that does not exist",
    "hours": "Working hours that are not a valid time range",
    "locale": "A language workagree does not support",
    "missing-key": "A required key that is missing",
    "missing-role": "No party has the provider or the client role",
    "missing-translation": "Text that has no translation in the document's language",
    "multiple-documents": "More than one YAML document in the file",
    "no-consequence": "A responsibility that says nothing about what happens if it is missed",
    "not-a-business-day": "A date that falls on a weekend or a public holiday",
    "not-a-file": "A path that is a folder or not a regular file",
    "not-a-mapping": "A file whose top level is not a mapping",
    "one-sided": "A party that owns no responsibility",
    "quote-number": "A number where text is expected; quote it",
    "subdivision": "A region code that is not part of the country",
    "tag": "A YAML tag such as !!str; remove it",
    "timezone": "A time zone that is not known",
    "too-deep": "Nesting deeper than an agreement needs",
    "too-few-parties": "Fewer than two parties",
    "too-large": "A file larger than the size limit",
    "too-long": "Text longer than its limit",
    "too-short": "An empty value or a list with too few entries",
    "unknown-consequence": "A responsibility that refers to an undefined consequence",
    "unknown-key": "A key the format does not have",
    "unknown-milestone": "A deadline that refers to a milestone that does not exist",
    "unknown-party": "An owner who is not one of the parties",
    "unreadable": "A file that cannot be read",
    "unused-consequence": "A consequence no responsibility uses",
    "usage": "A command used in a way that does not work",
    "wrong-type": "A value of the wrong type (text, list or mapping)",
    "yaml-syntax": "Text that is not valid YAML",
}

_LIST_INDEX = re.compile(r"\[\d+\]")


def report_path(file: str) -> str:
    """The file as a path relative to the current folder, with ``/``, where it can be.

    Code-review services match problems to files by their path in the repository, and
    CI jobs run in its root; an absolute path outside it stays absolute.
    """
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except (ValueError, OSError):  # outside it, or the current folder is gone
            return path.as_posix()
    return PurePath(path).as_posix()


def _report_paths(problems: Sequence[Problem]) -> dict[str, str]:
    """:func:`report_path` of each file once, not once per problem."""
    return {file: report_path(file) for file in {p.file for p in problems}}


def _uri(path: str) -> str:
    """A SARIF ``artifactLocation.uri`` for a report path: percent-encoded, or a file: URI."""
    if PurePath(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/", errors="surrogateescape")


def _target(problem: Problem) -> str:
    """The text a problem points at, or its message when it is about the file as a whole."""
    if problem.source_line is None or problem.column is None:
        return problem.message
    start = problem.column - 1
    return problem.source_line[start : start + problem.width].strip()


def fingerprints(problems: Sequence[Problem]) -> list[str]:
    """One stable fingerprint per problem (see the module's docstring), in their order."""
    seen: dict[str, int] = {}
    result = []
    paths = _report_paths(problems)
    for problem in problems:
        base = json.dumps(
            [
                problem.code,
                paths[problem.file],
                _LIST_INDEX.sub("[]", problem.path),
                _target(problem),
            ],
            ensure_ascii=True,
        )
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        digest = hashlib.sha256(f"{base}#{occurrence}".encode()).hexdigest()
        result.append(digest[:32])
    return result


def _message(problem: Problem) -> str:
    return problem.message + (f" (hint: {problem.hint})" if problem.hint else "")


def _dump(report: object) -> str:
    return json_safe(json.dumps(report, indent=2, ensure_ascii=False))


def _level(problem: Problem) -> str:
    return "error" if problem.severity is Severity.ERROR else "warning"


def _rule(code: str, level: str) -> dict[str, object]:
    text = RULES.get(code, f"workagree check '{code}'")
    return {
        "id": code,
        "shortDescription": {"text": text},
        "help": {
            "text": f"{text}. Each problem says how to fix it; see {HELP_URI}",
            "markdown": f"{text}. Each problem says how to fix it; see "
            f"[the format reference]({HELP_URI}).",
        },
        "helpUri": HELP_URI,
        "defaultConfiguration": {"level": level},
    }


def _region(problem: Problem) -> dict[str, int] | None:
    if problem.line is None:
        return None
    region = {"startLine": problem.line}
    if problem.column is not None:
        region["startColumn"] = problem.column
        if problem.end_column is not None:
            region["endLine"] = problem.line
            region["endColumn"] = problem.end_column
    return region


def problems_sarif(problems: Sequence[Problem]) -> str:
    """A SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF viewers.

    Every problem is a result; rules are the codes that occur, sorted. Columns count
    Unicode code points, as the text output does.
    """
    codes = sorted({p.code for p in problems})
    index = {code: i for i, code in enumerate(codes)}
    first_level: dict[str, str] = {}
    for problem in problems:
        first_level.setdefault(problem.code, _level(problem))
    results = []
    uris = {file: _uri(path) for file, path in _report_paths(problems).items()}
    for problem, fingerprint in zip(problems, fingerprints(problems), strict=True):
        physical: dict[str, object] = {"artifactLocation": {"uri": uris[problem.file]}}
        region = _region(problem)
        if region is not None:
            physical["region"] = region
        results.append(
            {
                "ruleId": problem.code,
                "ruleIndex": index[problem.code],
                "level": _level(problem),
                "message": {"text": _message(problem)},
                "locations": [{"physicalLocation": physical}],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "workagree",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": HOME,
                        "rules": [_rule(code, first_level[code]) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return _dump(log)


def problems_gitlab(problems: Sequence[Problem]) -> str:
    """A GitLab Code Quality report: a JSON list, one object per problem.

    GitLab shows these in merge requests by line (``location.lines.begin``, which it
    requires); a problem with the file as a whole is put on line 1. Errors are
    ``major``, warnings ``minor``.
    """
    report = []
    paths = _report_paths(problems)
    for problem, fingerprint in zip(problems, fingerprints(problems), strict=True):
        line = problem.line or 1
        report.append(
            {
                "description": _message(problem),
                "check_name": problem.code,
                "fingerprint": fingerprint,
                "severity": "major" if problem.severity is Severity.ERROR else "minor",
                "location": {
                    "path": paths[problem.file],
                    "lines": {"begin": line, "end": line},
                },
            }
        )
    return _dump(report)

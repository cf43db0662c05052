"""Every class of bad input gets its own message, with line:column, and exit code; never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workagree.errors import WorkagreeError
from workagree.spec.loader import MAX_BYTES, loads

from .conftest import Run

VALID = """\
workagree: 1
project: Website
parties:
  studio: {name: Northwind, role: provider}
  client: {name: Contoso, role: client}
responsibilities:
  - id: feedback
    owner: client
    what: Send feedback
    deadline: 5 business days after each draft
    if_missed: pause
  - id: drafts
    owner: studio
    what: Deliver drafts
    deadline: 2027-02-01
    if_missed: pause
consequences:
  pause: The schedule moves.
"""


def validate(cli: Callable[..., Run], path: Path) -> Run:
    return cli("validate", str(path))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "agreement.yaml: error: is empty: there is no agreement in it [empty]"),
        ("# only a comment\n", "agreement.yaml: error: is empty: there is no agreement in it"),
        ("- a\n- b\n", "agreement.yaml:1:1: error: the top level is a list; it must be a mapping"),
        ("just text\n", "agreement.yaml:1:1: error: the top level is a single value"),
        (
            "a: 1\nb: 2\na: 3\n",
            "agreement.yaml:3:1: error: duplicate key 'a' (first written on line 1) [duplicate-key]",
        ),
        (
            "a: &x [1, 2]\nb: *x\n",
            "agreement.yaml:1:4: error: anchors (&x) are not supported [alias]",
        ),
        (
            "a: !!python/object:os.system x\n",
            "agreement.yaml:1:4: error: tags (tag:yaml.org,2002:python/object:os.system) are not supported [tag]",
        ),
        ("a:\n\tb: 1\n", "agreement.yaml:2:1: error: a tab character is used for indentation"),
        ("a: [1, 2\n", "agreement.yaml:1:4: error: this '[' is never closed"),
        ("a: 1\n---\nb: 2\n", "agreement.yaml:2:1: error: a second YAML document starts here"),
        (
            "a: 'x\x07y'\n",
            "agreement.yaml:1:6: error: character U+0007 (control character) is not allowed",
        ),
        (
            'project: "ab\u202ecd"\n',
            "agreement.yaml:1:13: error: character U+202E (right-to-left override) is a "
            "text-direction override that can disguise text",
        ),
    ],
)
def test_bad_yaml_is_reported_with_position(
    cli: Callable[..., Run], write_spec: Callable[..., Path], content: str, expected: str
) -> None:
    result = validate(cli, write_spec(content))
    assert result.exit_code == 1
    assert expected in result.stdout + result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfew\x00o\x00", "is UTF-16 text; workagree reads UTF-8 [encoding]"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "contains NUL bytes: it is a binary file"),
        ("projet: caf\xe9\n".encode("latin-1"), "agreement.yaml:1:12: error: is not valid UTF-8"),
        (b"x" * (MAX_BYTES + 10), "is larger than 1024 KiB"),
    ],
)
def test_unreadable_bytes(
    cli: Callable[..., Run], write_spec: Callable[..., Path], content: bytes, expected: str
) -> None:
    result = validate(cli, write_spec(content))
    assert result.exit_code == 1
    assert expected in result.output


def test_utf8_bom_is_accepted(cli: Callable[..., Run], write_spec: Callable[..., Path]) -> None:
    result = validate(cli, write_spec(b"\xef\xbb\xbf" + VALID.encode()))
    assert result.exit_code == 0, result.output
    assert "valid (no problems)" in result.stdout


def test_deep_nesting_is_refused_quickly(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    result = validate(cli, write_spec("a: " + "[" * 10_000 + "]" * 10_000 + "\n"))
    assert result.exit_code == 1
    assert "the file is nested more than 32 levels deep [too-deep]" in result.output


def test_billion_laughs_is_refused_without_expanding(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    result = validate(cli, write_spec("\n".join(lines) + "\n"))
    assert result.exit_code == 1
    assert "aliases (*a) are not supported [alias]" in result.output


def test_missing_file_is_a_usage_error(cli: Callable[..., Run], tmp_path: Path) -> None:
    result = cli("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml: error: no such file [file-not-found]" in result.output
    assert "create one with `workagree new`" in result.output


def test_folder_is_a_usage_error(cli: Callable[..., Run], tmp_path: Path) -> None:
    result = cli("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder, not a file" in result.output


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: no", "no"),
        ("a: on", "on"),
        ("a: yes", "yes"),
        ("a: 1:30", "1:30"),
        ("a: 2027-01-11", "2027-01-11"),
        ("a: 0o17", "0o17"),
        ("a: 0x1F", "0x1F"),
        ("a: '3.10'", "3.10"),
        ("a: 3.10", 3.1),
        ("a: 12", 12),
        ("a: true", True),
        ("a: ~", None),
        ("a: .inf", ".inf"),
    ],
)
def test_yaml_11_surprises_are_removed(text: str, value: object) -> None:
    assert loads(text + "\n").data["a"] == value


def test_unquoted_version_number_asks_for_quotes(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    result = validate(
        cli, write_spec(VALID.replace("project: Website", "project: Website\nversion: 3.10"))
    )
    assert result.exit_code == 1
    assert (
        "agreement.yaml:3:10: error: 3.10 was read as a number, but 'version' is text"
        in result.output
    )
    assert 'put it in quotes so it is kept exactly as written: version: "3.10"' in result.output


def test_every_problem_is_reported_at_once() -> None:
    text = VALID.replace("owner: client", "owner: clinet").replace(
        "if_missed: pause\n  - id: drafts", "if_missed: paus\n  - id: drafts"
    )
    text = text.replace("role: provider", "role: provder")
    with pytest.raises(WorkagreeError):
        loads("a: 1\na: 2\nb: *x\n")
    from workagree.spec.checks import check

    problems = check(loads(text, "agreement.yaml")).problems
    messages = [f"{p.line}:{p.column} {p.message}" for p in problems if p.is_error]
    assert messages == [
        "4:35 'provder' is not allowed for 'role' (did you mean 'provider'?)",
        "8:12 owner 'clinet' is not a party (did you mean 'client'?)",
        "11:16 consequence 'paus' is not defined (did you mean 'pause'?)",
    ]


@pytest.mark.parametrize(
    ("line", "column", "message", "hint"),
    [
        ('  a: {name: "Sam Lee, role: provider}', 13,
         'this quote (") is never closed before the end of the file',
         'close it with " at the end of the value on line 4'),
        ("  a: {name: 'Sam Lee, role: provider}", 13,
         "this quote (') is never closed before the end of the file",
         "close it with ' at the end of the value on line 4"),
        ("  a: {name: Sam Lee, role: provider", 6,
         "this '{' is never closed (line 5, column 4 needed a ',' or '}')",
         "close it with } at the end of the value on line 4"),
        ("  a: [Sam Lee, provider", 6,
         "this '[' is never closed (line 5, column 4 needed a ',' or ']')",
         "close it with ] at the end of the value on line 4"),
    ],
)  # fmt: skip
def test_an_unclosed_quote_or_bracket_is_reported_where_it_opens(
    line: str, column: int, message: str, hint: str
) -> None:
    text = f"workagree: 1\nproject: X\nparties:\n{line}\n  b: {{name: B, role: client}}\n"
    with pytest.raises(WorkagreeError) as caught:
        loads(text, "a.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.message, problem.hint) == (
        4,
        column,
        message,
        hint,
    )

"""Text that steers the terminal or disguises itself: refused in specs, never printed raw.

Specs may not carry control characters or bidi overrides, neither as they are nor as
YAML escapes (``"\\e"``); and whatever workagree prints (file names, revisions, values)
is printed as text: no rich markup, no emoji codes, controls as visible escapes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workagree.errors import WorkagreeError
from workagree.spec.characters import FORBIDDEN, is_forbidden, visible
from workagree.spec.loader import loads

from .conftest import ROOT, Run
from .test_loader import VALID

Cli = Callable[..., Run]


def first_line(result: Run) -> str:
    return result.output.splitlines()[0]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            'project: "Web\\e[2J"',
            "2:14: error: character U+001B (control character) is not allowed",
        ),
        ('project: "Web\\x1b"', "2:14: error: character U+001B (control character) is not allowed"),
        (
            'project: "Web\\u001B"',
            "2:14: error: character U+001B (control character) is not allowed",
        ),
        (
            'project: "W\\U0000001b"',
            "2:12: error: character U+001B (control character) is not allowed",
        ),
        ('project: "Web\\a"', "2:14: error: character U+0007 (control character) is not allowed"),
        ('project: "Web\\0"', "2:14: error: character U+0000 (control character) is not allowed"),
        ('project: "Web\\r"', "2:14: error: character U+000D (control character) is not allowed"),
        ('project: "Web\\x7f"', "2:14: error: character U+007F (control character) is not allowed"),
        ('project: "Web\\x9b"', "2:14: error: character U+009B (control character) is not allowed"),
        ('project: "Web\\N"', "2:14: error: character U+0085 (control character) is not allowed"),
        ('project: "Web\\uFFFE"', "2:14: error: character U+FFFE (noncharacter) is not allowed"),
        (
            'project: "Web\\u202e"',
            "2:14: error: character U+202E (right-to-left override) is a text-direction "
            "override that can disguise text [bad-character]",
        ),
        (
            'project: "Web\\u2069"',
            "2:14: error: character U+2069 (pop directional isolate) is a text-direction "
            "override that can disguise text [bad-character]",
        ),
        (
            '"proj\\eect": Website',
            "2:6: error: character U+001B (control character) is not allowed",
        ),
        ('extra: {"a\\ab": 1}', "2:11: error: character U+0007 (control character) is not allowed"),
        ('project: "one\n  two \\e"', "3:7: error: character U+001B (control character) is not"),
        ('project: "\\\\\\e"', "2:13: error: character U+001B (control character) is not allowed"),
    ],
)
def test_escapes_that_make_forbidden_characters_are_refused(
    cli: Cli, write_spec: Callable[..., Path], line: str, expected: str
) -> None:
    text = VALID.replace("project: Website", line)
    path = write_spec(text)
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert first_line(result).startswith(f"{path}:{expected}")
    assert "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == text


def test_the_caret_and_hint_point_at_the_escape(cli: Cli, write_spec: Callable[..., Path]) -> None:
    path = write_spec(VALID.replace("project: Website", 'project: "Web\\u202esite"'))
    result = cli("validate", str(path))
    assert result.stdout.splitlines()[:4] == [
        f"{path}:2:14: error: character U+202E (right-to-left override) is a text-direction "
        "override that can disguise text [bad-character]",
        ' 2 | project: "Web\\u202esite"',
        "   |              ^^^^^^",
        "  hint: delete the escape \\u202e",
    ]


@pytest.mark.parametrize(
    "value",
    [
        '"Web\\tsite"',
        '"Web\\nsite"',
        '"Web\\_site"',
        '"\\u05e9\\u05dc\\u200f\\u05d5\\u05dd"',
        '"Web\\u200esite\\u061c"',
        '"Web\\\\e"',
        "'Web\\e'",
        "Web\\e",
        '"Web\\"\\e\\""'.replace("\\e", ""),
    ],
)
def test_harmless_escapes_are_kept(cli: Cli, write_spec: Callable[..., Path], value: str) -> None:
    result = cli("validate", str(write_spec(VALID.replace("Website", value, 1))))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(": valid (no problems)\n")


def test_every_bad_character_is_reported_at_once(cli: Cli, write_spec: Callable[..., Path]) -> None:
    text = VALID.replace("project: Website", 'project: "Web\\esite"').replace(
        "Send feedback", "Send\x1bfeedback"
    )
    result = cli("validate", str(write_spec(text)))
    lines = result.stdout.splitlines()
    located = [line.split(": error")[0][-5:] for line in lines if ": error:" in line]
    assert located == [":2:14", ":9:15"]
    assert result.stdout.splitlines()[-1].endswith(": invalid (2 errors)")


def test_a_file_full_of_escapes_gets_at_most_twenty_problems(
    cli: Cli, write_spec: Callable[..., Path]
) -> None:
    text = VALID.replace("project: Website", 'project: "' + "\\e" * 30 + '"') + "x: \x07\n"
    result = cli("validate", str(write_spec(text)))
    assert result.exit_code == 1
    assert result.stdout.count("[bad-character]") == 20
    assert result.stdout.splitlines()[-1].endswith(": invalid (20 errors)")


def test_the_predicate_is_the_documented_set() -> None:
    def documented(char: str) -> bool:
        category = unicodedata.category(char)
        return (
            (category == "Cc" and char not in "\t\n")
            or category == "Cs"
            or char in "\ufffe\uffff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        )

    assert [c for c in map(chr, range(0x10000)) if is_forbidden(c) != documented(c)] == []
    assert not is_forbidden("\U0001f600")


_PIECES = st.one_of(
    st.sampled_from(["\\e", "\\0", "\\a", "\\t", "\\n", "\\N", "\\_", "\\\\", '\\"', "\\r"]),
    st.integers(0, 0xFF).map(lambda n: f"\\x{n:02x}"),
    st.integers(0, 0xFFFF).map(lambda n: f"\\u{n:04x}"),
    st.integers(0, 0x10FFFF).map(lambda n: f"\\U{n:08x}"),
    st.text(st.characters(blacklist_characters='\\"', blacklist_categories=("Cs",)), max_size=3),
)


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)


@given(st.lists(_PIECES, max_size=8), st.lists(_PIECES, max_size=4))
def test_no_loaded_string_holds_a_forbidden_character(value: list[str], key: list[str]) -> None:
    text = f'a: "{"".join(value)}"\n"k{"".join(key)}": [x, "{"".join(value)}"]\n'
    try:
        doc = loads(text)
    except WorkagreeError as exc:
        assert {p.code for p in exc.problems} <= {"bad-character", "yaml-syntax", "duplicate-key"}
        return
    assert [s for s in _strings(doc.data) if FORBIDDEN.search(s)] == []


# --- printing ------------------------------------------------------------------------

MARKUP_NAMES = ["[/x].yaml", "[bold]b[/bold].yaml", "a:x:b.yaml", "[red]r.yaml"]
CONTROL_NAMES = ["\x1b[31mred.yaml", "a\u202eyaml.txt", "c\x9b2J.yaml", "b\x07ell\u2066.yaml"]


@pytest.mark.parametrize("name", MARKUP_NAMES + CONTROL_NAMES)
def test_a_missing_file_is_named_as_it_is(cli: Cli, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    result = cli("validate", str(path))
    assert result.exit_code == 2
    shown = visible(str(path))
    assert result.stdout == (
        f"{shown}: error: no such file [file-not-found]\n"
        "  hint: check the path, or create one with `workagree new`\n"
        f"{shown}: invalid (1 error)\n"
    )
    assert "\x1b" not in result.output
    assert not FORBIDDEN.search(result.output.replace("\n", ""))


@pytest.mark.parametrize("name", ["[x].yaml", "a:x:b.yaml", "\x1b[31mred.yaml", "a\u202e.yaml"])
def test_an_invalid_file_is_named_as_it_is(cli: Cli, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(VALID.replace("Contoso", "Contoso\x1b[2J"), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    shown = visible(str(path))
    assert result.stdout.splitlines() == [
        f"{shown}:5:25: error: character U+001B (control character) is not allowed [bad-character]",
        " 5 |   client: {name: Contoso\\x1b[2J, role: client}",
        "   |                         ^",
        "  hint: delete it (it is invisible in most editors)",
        f"{shown}: invalid (1 error)",
    ]
    assert "\x1b" not in result.output


def test_json_and_github_output_escape_what_json_leaves_raw(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "c\x9b\u202e.yaml"
    result = cli("validate", "--format", "json", str(path))
    assert result.exit_code == 2
    assert "\\u009b\\u202e.yaml" in result.stdout
    assert not FORBIDDEN.search(result.stdout.replace("\n", ""))
    assert json.loads(result.stdout)[0]["file"] == str(path)
    github = cli("validate", "--format", "github", str(path))
    assert f"file={visible(str(path))}" in github.stdout
    assert not FORBIDDEN.search(github.stdout.replace("\n", ""))


@pytest.mark.parametrize("name", ["[bold]x.yaml", "a:x:b.yaml", "\x1b[31mred.yaml"])
def test_render_names_what_it_wrote_as_it_is(cli: Cli, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(VALID, encoding="utf-8")
    (tmp_path / "out").mkdir()
    result = cli("render", str(path), "--format", "md", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = tmp_path / "out" / (Path(name).stem + ".md")
    assert result.stderr == f"Wrote {visible(str(written))}\n"
    assert written.is_file()


def test_diff_names_a_revision_as_it_is(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(VALID, encoding="utf-8")
    old = "[/x]\x1b[2J:a:x:.yaml"
    result = cli("diff", old, "a.yaml")
    assert result.exit_code == 2
    shown = "[/x]\\x1b[2J:a:x:.yaml"
    assert result.stderr.splitlines() == [
        f"OLD ({shown}) cannot be read:",
        f"{shown}: error: cannot read {shown}: this folder is not in a git repository [usage]",
        "  hint: run workagree inside the repository, or compare two files",
    ]
    assert "\x1b" not in result.output


def test_git_diff_driver_shows_control_characters_visibly(cli: Cli, tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    new.write_bytes(b"workagree: 1\nproject: \x1b[2J[bold]x\n")
    result = cli("git-diff-driver", "[/x].yaml", "/dev/null", ".", ".", str(new), ".", "100644")
    assert result.exit_code == 0, result.output
    assert "+project: \\x1b[2J[bold]x" in result.stdout
    assert "\x1b" not in result.output


def test_build_progress_names_files_as_they_are(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("[bold]x.yaml", "a:x:b.yaml", "\x1b[31mred.yaml"):
        (tmp_path / name).write_text(VALID, encoding="utf-8")
    (tmp_path / "[bad].yaml").write_text(VALID.replace("Website", "'[/x]\x07'"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("build", "--format", "md")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert sorted(line for line in lines if line.startswith("   built")) == [
        "   built build/[bold]x.md",
        "   built build/\\x1b[31mred.md",
        "   built build/a:x:b.md",
    ]
    assert "failed [bad].yaml" in lines, lines
    assert "\x1b" not in result.output


def test_a_bug_message_is_printed_as_text(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("[/x] :x: \x1b[2J")

    monkeypatch.setattr("workagree.api.check_file", broken)
    result = cli("validate", "agreement.yaml")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == "workagree hit a bug: RuntimeError: [/x] :x: \\x1b[2J"


def test_with_colour_styles_are_ansi_and_user_text_is_literal(tmp_path: Path) -> None:
    path = tmp_path / "[red]r\x1b[2J.yaml"
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "200", "PYTHONPATH": str(ROOT / "src")}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "workagree", "validate", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    shown = visible(str(path))
    assert f"\x1b[1m{shown}\x1b[0m: \x1b[1;31merror\x1b[0m: no such file" in done.stdout
    assert "\x1b[36mhint:\x1b[0m" in done.stdout
    assert f"{shown}: \x1b[31minvalid\x1b[0m (1 error)" in done.stdout
    assert "\x1b[2J" not in done.stdout


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("--x\u202ey", "--x\\u202ey"), ("--\x1b[2Jx", "--\\x1b[2Jx"), ("--[bold]b", "--[bold]b")],
)
def test_command_line_usage_errors_quote_what_was_typed_visibly(typed: str, shown: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "workagree", "validate", typed, "x.yaml"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.endswith(f"Error: No such option: {shown}\n")
    assert "\x1b" not in done.stderr
    assert "\u202e" not in done.stderr

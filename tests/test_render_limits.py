"""Rendering is bounded in time, and hostile user templates are refused cleanly.

A template that loops for ever (or a spec that renders too slowly) is stopped after
--timeout seconds (default 30, or WORKAGREE_TIMEOUT) with a clear message and nothing
written. Templates that reach for Python internals, huge ranges or files outside the
template folders get an error naming the template and line, and nothing is written.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import EXAMPLES, Run

SPEC = EXAMPLES[0]
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{{ '' }}{% endfor %}{% endfor %}\n"
STOPPED = (
    "error: rendering took longer than the limit of {limit} s and was stopped; "
    "nothing was written [timeout]"
)


def folder_with(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_runaway_template_is_stopped_at_the_limit(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    folder = folder_with(tmp_path, "agreement.md.j2", LOOP)
    out = tmp_path / "out.md"
    out.write_text("previous\n", encoding="utf-8")
    started = time.monotonic()
    run = cli("render", str(SPEC), "-f", "md", "-o", str(out), "--templates", str(folder),
              "--timeout", "0.3")  # fmt: skip
    assert time.monotonic() - started < 5
    assert run.exit_code == 1
    assert f"{SPEC}: {STOPPED.format(limit='0.3')}" in run.stderr
    assert "hint: raise the limit with --timeout SECONDS (or WORKAGREE_TIMEOUT)" in run.stderr
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "out.md"]


def test_the_limit_comes_from_the_environment(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_with(tmp_path, "agreement.md.j2", LOOP)
    monkeypatch.setenv("WORKAGREE_TIMEOUT", "0.2")
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1
    assert STOPPED.format(limit="0.2") in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_bad_limit_in_the_environment_is_a_usage_error(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("WORKAGREE_TIMEOUT", value)
    run = cli("render", str(SPEC), "-f", "md", "-o", "-")
    assert run.exit_code == 2
    assert "workagree: error: " in run.stderr
    assert "WORKAGREE_TIMEOUT" in run.stderr


def test_a_limit_of_zero_is_no_limit(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKAGREE_TIMEOUT", "0")
    run = cli("render", str(SPEC), "-f", "md", "-o", "-")
    assert run.exit_code == 0, run.output
    assert run.stdout.startswith("# ")


@pytest.mark.pdf
def test_a_pdf_render_past_the_limit_writes_nothing(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = tmp_path / "out.pdf"
    run = cli("render", str(SPEC), "-o", str(out), "--timeout", "0.01")
    assert run.exit_code == 1
    assert STOPPED.format(limit="0.01") in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_runaway_redline_is_stopped_at_the_limit(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "redline.html.j2", LOOP)
    out = tmp_path / "out.html"
    run = cli("render", str(SPEC), "-f", "html", "--redline", str(SPEC), "-o", str(out),
              "--templates", str(folder), "--timeout", "0.3")  # fmt: skip
    assert run.exit_code == 1
    assert f"{SPEC}: {STOPPED.format(limit='0.3')}" in run.stderr
    assert not out.exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_stops_one_slow_document_and_builds_the_others(
    cli: Callable[..., Run], tmp_path: Path, jobs: str
) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(SPEC, specs / "a.yaml")
    shutil.copy(EXAMPLES[1], specs / "b.yaml")
    folder = folder_with(tmp_path, "agreement.md.j2", LOOP)
    fast = folder_with(tmp_path, "agreement.html.j2", "<p>{{ agreement.project }}</p>\n")
    assert fast == folder
    out = tmp_path / "out"
    run = cli("build", str(specs), "--out", str(out), "--format", "html,md", "--jobs", jobs,
              "--templates", str(folder), "--timeout", "0.3")  # fmt: skip
    assert run.exit_code == 1
    assert run.stderr.count(STOPPED.format(limit="0.3")) == 2
    assert sorted(p.name for p in out.iterdir()) == [".workagree-manifest.json", "a.html", "b.html"]
    assert "built 2, current 0, failed 2" in run.stderr


UNSAFE = "error: the template tried something unsafe: "


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "{{ ''.__class__.__mro__ }}",
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ self.__init__.__globals__ }}",
            "access to attribute '__init__' of 'TemplateReference' object is unsafe.",
        ),
        (
            "{{ ''|attr('__class__')|attr('__mro__') }}",
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ agreement|attr('__init__')|attr('__globals__') }}",
            "access to attribute '__init__' of <agreement> is unsafe.",
        ),
        ("{{ on.__globals__ }}", "access to attribute '__globals__' of 'Helper' object"),
        (
            "{{ range(10**9)|list|length }}",
            "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).",
        ),
    ],
)
def test_template_escapes_are_refused_with_template_and_line(
    cli: Callable[..., Run], tmp_path: Path, line: str, message: str
) -> None:
    folder = folder_with(tmp_path, "agreement.md.j2", f"# title\n\n{line}\n")
    started = time.monotonic()
    run = cli("render", str(SPEC), "-f", "md", "-o", str(tmp_path / "out.md"),
              "--templates", str(folder))  # fmt: skip
    assert time.monotonic() - started < 5
    assert run.exit_code == 1
    assert f"{folder.resolve()}/agreement.md.j2:3: {UNSAFE}{message}" in run.stderr
    assert "Traceback" not in run.output
    assert not (tmp_path / "out.md").exists()


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "../../../../etc/hostname"])
def test_includes_outside_the_template_folders_are_refused(
    cli: Callable[..., Run], tmp_path: Path, name: str
) -> None:
    folder = folder_with(tmp_path, "agreement.md.j2", f'# title\n{{% include "{name}" %}}\n')
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1
    assert run.stdout == ""
    assert (
        f"{folder.resolve()}/agreement.md.j2:2: error: template '{name}' was not found "
        "[template-missing]" in run.stderr
    )
    assert "root:" not in run.output


def careless(swallowed: list[Exception]) -> None:
    """Work that runs for ever and, like careless library code, swallows any exception once."""
    try:
        while True:
            time.sleep(0.001)
    except Exception as exc:  # what careless code in a library might do
        swallowed.append(exc)
    while True:
        time.sleep(0.001)


def test_a_stop_swallowed_by_the_code_being_run_is_repeated() -> None:
    from workagree.timelimit import TimeLimitExceeded, time_limit

    swallowed: list[Exception] = []
    started = time.monotonic()
    with time_limit(0.05, "x.yaml"), pytest.raises(TimeLimitExceeded):
        careless(swallowed)
    assert time.monotonic() - started < 2
    assert [type(exc) for exc in swallowed] == [TimeLimitExceeded]
    time.sleep(0.2)  # and once stopped, the timer is off

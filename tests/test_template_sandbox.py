"""User templates see only inert data: no model methods, no files, no imports, no commands.

A template from a pull request is code from a stranger. Whatever it reaches from what it
is given (the agreement, the sides, the redline rows, the helpers) must be plain,
read-only data; every other attribute or call is refused as unsafe, with the template's
file and line, and nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import MappingProxyType

import pytest

from workagree import load
from workagree.rendering import view
from workagree.rendering.context import template_context
from workagree.rendering.environment import environment
from workagree.rendering.redline import redline_context

from .conftest import EXAMPLES, ROOT, Run

SPEC = ROOT / "examples" / "agency-campaign.yaml"
UNSAFE = "error: the template tried something unsafe: "
# What no template may ever do, as Python's audit events name it.
FORBIDDEN = (
    "open",
    "import",
    "pickle.find_class",
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "socket.connect",
    "shutil.",
    "os.remove",
    "os.rename",
)
PICKLE = "cposix\\nsystem\\n(S'touch {marker}'\\ntR."

_seen: list[str] = []
_watching = [False]


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _watching[0] and event.startswith(FORBIDDEN):
        _seen.append(f"{event} {args!r}"[:200])


sys.addaudithook(_audit)


def templates_with(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "mine"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# -- the attributes of model objects are refused ---------------------------------------


@pytest.mark.parametrize(
    ("expression", "refused"),
    [
        (
            "agreement.parse_raw(PAYLOAD.encode('latin-1'), proto='pickle', allow_pickle=True)",
            "'parse_raw' of <agreement>",
        ),
        ("agreement.parse_file('/etc/passwd')", "'parse_file' of <agreement>"),
        ("agreement.model_validate_json('{}')", "'model_validate_json' of <agreement>"),
        ("agreement.model_copy()", "'model_copy' of <agreement>"),
        ("agreement.canonical_json()", "'canonical_json' of <agreement>"),
        ("agreement['parse_raw']", "'parse_raw' of <agreement>"),
        ("(agreement.parties.values()|first).parse_file('/etc/passwd')", "'parse_file' of <party>"),
        ("sides[0].party.copy()", "'copy' of <party>"),
        ("sides[0].responsibilities[0].schema_json()", "'schema_json' of <responsibility>"),
        ("agreement.responsibilities[0].deadline.__class__", "'__class__' of <deadline>"),
        ("agreement.calendar.model_fields", "'model_fields' of <calendar>"),
        ("agreement|attr('json')", "'json' of <agreement>"),
        ("agreement.effective.today()", "'today' of 'date' object"),
        ("agreement.effective.fromisoformat('2027-01-01')", "'fromisoformat' of 'date' object"),
        ("agreement.parties.copy()", "'copy' of 'mappingproxy' object"),
        ("agreement.milestones.__class__", "'__class__' of 'tuple' object"),
        ("when.__call__.__globals__", "'__call__' of 'Helper' object"),
        ("'{0.__class__}'.format(agreement)", "'__class__' of <agreement>"),
        ("'x'.encode('rot13')", "'encode' of 'str' object"),
        ("(1).bit_length()", "'bit_length' of 'int' object"),
    ],
)
def test_model_methods_and_internals_are_refused(
    cli: Callable[..., Run], tmp_path: Path, expression: str, refused: str
) -> None:
    marker = tmp_path / "ran"
    payload = PICKLE.format(marker=marker)
    line = f'{{% set PAYLOAD = "{payload}" %}}{{{{ {expression} }}}}'
    folder = templates_with(tmp_path, {"parts/footer.md.j2": f"footer\n{line}\n"})
    out = tmp_path / "out.md"
    out.write_text("previous\n", encoding="utf-8")
    run = cli("render", str(SPEC), "-f", "md", "-o", str(out), "--templates", str(folder))
    assert run.exit_code == 1, run.output
    assert (
        f"{folder.resolve()}/parts/footer.md.j2:2: {UNSAFE}access to attribute {refused} is unsafe."
        in run.stderr
    )
    assert "[template-unsafe]" in run.stderr
    assert not marker.exists()
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_a_misspelt_field_is_undefined_with_a_suggestion(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    folder = templates_with(tmp_path, {"parts/footer.md.j2": "x\n{{ sides[0].party.nmae }}\n"})
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1
    assert (
        f"{folder.resolve()}/parts/footer.md.j2:2: error: undefined name in template: <party> "
        "has no field 'nmae' (did you mean 'name'?) [template-undefined]" in run.stderr
    )


def test_templates_still_read_every_field_they_document(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    text = (
        "{{ agreement.project }}|{{ agreement.fingerprint }}|{{ agreement.effective.isoformat() }}"
        "|{{ agreement.effective.year }}|{{ agreement.parties|length }}"
        "|{{ agreement.parties['studio'].name }}|{{ agreement.calendar.country }}"
        "|{{ sides|map(attribute='id')|join(',') }}|{{ agreement.responsibilities[0].deadline }}"
        "|{{ consequences[0][0] }}|{{ agreement.milestones|sort(attribute='date')|first|attr('id') }}"
        "|{{ (agreement.responsibilities|first).if_missed|join('+') }}"
        "|{{ '{0.project}'.format(agreement) }}|{{ agreement.title|upper if agreement.title else '-' }}\n"
    )
    folder = templates_with(tmp_path, {"agreement.md.j2": text})
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 0, run.output
    agreement = load(SPEC)
    first = agreement.responsibilities[0]
    milestone = min(agreement.milestones, key=lambda m: m.date)
    assert run.stdout == (
        f"{agreement.project}|{agreement.fingerprint}|{agreement.effective}"
        f"|{agreement.effective.year}|{len(agreement.parties)}"
        f"|{agreement.parties['studio'].name}|{agreement.calendar.country}"
        f"|studio,client|{first.deadline}"
        f"|{template_context(agreement, theme='classic', page='a4', html=False, layout=None, locale='en')['consequences'][0][0]}"
        f"|{milestone.id}|{'+'.join(first.if_missed)}"
        f"|{agreement.project}|{agreement.title.upper() if agreement.title else '-'}\n"
    )


def test_tojson_writes_the_agreement_as_data(cli: Callable[..., Run], tmp_path: Path) -> None:
    import json

    folder = templates_with(tmp_path, {"agreement.md.j2": "{{ agreement|tojson }}\n"})
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    agreement = load(SPEC)
    assert data["project"] == agreement.project
    assert data["fingerprint"] == agreement.fingerprint
    assert data["responsibilities"][0]["deadline"] == str(agreement.responsibilities[0].deadline)


# -- everything reachable is inert -----------------------------------------------------


def _contexts() -> Iterator[tuple[str, dict[str, object]]]:
    for spec in EXAMPLES:
        agreement = load(spec)
        for html in (False, True):
            yield (
                f"{spec.name} html={html}",
                template_context(
                    agreement, theme="classic", page="a4", html=html, layout=None, locale="en"
                ),
            )
    new, old = load(EXAMPLES[0]), load(EXAMPLES[1])
    yield "redline", redline_context(new, old, theme="classic", page="a4")


def _walk(context: dict[str, object]) -> Iterator[object]:
    """Every object a template can reach from ``context`` through the sandbox."""
    env = environment("classic", None, "en")
    queue = [view.inert(value) for value in context.values()]
    seen_ids: set[int] = set()
    seen_types: set[type] = set()
    while queue:
        obj = queue.pop()
        scalar = isinstance(obj, str | int | float | bool | dt.date | type(None))
        if (type(obj) in seen_types) if scalar else (id(obj) in seen_ids):
            continue
        seen_types.add(type(obj)) if scalar else seen_ids.add(id(obj))
        yield obj
        children: list[object] = []
        if isinstance(obj, MappingProxyType | dict):
            children += list(obj.values())
        if isinstance(obj, tuple | list):
            children += list(obj)
        for name in dir(obj):
            value = env.getattr(obj, name) if env.is_safe_attribute(obj, name, None) else None
            if value is not None and not callable(value):
                children.append(value)
        queue += children


def _attempts(obj: object) -> Iterator[str]:
    for name in sorted(set(dir(obj)) | {"parse_raw", "parse_file", "model_copy", "mro"}):
        yield f"{{{{ x|attr({name!r}) }}}}"
        yield f"{{{{ (x|attr({name!r}))() }}}}"
        yield f"{{{{ (x|attr({name!r}))('/etc/passwd') }}}}"
        yield f"{{{{ (x|attr({name!r}))('/etc/passwd', proto='pickle', allow_pickle=True) }}}}"


@pytest.mark.parametrize(("label", "context"), list(_contexts()), ids=lambda v: str(v)[:40])
def test_no_attribute_of_anything_reachable_reads_imports_or_runs(
    label: str, context: dict[str, object]
) -> None:
    import jinja2.debug  # Jinja imports it on a template's first error: not the template's doing

    assert jinja2.debug
    env = environment("classic", None, "en")
    data = {key: view.inert(value) for key, value in context.items()}
    for helper in ("on", "when", "labels", "role", "md", "light"):  # load their lazy imports
        for argument in (dt.date(2027, 1, 1), None, ("a",), "client", "x"):
            with contextlib.suppress(Exception):  # only warming up
                data[helper](argument)  # type: ignore[operator]
    tried = 0
    for obj in _walk(context):
        for source in _attempts(obj):
            template = env.from_string(source)  # compiling is not the template running
            _seen.clear()
            _watching[0] = True
            try:
                template.render({**data, "x": obj})
            except Exception:  # refused, undefined, or a bad call: all fine if inert
                pass
            finally:
                _watching[0] = False
            assert not _seen, f"{label}: {source} on {obj!r} did {_seen}"
            tried += 1
    assert tried > 1000  # the walk reached the whole context


def test_the_audit_hook_would_see_a_file_being_read(tmp_path: Path) -> None:
    """The walk above can fail: reading a file from Python is an 'open' event."""
    (tmp_path / "f").write_text("x", encoding="utf-8")
    _seen.clear()
    _watching[0] = True
    try:
        (tmp_path / "f").read_text(encoding="utf-8")
    finally:
        _watching[0] = False
    assert _seen
    assert _seen[0].startswith("open")


# -- templates are read only from inside the template folders ---------------------------


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "footer.md.j2").write_text("TOP-SECRET\n", encoding="utf-8")
    (secret / "footer.html.j2").write_text("<footer>TOP-SECRET</footer>\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_a_linked_template_file_outside_the_folders_is_refused(
    cli: Callable[..., Run], tmp_path: Path, fmt: str
) -> None:
    secret = _outside(tmp_path)
    folder = tmp_path / "mine"
    (folder / "parts").mkdir(parents=True)
    ext = "md" if fmt == "md" else "html"
    os.symlink(secret / f"footer.{ext}.j2", folder / "parts" / f"footer.{ext}.j2")
    out = tmp_path / f"out.{fmt}"
    run = cli("render", str(SPEC), "-f", fmt, "-o", str(out), "--templates", str(folder))
    assert run.exit_code == 1, run.output
    assert (
        f"{folder.resolve()}/parts/footer.{ext}.j2: error: template 'parts/footer.{ext}.j2' is a "
        "link to a file outside the template folders; it was not read [template-outside]"
        in run.stderr
    )
    assert "TOP-SECRET" not in run.output
    assert not out.exists()


def test_a_linked_folder_outside_the_folders_is_refused(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    secret = _outside(tmp_path)
    folder = tmp_path / "mine"
    folder.mkdir()
    os.symlink(secret, folder / "parts")
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1
    assert "is a link to a file outside the template folders" in run.stderr
    assert "TOP-SECRET" not in run.output


def test_an_include_through_a_linked_folder_is_refused(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    secret = _outside(tmp_path)
    folder = templates_with(tmp_path, {"parts/footer.md.j2": '{% include "x/footer.md.j2" %}\n'})
    os.symlink(secret, folder / "x")
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1
    assert "template 'x/footer.md.j2' is a link to a file outside" in run.stderr
    assert "TOP-SECRET" not in run.output


def test_a_link_that_stays_inside_the_folders_is_followed(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    folder = templates_with(tmp_path, {"shared/footer.md.j2": "\nOUR FOOTER\n"})
    (folder / "parts").mkdir()
    os.symlink(folder / "shared" / "footer.md.j2", folder / "parts" / "footer.md.j2")
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 0, run.output
    assert run.stdout.endswith("OUR FOOTER\n")


# -- a template cannot build a value too large to hold ----------------------------------


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("'x' * 10**9", "repeated text or list would be too large"),
        ("[0] * 10**9", "repeated text or list would be too large"),
        ("10 ** (10 ** 9)", "a power that large is refused"),
        ("(10 ** 15000) * (10 ** 15000)", "a product of numbers that large is refused"),
        ("'%0999999999d' % 1", "formatted text would be too large"),
        ("'{:>999999999}'.format(1)", "formatted text would be too large"),
        ("'x'.ljust(10**9)", "ljust() would be too large"),
        ("'x'|center(10**9)", "|center would be too large"),
        ("'x'|indent(10**9, true)", "|indent would be too large"),
        ("'%0999999999d'|format(1)", "formatted text would be too large"),
    ],
)
def test_values_too_large_to_hold_are_refused(
    cli: Callable[..., Run], tmp_path: Path, expression: str, message: str
) -> None:
    folder = templates_with(tmp_path, {"agreement.md.j2": f"x\n{{{{ {expression} }}}}\n"})
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1, run.output
    assert f"{folder.resolve()}/agreement.md.j2:2: {UNSAFE}{message}" in run.stderr
    assert run.stdout == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory bound is Linux-only")
@pytest.mark.parametrize(
    "body",
    [
        "{% set ns = namespace(s='x' * 999999) %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        "{{ [1]|batch(10**10, 0)|list|length }}",
    ],
)
def test_a_template_that_grows_without_bound_runs_out_of_its_memory(
    cli: Callable[..., Run], tmp_path: Path, body: str
) -> None:
    folder = templates_with(tmp_path, {"agreement.md.j2": f"x\n{body}\n"})
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1, run.output
    assert (
        f"{folder.resolve()}/agreement.md.j2:2: error: the template failed: it needed more than "
        "1024 MiB of memory [template-error]" in run.stderr
    )


# -- a failing user template is the user's error ----------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
        (
            "{{ on('tomorrow') }}",
            "TypeError: on() takes a date such as milestone.date, not str 'tomorrow'",
        ),
        ("{{ agreement.parties|first|int }}", None),  # a filter that copes: no error
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
    ],
)
def test_a_failing_user_template_is_a_template_error(
    cli: Callable[..., Run], tmp_path: Path, body: str, message: str | None
) -> None:
    folder = templates_with(tmp_path, {"agreement.md.j2": f"x\n{body}\n"})
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert "workagree hit a bug" not in run.output
    if message is None:
        assert run.exit_code == 0, run.output
        return
    assert run.exit_code == 1, run.output
    assert f"{folder.resolve()}/agreement.md.j2:2: error: the template failed: {message}" in (
        run.stderr
    )
    assert "[template-error]" in run.stderr


@pytest.mark.parametrize(
    ("body", "why"), [("{{ lipsum() }}", "lipsum"), ("{{ [1, 2]|random }}", "random")]
)
def test_nothing_random_is_available(
    cli: Callable[..., Run], tmp_path: Path, body: str, why: str
) -> None:
    folder = templates_with(tmp_path, {"agreement.md.j2": f"x\n{body}\n"})
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1
    assert why in run.stderr


# -- what no sandbox check can see: C-level work, crashes, compile-time limits ----------


def _render_md(cli: Callable[..., Run], tmp_path: Path, body: str, *extra: str) -> Run:
    folder = templates_with(tmp_path, {"agreement.md.j2": f"x\n{body}\n"})
    out = tmp_path / "out.md"
    out.write_text("previous\n", encoding="utf-8")
    run = cli("render", str(SPEC), "-f", "md", "-o", str(out), "--templates", str(folder), *extra)
    assert "workagree hit a bug" not in run.output
    assert "Traceback" not in run.output
    assert out.read_text(encoding="utf-8") == "previous\n"
    return run


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork")
def test_a_template_that_crashes_the_interpreter_is_a_template_error(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    body = (
        "{% set ns = namespace(x=()) %}{% for j in range(6) %}{% for i in range(100000) %}"
        "{% set ns.x = (ns.x,) %}{% endfor %}{% endfor %}{{ ns.x in {} }}"
    )
    run = _render_md(cli, tmp_path, body)
    assert run.exit_code == 1
    assert (
        "error: the templates crashed the process that renders them (SIGSEGV); nothing was "
        "written [template-error]" in run.stderr
    )


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork")
@pytest.mark.parametrize(
    "body",
    [
        "{% set a = [0] * 999999 %}{% set b = [0] * 999999 %}{{ [a] * 999999 == [b] * 999999 }}",
        "{{ ([[0]] * 999999)|sum(start=[])|length }}",
    ],
)
def test_one_long_operation_in_c_is_stopped_at_the_time_limit(
    cli: Callable[..., Run], tmp_path: Path, body: str
) -> None:
    started = time.monotonic()
    run = _render_md(cli, tmp_path, body, "--timeout", "1")
    assert time.monotonic() - started < 10
    assert run.exit_code == 1
    assert "error: rendering took longer than the limit of 1 s and was stopped" in run.stderr
    assert "[timeout]" in run.stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{% set on = none %}{% include 'parts/header.md.j2' %}",
            "the template failed: TypeError: 'NoneType' object is not callable",
        ),
        ("{{ 10.0 ** 400 }}", "the template failed: OverflowError"),
        ("{{ ('x' * 99999).replace('', 'y' * 99999) }}", "needed more than 1024 MiB of memory"),
        (
            "{{ '%*s' % (400000000, 'x') }}",
            "a width or precision taken from an argument ('%*s') is refused",
        ),
        ("{{ range }}", "the templates printed a Python object ('<function safe_range at 0x"),
        ('{{ "\\ud800" }}', "which is not a character and cannot be written as UTF-8"),
        ("{{ cycler(1, 2) }}", "holds a memory address and so differs on every run"),
        (
            "{% for i in range(20) %}{{ 'x' * 999999 }}{% endfor %}",
            "the templates wrote more than 16 MiB of text",
        ),
    ],
)
def test_runtime_failures_of_user_templates_are_template_errors(
    cli: Callable[..., Run], tmp_path: Path, body: str, message: str
) -> None:
    run = _render_md(cli, tmp_path, body)
    assert run.exit_code == 1, run.output
    assert message in run.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
            "the template is nested too deeply to compile",
        ),
        ("{{ " + "+".join(["1"] * 30000) + " }}", "the template is nested too deeply to compile"),
        (
            "{% for a in [1] %}" * 25 + "x" + "{% endfor %}" * 25,
            "the template is nested too deeply to compile",
        ),
    ],
)
def test_templates_too_deep_to_compile_are_syntax_errors(
    cli: Callable[..., Run], tmp_path: Path, text: str, message: str
) -> None:
    folder = templates_with(tmp_path, {"parts/header.md.j2": text})
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1, run.output
    assert (
        f"{folder.resolve()}/parts/header.md.j2:1: error: template syntax error: {message} "
        "[template-syntax]" in run.stderr
    )


def test_a_template_that_is_not_utf8_is_a_syntax_error(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "header.md.j2").write_bytes(b"# \xff\xfe title\n")
    run = cli("render", str(SPEC), "-f", "md", "-o", "-", "--templates", str(folder))
    assert run.exit_code == 1, run.output
    assert (
        f"{folder.resolve()}/parts/header.md.j2:1: error: template syntax error: the template "
        "is not UTF-8 text (byte 3) [template-syntax]" in run.stderr
    )


@pytest.mark.pdf
@pytest.mark.parametrize(
    "tag",
    [
        '<img alt="x" src="file:///tmp/a%00b">',
        '<img alt="x" src="data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\' '
        "xmlns:xlink='http://www.w3.org/1999/xlink'><image xlink:href='file:///etc/hostname' "
        "width='10' height='10'/></svg>\">",
        '<img alt="x" src="data:image/png;base64,%%%">',
    ],
)
def test_pdf_resources_that_fail_stop_the_render(
    cli: Callable[..., Run], tmp_path: Path, tag: str
) -> None:
    folder = templates_with(tmp_path, {"parts/footer.html.j2": f"<footer>{tag}</footer>\n"})
    out = tmp_path / "out.pdf"
    run = cli("render", str(SPEC), "-o", str(out), "--templates", str(folder))
    assert run.exit_code == 1, run.output
    assert "error: a resource in the template was refused: " in run.stderr
    assert "[resource-refused]" in run.stderr
    assert "Traceback" not in run.output
    assert not out.exists()

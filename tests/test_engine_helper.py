"""The helper process that loads WeasyPrint while `workagree render` reads the spec.

Each case runs in a fresh Python process, as the `workagree` command does: the helper is
forked only where WeasyPrint is not yet imported, which this test process is not.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from workagree import load, render
from workagree.engine import helper

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "agency-campaign.yaml"

needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "darwin" or helper.cores() < 2,
    reason="the helper is forked only on POSIX systems other than macOS with two or more cores",
)

PRELUDE = """
import json, os, sys, time
from pathlib import Path
from workagree import load, render
from workagree.engine import helper, weasy
from workagree.errors import WorkagreeError
from workagree.timelimit import TimeLimitExceeded, time_limit
PARENT = os.getpid()
served = []
original = helper.Helper.pdf
def counted(self, request):
    result = original(self, request)
    served.append(result is not None)
    return result
helper.Helper.pdf = counted
def render_and_report():
    pdf = render(load(sys.argv[1]), format="pdf")
    print(json.dumps({"pdf": pdf.startswith(b"%PDF-"), "served": served,
                      "helper": helper.running() is not None}))
"""


def run_script(body: str, *args: str, timeout: float = 60) -> dict[str, object]:
    """Run PRELUDE + body in a fresh interpreter; it prints one JSON object last."""
    script = PRELUDE + textwrap.dedent(body)
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["render", "a.yaml"], True),
        (["--debug", "render", "a.yaml"], True),
        (["render", "a.yaml", "--format", "pdf"], True),
        (["render", "a.yaml", "-f", "all"], True),
        (["render", "a.yaml", "--format=all"], True),
        (["render", "a.yaml", "-fpdf"], True),
        (["render", "a.yaml", "--fit", "--redline", "HEAD:a.yaml"], True),
        (["render", "a.yaml", "--format", "html"], False),
        (["render", "a.yaml", "-f", "md"], False),
        (["render", "a.yaml", "--format=html"], False),
        (["render", "a.yaml", "--watch"], False),
        (["render", "-w", "a.yaml"], False),
        (["render", "--help"], False),
        (["render"], True),
        (["validate", "a.yaml"], False),
        (["build", "."], False),
        (["--version"], False),
        ([], False),
    ],
)
def test_helper_is_forked_only_for_a_pdf_render(argv: list[str], expected: bool) -> None:
    assert helper.wants_pdf(argv) is expected


@pytest.mark.pdf
@needs_fork
def test_helper_makes_the_same_pdf_bytes_as_one_process() -> None:
    result = run_script(
        """
        assert helper.start() is not None
        pdf = render(load(sys.argv[1]), format="pdf")
        Path(sys.argv[2]).write_bytes(pdf)
        print(json.dumps({"served": served, "alive": helper.running() is not None,
                          "weasyprint_here": "weasyprint" in sys.modules}))
        """,
        str(EXAMPLE),
        str(Path(os.environ.get("TMPDIR", "/tmp")) / f"helper-{os.getpid()}.pdf"),
    )
    assert result == {"served": [True], "alive": True, "weasyprint_here": False}
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"helper-{os.getpid()}.pdf"
    try:
        assert out.read_bytes() == render(load(EXAMPLE), format="pdf")
    finally:
        out.unlink()


@pytest.mark.pdf
@needs_fork
def test_the_command_makes_the_same_pdf_through_its_helper(tmp_path: Path) -> None:
    target = tmp_path / "agreement.pdf"
    result = run_script(
        """
        from workagree.__main__ import main
        sys.argv = ["workagree", "render", sys.argv[1], "-o", sys.argv[2]]
        try:
            main()
        except SystemExit as done:
            code = done.code
        print(json.dumps({"code": code, "served": served}))
        """,
        str(EXAMPLE),
        str(target),
    )
    assert result == {"code": 0, "served": [True]}
    assert target.read_bytes() == render(load(EXAMPLE), format="pdf")


@pytest.mark.pdf
@needs_fork
def test_the_helper_works_with_stdin_and_stdout_closed(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    script = PRELUDE + textwrap.dedent(
        """
        helper.start()
        pdf = render(load(sys.argv[1]), format="pdf")
        Path(sys.argv[2]).write_text(json.dumps({"pdf": pdf.startswith(b"%PDF-"), "served": served}))
        """
    )
    closed = ["bash", "-c", 'exec 0<&- 1>&-; exec "$0" "$@"']  # runs the rest without them
    done = subprocess.run(
        [*closed, sys.executable, "-c", script, str(EXAMPLE), str(report)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(report.read_text()) == {"pdf": True, "served": [True]}


@pytest.mark.pdf
@needs_fork
def test_a_refused_resource_is_reported_from_the_helper_as_in_one_process(
    tmp_path: Path,
) -> None:
    result = run_script(
        """
        helper.start()
        request = weasy.PdfRequest(
            html='<link rel="stylesheet" href="file:///etc/hostname"><p>x</p>',
            base_url=Path(sys.argv[1]).as_uri() + "/",
            folders=[Path(sys.argv[1])],
            identifier="x",
        )
        from workagree.engine import make_pdf
        try:
            make_pdf(request)
        except WorkagreeError as exc:
            print(json.dumps({"codes": [p.code for p in exc.problems], "served": served,
                              "message": exc.problems[0].message,
                              "helper": helper.running() is not None,
                              "weasyprint_here": "weasyprint" in sys.modules}))
        """,
        str(tmp_path),
    )
    assert result["codes"] == ["resource-refused"]
    assert "outside the template folders" in str(result["message"])
    assert result["served"] == []  # the helper answered with the problem, not with a PDF
    assert (result["helper"], result["weasyprint_here"]) == (True, False)


@pytest.mark.pdf
@needs_fork
def test_a_dead_helper_means_the_pdf_is_made_in_this_process() -> None:
    result = run_script(
        """
        running = helper.start()
        running.ready()
        os.kill(running.pid, 9)
        render_and_report()
        """,
        str(EXAMPLE),
    )
    assert result == {"pdf": True, "served": [False], "helper": False}


@pytest.mark.pdf
@needs_fork
def test_a_bug_in_the_helper_is_shown_by_rendering_again_here() -> None:
    result = run_script(
        """
        real = weasy.html_to_pdf
        def failing_in_helper(request):
            if os.getpid() != PARENT:
                raise RuntimeError("a bug in the engine")
            return real(request)
        weasy.html_to_pdf = failing_in_helper
        helper.start()
        render_and_report()
        """,
        str(EXAMPLE),
    )
    assert result == {"pdf": True, "served": [False], "helper": False}


@pytest.mark.pdf
@needs_fork
def test_a_missing_engine_in_the_helper_is_the_usual_error() -> None:
    result = run_script(
        """
        real = weasy.weasyprint
        def missing():
            if os.getpid() != PARENT:
                raise WorkagreeError.single(
                    "workagree", "PDF output needs WeasyPrint", "no-pdf-engine"
                )
            return real()  # here it loads: only the helper's answer can give the error
        weasy.weasyprint = missing
        helper.start()
        from workagree.engine import prepare
        prepare()  # does not wait for the helper
        try:
            render(load(sys.argv[1]), format="pdf")
        except WorkagreeError as exc:
            print(json.dumps({"codes": [p.code for p in exc.problems],
                              "helper": helper.running() is not None}))
        """,
        str(EXAMPLE),
    )
    assert result == {"codes": ["no-pdf-engine"], "helper": False}


@pytest.mark.pdf
@needs_fork
def test_the_time_limit_stops_a_render_in_the_helper_and_the_helper_with_it() -> None:
    result = run_script(
        """
        def endless(request):
            time.sleep(60)
        weasy.html_to_pdf = endless
        running = helper.start()
        agreement = load(sys.argv[1])
        started = time.monotonic()
        try:
            with time_limit(1.0, "spec.yaml"):
                render(agreement, format="pdf")
        except TimeLimitExceeded as exc:
            took = time.monotonic() - started
            time.sleep(0.2)
            try:
                os.kill(running.pid, 0)
                gone = False
            except ProcessLookupError:
                gone = True
            print(json.dumps({"code": exc.problems[0].code, "took": took, "gone": gone}))
        """,
        str(EXAMPLE),
    )
    assert result["code"] == "timeout"
    assert result["gone"] is True
    assert float(str(result["took"])) < 10  # stopped at the limit, not after the 60 s sleep


@pytest.mark.pdf
@needs_fork
def test_loading_the_engine_is_not_counted_in_the_time_limit() -> None:
    result = run_script(
        """
        real = weasy.weasyprint
        slept = []
        def slow_to_load():
            if os.getpid() != PARENT and not slept:
                slept.append(True)
                time.sleep(4.0)
            return real()
        weasy.weasyprint = slow_to_load
        helper.start()
        with time_limit(3.0, "spec.yaml"):
            pdf = render(load(sys.argv[1]), format="pdf")
        print(json.dumps({"pdf": pdf.startswith(b"%PDF-"), "served": served}))
        """,
        str(EXAMPLE),
    )
    assert result == {"pdf": True, "served": [True]}


@pytest.mark.pdf
@needs_fork
def test_the_helper_unwinds_when_asked_to_stop_while_loading() -> None:
    result = run_script(
        """
        running = helper.start()
        time.sleep(0.1)  # WeasyPrint is loading
        os.kill(running.pid, 15)
        _, status = os.waitpid(running.pid, 0)
        helper._running.clear()
        print(json.dumps({"exit": os.waitstatus_to_exitcode(status)}))
        """
    )
    assert result == {"exit": 0}  # it ran its cleanup and exited, rather than dying of SIGTERM


@pytest.mark.pdf
@needs_fork
def test_the_helper_ends_when_the_command_is_killed() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, signal\n"
            "from workagree.engine import helper\n"
            "running = helper.start()\n"
            "running.ready()\n"
            "print(running.pid, flush=True)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL
    pid = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its parent to reap it does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in {"Z", "X"}

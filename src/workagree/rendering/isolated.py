"""User templates run in a child process with bounded memory and CPU.

The sandbox decides what a template may reach, but not what a single Python operation
costs once it runs in C: comparing two long lists of lists, summing lists, hashing a
tuple nested 500,000 deep (which overflows the C stack and kills the process). No
signal handler runs until such an operation returns, so neither ``--timeout`` nor
Ctrl-C would stop it. A template from a pull request therefore renders in a forked
child: its address space is capped (:data:`~workagree.rendering.limits.MEMORY` more than
workagree holds), its CPU time is capped by the time limit (the kernel kills it), the
parent stops it at the time limit in any case, and a child that crashes is a template
error, not a lost process. Built-in templates are trusted and render in-process.

The child sends back JSON (the text, or the problems, or a bug's description), never
objects. Where processes cannot be forked safely (Windows, macOS), the render runs
in-process with the memory bound of :func:`~workagree.rendering.limits.memory_bound`.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import signal
import sys
from collections.abc import Callable
from dataclasses import asdict

from ..errors import Problem, Severity, WorkagreeError
from . import limits

MAX_OUTPUT = 16 << 20  # characters a template may write; an agreement is one page
# How Python writes an object without a text form of its own: it differs on every run.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{4,}(?:>|&gt;|\\>)")


def can_fork() -> bool:
    """Whether user templates render in a child process here (Linux and other POSIX but macOS)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


def render_isolated(render: Callable[[], str], *, file: str, seconds: float | None) -> str:
    """``render()``'s text, computed in a bounded child process (see the module docstring).

    ``seconds`` bounds the child's CPU time (None or 0: unbounded); the caller's own time
    limit interrupts the wait. Raises :class:`WorkagreeError` for the child's problems,
    for output over :data:`MAX_OUTPUT`, and for a child killed by a signal.
    """
    if not can_fork():
        with limits.memory_bound():
            return _checked(render(), file)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(read_end)
        _child(render, write_end, file, seconds)
    os.close(write_end)
    reaped = False
    try:
        payload = _read_all(read_end)
        _, status = os.waitpid(pid, 0)
        reaped = True
    finally:
        os.close(read_end)
        if not reaped:  # stopped by the time limit or Ctrl-C while waiting
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
    return _answer(payload, status, file, seconds)


def _child(
    render: Callable[[], str], out: int, file: str, seconds: float | None
) -> None:  # pragma: no cover
    """Render, write the answer as JSON to ``out`` and exit without cleaning up."""
    code = 0
    try:
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it
        _limit_resources(seconds)
        try:
            answer: dict[str, object] = {"text": _checked(render(), file)}
        except WorkagreeError as exc:
            answer = {"problems": [asdict(p) for p in exc.problems], "exit": exc.exit_code}
        except MemoryError:
            answer = {"problems": [asdict(_out_of_memory(file))], "exit": 1}
        except BaseException as exc:
            answer = {"bug": f"{type(exc).__name__}: {exc}"}
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8", "surrogatepass")
        view = memoryview(data)
        while view:
            view = view[os.write(out, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _limit_resources(seconds: float | None) -> None:  # pragma: no cover - in the child
    import resource

    limits.cap_address_space()  # for good: the child only renders, then exits
    if seconds:
        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = used.ru_utime + used.ru_stime
        cpu = math.ceil(spent + seconds) + 1  # SIGXCPU here, SIGKILL a second later
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard == resource.RLIM_INFINITY or cpu + 1 <= hard:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _answer(payload: bytes, status: int, file: str, seconds: float | None) -> str:
    try:
        answer = json.loads(payload.decode("utf-8", "surrogatepass")) if payload else None
    except ValueError:
        answer = None
    if isinstance(answer, dict) and isinstance(answer.get("text"), str):
        return str(answer["text"])
    if isinstance(answer, dict) and "problems" in answer:
        problems = [
            Problem(**{**p, "severity": Severity(p["severity"])}) for p in answer["problems"]
        ]
        raise WorkagreeError(problems, exit_code=int(answer["exit"]))
    if isinstance(answer, dict) and "bug" in answer:
        raise RuntimeError(f"rendering a user template failed: {answer['bug']}")
    raise WorkagreeError([_killed(status, file, seconds)])


def _checked(text: str, file: str) -> str:
    """The templates' text, unless it is too long, cannot be written as UTF-8 (a lone
    surrogate such as ``"\\ud800"``), or would differ on the next run."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise WorkagreeError(
            [
                Problem(
                    file=file,
                    message=f"the templates wrote {text[exc.start]!r}, which is not a "
                    "character and cannot be written as UTF-8; nothing was written",
                    code="template-error",
                    hint="look for a \\u escape between \\ud800 and \\udfff in the templates",
                )
            ]
        ) from None
    address = _ADDRESS.search(text)
    if address is not None:
        start = text.rfind("<", 0, address.start())
        shown = text[max(start, address.start() - 60) : address.end()]
        raise WorkagreeError(
            [
                Problem(
                    file=file,
                    message=f"the templates printed a Python object ({shown!r}), whose text "
                    "holds a memory address and so differs on every run; nothing was written",
                    code="template-error",
                    hint="print values (text, numbers, dates), not functions or helpers "
                    "such as `range` or `cycler`",
                )
            ]
        )
    if len(text) > MAX_OUTPUT:
        raise WorkagreeError(
            [
                Problem(
                    file=file,
                    message=f"the templates wrote more than {MAX_OUTPUT >> 20} MiB of text; "
                    "nothing was written",
                    code="template-error",
                    hint="an agreement is one page: look for a loop in the templates",
                )
            ]
        )
    return text


def _out_of_memory(file: str) -> Problem:
    return Problem(
        file=file,
        message=f"the templates needed more than {limits.MEMORY >> 20} MiB of memory; "
        "nothing was written",
        code="template-error",
        hint="look for text or lists that grow in a loop in the templates",
    )


def _killed(status: int, file: str, seconds: float | None) -> Problem:
    """Why a child that sent no answer ended: its CPU time ran out, or it crashed."""
    number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if number in (signal.SIGXCPU, signal.SIGKILL) and seconds:
        return Problem(
            file=file,
            message=f"rendering took longer than the limit of {seconds:g} s and was stopped; "
            "nothing was written",
            code="timeout",
            hint="an operation in the templates ran too long; look for comparisons or sums "
            "of long lists",
        )
    what = (
        signal.Signals(number).name
        if number
        else f"exit status {os.waitstatus_to_exitcode(status)}"
    )
    return Problem(
        file=file,
        message=f"the templates crashed the process that renders them ({what}); "
        "nothing was written",
        code="template-error",
        hint="look for deeply nested values the templates build, e.g. a tuple inside a tuple "
        "in a loop",
    )

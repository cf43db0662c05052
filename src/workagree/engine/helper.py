"""WeasyPrint in a helper process, loaded while `workagree render` reads the spec.

A cold `workagree render` spends about as long importing WeasyPrint (its C bindings and
fontTools) as on everything else together: starting up, checking the spec and rendering
its HTML. Where the system can fork and there is a second core, the `workagree` command
forks a helper first thing when it is asked for a PDF; the helper imports WeasyPrint while
the main process does the rest, then lays out each HTML document it is sent and sends the
PDF bytes back.

The main process keeps every duty it has without the helper: it writes every file
(atomically), and each render stays within its time limit, because the main process waits
for the helper's answer on its own main thread, where the limit's signal interrupts the
wait; the helper is then stopped. As in one process, the time WeasyPrint takes to load is
not counted in the limit. If the helper cannot be started, dies, or fails with
anything but a problem in the document, the PDF is made in the main process instead,
exactly as it would have been without a helper.

The helper exits when its request pipe closes, which happens whenever the main process
ends, however it ends; on Linux it is also sent SIGTERM then, should it be busy with a
document. It has no standard streams of its own: everything the user sees comes from the
main process.
"""

from __future__ import annotations

import atexit
import os
import signal
import struct
import sys

# Only what forking needs is imported before the fork; the rest is imported by each
# process afterwards, in parallel.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

    from ..errors import WorkagreeError
    from .weasy import PdfRequest, PdfResult

_LENGTH = struct.Struct("!Q")
_ROOT_FLAGS = {"--debug"}


def wants_pdf(argv: list[str]) -> bool:
    """Whether a command line asks `render` for a PDF, without `--watch` or `--help`.

    A quick reading of the arguments, before the real parsing: a wrong guess costs a
    fork and an unused import, nothing else.
    """
    args = list(argv)
    while args and args[0] in _ROOT_FLAGS:
        args.pop(0)
    if not args or args[0] != "render":
        return False
    formats = "pdf"
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            break
        if arg in {"-h", "--help", "-w", "--watch"}:
            return False
        if arg in {"-f", "--format"}:
            formats = next(rest, "")
        elif arg.startswith("--format="):
            formats = arg.partition("=")[2]
        elif arg.startswith("-f") and not arg.startswith("--"):
            formats = arg[2:]
    from ..formats import ALL, FORMATS  # plain data: nothing else is imported yet

    return formats == ALL or (formats in FORMATS and FORMATS[formats].engine)


def cores() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    # Forking without exec is unsafe on macOS once system frameworks are loaded, and
    # WeasyPrint's Pango may load them; elsewhere it is how POSIX starts helpers.
    return (
        hasattr(os, "fork")
        and sys.platform != "darwin"
        and "weasyprint" not in sys.modules
        and cores() > 1
    )


def _send(fd: int, message: Any) -> None:
    import pickle

    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("the other process closed the pipe")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int) -> Any:
    import pickle

    (size,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size))
    data = _read_exactly(fd, size)
    try:
        return pickle.loads(data)
    except pickle.UnpicklingError as exc:
        raise EOFError(f"a garbled message: {exc}") from None


def _failure(exc: WorkagreeError) -> tuple[str, Any, int]:
    return ("problems", exc.problems, exc.exit_code)


def _raise_problems(reply: tuple[str, Any, int]) -> NoReturn:
    """Raise in this process the error the helper sent as a :func:`_failure` reply."""
    from ..errors import WorkagreeError

    raise WorkagreeError(reply[1], exit_code=reply[2])


def _serve(requests: int, replies: int, parent: int) -> None:
    """The helper's life: load WeasyPrint, say so, then lay out documents until told to stop."""
    from ..errors import WorkagreeError
    from . import weasy

    try:
        try:
            weasy.weasyprint()
            _end_with_parent(parent)
            _send(replies, ("ready", weasy.fast_subsetting()))
        except WorkagreeError as exc:
            _send(replies, _failure(exc))
            return
        while True:
            try:
                request = _receive(requests)
            except EOFError:
                return
            try:
                reply: Any = ("pdf", weasy.html_to_pdf(request))
            except WorkagreeError as exc:
                reply = _failure(exc)
            except Exception as exc:  # a bug: the main process renders again, to show it
                reply = ("bug", f"{type(exc).__name__}: {exc}")
            _send(replies, reply)
    except BaseException:  # the main process is gone, or killed us: nothing to tell
        pass
    finally:
        os._exit(0)


def _end_with_parent(parent: int) -> None:
    """On Linux, have SIGTERM sent to this helper when the main process ends.

    Set only once WeasyPrint is loaded: stopped during that import, the compilers it may
    run (``ctypes.util.find_library``) could leave temporary files behind. Until then, a
    helper whose main process is gone finishes loading, finds the pipe closed and exits.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the main process ended before the request took effect
            raise SystemExit(0)
    except (OSError, AttributeError):
        pass


class Helper:
    """The main process's side of one helper process."""

    def __init__(self, pid: int, requests: int, replies: int) -> None:
        self.pid = pid
        self._requests = requests
        self._replies = replies
        self._fast: bool | None = None  # known once the helper has said it is ready

    def ready(self) -> bool:
        """Wait until WeasyPrint is loaded; False when the helper is gone.

        Raises the helper's error when WeasyPrint cannot be loaded at all.
        """
        from ..timelimit import paused

        if self._fast is not None:
            return True
        with paused():  # loading WeasyPrint is not part of a document's time
            reply = self._exchange(None)
        if reply is None:
            return False
        if reply[0] == "problems":
            stop()
            _raise_problems(reply)
        self._fast = bool(reply[1])
        return True

    def fast_subsetting(self) -> bool | None:
        return self._fast

    def pdf(self, request: PdfRequest) -> PdfResult | None:
        """The PDF for ``request``, or None when it must be made in this process instead."""
        if not self.ready():
            return None
        reply = self._exchange(request)
        if reply is None or reply[0] == "bug":
            stop()
            return None
        if reply[0] == "problems":
            _raise_problems(reply)
        result: PdfResult = reply[1]
        return result

    def _exchange(self, request: PdfRequest | None) -> Any:
        """Send ``request`` (None: only read) and read the reply; None when the helper is gone."""
        try:
            if request is not None:
                _send(self._requests, request)
            return _receive(self._replies)
        except (OSError, EOFError):
            stop()
            return None
        except BaseException:  # a time limit or Ctrl-C while it works: it must not go on
            stop()
            raise

    def close(self, signal_it: bool = True) -> None:
        """Stop the helper: asked to (SIGTERM), then told to (SIGKILL) after half a second.

        Without ``signal_it`` (as this process exits) its pipes are only closed: it exits
        as soon as it finds that out, and is sent SIGTERM if it is laying out a document.
        """
        import contextlib
        import time

        for fd in (self._requests, self._replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        if not signal_it:
            return
        with contextlib.suppress(OSError):  # already gone, or already reaped
            os.kill(self.pid, signal.SIGTERM)
            deadline = time.monotonic() + 0.5
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    break
                time.sleep(0.001)


_running: list[Helper] = []


def running() -> Helper | None:
    """The helper of this process, if one is running."""
    return _running[0] if _running else None


def start() -> Helper | None:
    """Fork a helper that starts loading WeasyPrint now; None where that cannot help."""
    if _running or not _can_fork():
        return running()
    try:
        requests_read, requests_write = _pipe()
        replies_read, replies_write = _pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        for fd in (requests_read, requests_write, replies_read, replies_write):
            os.close(fd)
        return None
    if pid == 0:  # the helper: it never returns from here
        parent = os.getppid()
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process
            # Stopped with SIGTERM, it unwinds: WeasyPrint's import may be running compilers
            # (ctypes.util.find_library) whose temporary files are removed on the way out.
            signal.signal(signal.SIGTERM, _exit_on_term)
            os.close(requests_write)
            os.close(replies_read)
            # Nothing it does is for the user's eyes (the main process reports everything),
            # and a caller capturing the output gets its end-of-file as the main process ends.
            devnull = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(devnull, stream)
            os.close(devnull)
            _serve(requests_read, replies_write, parent)
        finally:
            os._exit(0)
    os.close(requests_read)
    os.close(replies_write)
    helper = Helper(pid, requests_write, replies_read)
    _running.append(helper)
    atexit.register(stop, signal_it=False)
    return helper


def _pipe() -> tuple[int, int]:
    """A pipe whose ends are not 0, 1 or 2, even when stdin or stdout are closed."""
    import fcntl

    ends = os.pipe()
    try:
        return tuple(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 3) for end in ends)  # type: ignore[return-value]
    finally:
        for end in ends:
            os.close(end)


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(0)


def stop(signal_it: bool = True) -> None:
    """Stop the helper, if one is running; PDFs are then made in this process.

    ``signal_it`` as in :meth:`Helper.close`; at exit the pipes are only closed.
    """
    while _running:
        _running.pop().close(signal_it)

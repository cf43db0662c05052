"""A small Language Server Protocol client, to drive a real language server in tests.

JSON-RPC over the server's standard input and output, each message framed by a
``Content-Length`` header. A thread reads the server's messages into a queue; every wait
has a time limit (a hung server fails the test, it never hangs it), and leaving the
``with`` block always ends the server, killing it if it does not exit when asked.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

Message = dict[str, Any]
TIMEOUT = 60.0  # seconds: node starts slowly on a busy machine


class ServerError(AssertionError):
    """The server answered with an error, ended, or did not answer in time."""


class LanguageServer:
    """A language server run as a child process, with the requests tests need."""

    def __init__(
        self, command: Sequence[str], root: Path, settings: dict[str, Any], env: dict[str, str]
    ) -> None:
        self.root = root
        self.settings = settings
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._next_id = 0
        self._messages: queue.Queue[Message | None] = queue.Queue()
        self._stderr: list[bytes] = []
        self._process = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=root,
            env=env,
        )
        assert self._process.stdout is not None
        assert self._process.stderr is not None
        threading.Thread(target=self._read, args=(self._process.stdout,), daemon=True).start()
        threading.Thread(target=self._drain, args=(self._process.stderr,), daemon=True).start()

    # -- the session --------------------------------------------------------------------

    def __enter__(self) -> LanguageServer:
        try:
            self.request(
                "initialize",
                {
                    "processId": None,
                    "rootUri": self.root.as_uri(),
                    "workspaceFolders": [{"uri": self.root.as_uri(), "name": self.root.name}],
                    "capabilities": {
                        "workspace": {"configuration": True, "workspaceFolders": True},
                        "textDocument": {
                            "publishDiagnostics": {"relatedInformation": False},
                            "completion": {"completionItem": {"snippetSupport": False}},
                            "hover": {"contentFormat": ["markdown", "plaintext"]},
                        },
                    },
                },
            )
            self.notify("initialized", {})
            self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Ask the server to shut down; kill it if it is still running a moment later."""
        try:
            if self._process.poll() is None:
                with contextlib.suppress(ServerError, OSError, ValueError):
                    self.request("shutdown", None, timeout=5)
                    self.notify("exit", None)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._process.wait(timeout=5)
        finally:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait(timeout=10)
            for stream in (self._process.stdin, self._process.stdout, self._process.stderr):
                with contextlib.suppress(OSError):
                    if stream is not None:
                        stream.close()

    # -- documents ----------------------------------------------------------------------

    def open(self, path: Path, text: str) -> str:
        """Open ``text`` as the document at ``path``; returns its URI."""
        uri = path.as_uri()
        self.diagnostics.pop(uri, None)
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        return uri

    def wait_for_diagnostics(
        self,
        uri: str,
        until: Callable[[list[dict[str, Any]]], bool] = lambda _: True,
        timeout: float = TIMEOUT,
    ) -> list[dict[str, Any]]:
        """The document's diagnostics, once the server has published some that satisfy ``until``."""
        end = time.monotonic() + timeout
        while uri not in self.diagnostics or not until(self.diagnostics[uri]):
            self._handle(self._receive(end, f"diagnostics for {uri}"))
        return self.diagnostics[uri]

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        items = result.get("items", []) if isinstance(result, dict) else result or []
        return list(items)

    def hover(self, uri: str, line: int, character: int) -> str:
        """The hover text at a position (Markdown), or '' when there is none."""
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if not result:
            return ""
        contents = result["contents"]
        if isinstance(contents, dict):
            return str(contents.get("value", ""))
        if isinstance(contents, list):
            return "\n".join(c if isinstance(c, str) else c.get("value", "") for c in contents)
        return str(contents)

    # -- JSON-RPC -----------------------------------------------------------------------

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        self._next_id += 1
        ident = self._next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        end = time.monotonic() + timeout
        while True:
            message = self._receive(end, f"an answer to {method}")
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise ServerError(f"{method}: {message['error']}")
                return message.get("result")
            self._handle(message)

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _handle(self, message: Message) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics[params["uri"]] = params["diagnostics"]
        elif method is not None and "id" in message:  # a request from the server
            result: Any = None
            if method == "workspace/configuration":
                items = message["params"]["items"]
                result = [self.settings.get(item.get("section", ""), None) for item in items]
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def _send(self, message: Message) -> None:
        body = json.dumps(message).encode("utf-8")
        stdin = self._process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def _receive(self, end: float, waiting_for: str) -> Message:
        remaining = end - time.monotonic()
        try:
            message = self._messages.get(timeout=max(remaining, 0.01))
        except queue.Empty:
            raise ServerError(f"no {waiting_for} in time; server said: {self.stderr()}") from None
        if message is None:
            raise ServerError(f"the server ended waiting for {waiting_for}: {self.stderr()}")
        return message

    def _read(self, stream: IO[bytes]) -> None:
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    if line in (b"\r\n", b"\n"):
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                if length is None:
                    continue
                self._messages.put(json.loads(stream.read(length)))
        finally:
            self._messages.put(None)

    def _drain(self, stream: IO[bytes]) -> None:
        for line in iter(stream.readline, b""):
            self._stderr.append(line)

    def stderr(self) -> str:
        return b"".join(self._stderr[-20:]).decode("utf-8", "replace").strip() or "(nothing)"

"""`workagree render --watch`, run as a real process: edits re-render, mistakes are printed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .conftest import EXAMPLES, ROOT

SPEC = EXAMPLES[0].read_text(encoding="utf-8")
PROJECT = "project: Spring campaign for Contoso"


class Watcher:
    """A `workagree render --watch` process whose stderr is collected as it comes."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", "COLUMNS": "200"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workagree", "render", *args, "--watch"],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.process.poll() is None, f"watch exited early:\n{self.stderr}"
            assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{self.stderr}"
            time.sleep(0.05)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=20)


def test_watch_renders_on_every_save_and_survives_mistakes(tmp_path: Path) -> None:
    spec = tmp_path / "agreement.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    templates = tmp_path / "mine"
    templates.mkdir()
    template = templates / "agreement.md.j2"
    template.write_text("Project: {{ agreement.project }}\n", encoding="utf-8")
    out = tmp_path / "out.md"
    watcher = Watcher(spec.name, "-f", "md", "-o", out.name, "--templates", "mine", cwd=tmp_path)

    def output() -> str:
        return out.read_text(encoding="utf-8") if out.exists() else ""

    try:
        watcher.wait_for(lambda: "press Ctrl-C to stop" in watcher.stderr, "watching")
        assert output() == "Project: Spring campaign for Contoso\n"
        assert "Watching agreement.yaml and its templates; press Ctrl-C to stop." in watcher.stderr

        spec.write_text(SPEC.replace(PROJECT, "project: Summer"), encoding="utf-8")
        watcher.wait_for(lambda: output() == "Project: Summer\n", "the edited spec")

        broken = SPEC.replace(PROJECT, "project: Autumn").replace("owner: client", "owner: clent")
        spec.write_text(broken, encoding="utf-8")
        watcher.wait_for(lambda: "Not rendered" in watcher.stderr, "the problem")
        assert "owner 'clent' is not a party (did you mean 'client'?)" in watcher.stderr
        assert output() == "Project: Summer\n"

        spec.write_text(SPEC.replace(PROJECT, "project: Winter"), encoding="utf-8")
        watcher.wait_for(lambda: output() == "Project: Winter\n", "the fixed spec")

        # Saved the way many editors do: a new file renamed over the old one.
        (tmp_path / "agreement.yaml~").write_text(SPEC, encoding="utf-8")
        os.replace(tmp_path / "agreement.yaml~", spec)
        watcher.wait_for(lambda: output() == "Project: Spring campaign for Contoso\n", "rename")
        spec.write_text(SPEC.replace(PROJECT, "project: Winter"), encoding="utf-8")
        watcher.wait_for(lambda: output() == "Project: Winter\n", "a save after the rename")

        template.write_text("Name: {{ agreement.project }}\n", encoding="utf-8")
        watcher.wait_for(lambda: output() == "Name: Winter\n", "the edited template")

        template.write_text("Name: {{ agreement.projct }}\n", encoding="utf-8")
        watcher.wait_for(lambda: "undefined name in template" in watcher.stderr, "template error")
        assert output() == "Name: Winter\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.yaml", "mine", "out.md"]
    finally:
        code = watcher.stop()
    assert code == 130
    assert watcher.stderr.endswith("Stopped watching.\n")
    assert "Traceback" not in watcher.stderr


def test_watch_rewrites_the_docx_on_every_save(tmp_path: Path) -> None:
    import docx

    spec = tmp_path / "agreement.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "agreement.docx"
    watcher = Watcher(spec.name, "-f", "docx", cwd=tmp_path)

    def subject() -> str:
        try:
            return str(docx.Document(str(out)).core_properties.subject) if out.exists() else ""
        except (KeyError, ValueError, OSError):  # not yet there
            return ""

    try:
        watcher.wait_for(lambda: subject() == "Spring campaign for Contoso", "the first DOCX")
        spec.write_text(SPEC.replace(PROJECT, "project: Summer"), encoding="utf-8")
        watcher.wait_for(lambda: subject() == "Summer", "the edited spec")
    finally:
        code = watcher.stop()
    assert code == 130
    assert "Traceback" not in watcher.stderr

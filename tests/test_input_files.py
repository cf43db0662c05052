"""Files that are not regular files (pipes, devices) are refused at once, never waited on.

`open()` on a named pipe with no writer blocks for ever, and /dev/zero never ends. Each
command is run in a real process with a wall-clock limit, so a regression fails quickly.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import EXAMPLES
from .process import run_workagree

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")

REFUSED = "error: is not a regular file [not-a-file]"
HINT = (
    "  hint: name a file saved on disk; pipes, devices and sockets are not read "
    "(save the text to a file first)"
)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "agreement.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["render", "-f", "md", "-o", "out.md"],
        ["schedule"],
        ["schedule", "--format", "ics"],
    ],
)
def test_a_pipe_is_refused_without_waiting(fifo: Path, tmp_path: Path, command: list[str]) -> None:
    done = run_workagree(*command, str(fifo), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{fifo}: {REFUSED}\n{HINT}\n" in done.stdout + done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.yaml"]


def test_diff_refuses_a_pipe_on_either_side(fifo: Path, tmp_path: Path) -> None:
    spec = Path(shutil.copy(EXAMPLES[0], tmp_path / "spec.yaml"))
    for old, new in ((fifo, spec), (spec, fifo)):
        done = run_workagree("diff", str(old), str(new), cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert f"{fifo}: {REFUSED}\n{HINT}\n" in done.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device: str, tmp_path: Path) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    done = run_workagree("validate", device, cwd=tmp_path)
    assert done.returncode == 2
    assert f"{device}: {REFUSED}\n{HINT}\n" in done.stdout


def test_validate_specs_only_skips_a_pipe(fifo: Path, tmp_path: Path) -> None:
    done = run_workagree("validate", "--specs-only", str(fifo), cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_build_skips_a_pipe_named_like_a_spec(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(EXAMPLES[0], specs / "a.yaml")
    os.mkfifo(specs / "x.yaml")
    done = run_workagree("build", "specs", "--format", "md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "build").rglob("*")) == [
        "build/.workagree-manifest.json",
        "build/specs",
        "build/specs/a.md",
    ]


def test_build_refuses_a_pipe_it_is_given(fifo: Path, tmp_path: Path) -> None:
    done = run_workagree("build", str(fifo), "--format", "md", cwd=tmp_path)
    assert done.returncode == 2
    assert f"workagree: error: {fifo}: is not a regular file [usage]\n{HINT}\n" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.yaml"]


def test_build_refuses_a_pipe_as_its_configuration(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES[0], tmp_path / "a.yaml")
    os.mkfifo(tmp_path / "workagree.toml")
    done = run_workagree("build", "--format", "md", cwd=tmp_path)
    assert done.returncode == 2
    assert f"workagree.toml: error: is not a regular file [usage]\n{HINT}\n" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "workagree.toml"]


def test_watch_reports_a_pipe_and_keeps_watching(fifo: Path, tmp_path: Path) -> None:
    from .test_watch import Watcher

    watcher = Watcher(fifo.name, "-f", "md", "-o", "out.md", cwd=tmp_path)
    try:
        watcher.wait_for(lambda: "press Ctrl-C to stop" in watcher.stderr, "watching")
        assert watcher.stderr.startswith(
            f"{fifo.name}: {REFUSED}\n{HINT}\nNot rendered; the previous output is unchanged.\n"
        )
    finally:
        assert watcher.stop() == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.yaml"]

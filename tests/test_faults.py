"""Faults: killed processes, unwritable folders, full disks and vanishing specs.

Whatever happens, every output is either the previous file, intact, or a complete new
one; a failure says what went wrong and exits non-zero; nothing else is touched.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

import workagree
from workagree.formats import FORMATS

from .conftest import EXAMPLES, ROOT, Run

SPEC = EXAMPLES[0]
OLD_SPEC = EXAMPLES[1]
# When to kill, as fractions of the time an uninterrupted run takes: from start-up to
# the moment the files are being written.
FRACTIONS = (0.02, 0.4, 0.7, 0.85, 0.93, 0.98)


def start(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "workagree", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def clean(spec: Path) -> dict[str, bytes]:
    """What a complete render of ``spec`` gives, per extension."""
    agreement = workagree.load(spec)
    outputs: dict[str, bytes] = {}
    for fmt in FORMATS:  # every format `--format all` writes
        data = workagree.render(agreement, format=fmt)
        outputs[fmt] = data if isinstance(data, bytes) else data.encode("utf-8")
    return outputs


def check_outputs(folder: Path, stem: str, allowed: list[dict[str, bytes]]) -> None:
    """Each output is one of the allowed complete versions; leftovers are hidden temp files."""
    for path in folder.iterdir():
        if path.name.startswith("."):
            assert path.name.endswith(".tmp") or path.name == ".workagree-manifest.json", path
            continue
        fmt = path.suffix[1:]
        assert path.name == f"{stem}.{fmt}", path
        data = path.read_bytes()
        assert any(data == version[fmt] for version in allowed), f"{path} is damaged"
        if fmt == "pdf":
            assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1


@pytest.mark.pdf
def test_killing_render_leaves_old_or_complete_outputs(tmp_path: Path) -> None:
    new, old = clean(SPEC), clean(OLD_SPEC)
    shutil.copy(SPEC, tmp_path / "agreement.yaml")
    out = tmp_path / "out"
    out.mkdir()
    command = ("render", "agreement.yaml", "--format", "all", "-o", "out")
    started = time.monotonic()
    assert start(*command, cwd=tmp_path).wait(timeout=60) == 0
    whole = time.monotonic() - started
    check_outputs(out, "agreement", [new])
    outcomes = set()
    for delay in (whole * fraction for fraction in FRACTIONS):
        for fmt, data in old.items():
            (out / f"agreement.{fmt}").write_bytes(data)
        process = start(*command, cwd=tmp_path)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        check_outputs(out, "agreement", [old, new])
        outcomes.add(tuple((out / f"agreement.{fmt}").read_bytes() == new[fmt] for fmt in new))
    assert tuple(False for _ in new) in outcomes  # killed before anything was written


@pytest.mark.pdf
def test_killing_build_leaves_old_or_complete_outputs(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    new, old = clean(SPEC), clean(OLD_SPEC)
    out = tmp_path / "out"
    mirrored = out / "specs"  # outputs mirror the specs' folder inside the project
    mirrored.mkdir(parents=True)
    shutil.copy(SPEC, specs / "agreement.yaml")
    for delay in (0.05, 0.8, 1.3, 1.8):
        (out / ".workagree-manifest.json").unlink(missing_ok=True)
        for fmt, data in old.items():
            (mirrored / f"agreement.{fmt}").write_bytes(data)
        process = start("build", "specs", "--out", "out", "--format", "pdf,html,md,docx",
                        "--jobs", "2", cwd=tmp_path)  # fmt: skip
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        check_outputs(mirrored, "agreement", [old, new])
    # A build after the kills finishes the job, whatever the manifest says.
    after = start("build", "specs", "--out", "out", "--format", "pdf,html,md,docx", cwd=tmp_path)
    assert after.wait(timeout=60) == 0
    check_outputs(mirrored, "agreement", [new])


@pytest.mark.pdf
def test_ctrl_c_stops_a_parallel_build_and_records_what_it_finished(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    for number in range(12):
        shutil.copy(SPEC, specs / f"agreement-{number:02}.yaml")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "workagree", "build", "specs", "--out", "out", "--jobs", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal's job has
    )
    assert process.stderr is not None
    lines = [process.stderr.readline()]  # the first document is built
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole group
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 130
    assert "built" in lines[0]
    assert "Traceback" not in rest
    assert rest.rstrip().endswith(
        "Interrupted; what was built so far is complete and recorded, "
        "and no file was left half-written."
    )
    output = "".join(lines) + rest
    reported = [line.split("/")[-1] for line in output.splitlines() if "built out/" in line]
    built = {p.name for p in (tmp_path / "out" / "specs").glob("*.pdf")}
    assert set(reported) == built
    manifest = json.loads((tmp_path / "out" / ".workagree-manifest.json").read_text())
    assert 1 <= len(built) < 12  # stopped early: documents still queued were not started
    assert set(manifest["outputs"]) == {f"specs/{name}" for name in built}
    for name in built:
        assert len(pypdf.PdfReader(tmp_path / "out" / "specs" / name).pages) == 1


def failing(error: OSError) -> Callable[..., None]:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    return fail


FAULTS = {
    "read-only": ("os.replace", PermissionError(errno.EACCES, "Permission denied")),
    "full-on-rename": ("os.replace", OSError(errno.ENOSPC, "No space left on device")),
    "full-on-flush": ("os.fsync", OSError(errno.ENOSPC, "No space left on device")),
    "read-only-fs": ("tempfile.mkstemp", PermissionError(errno.EROFS, "Read-only file system")),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_an_unwritable_folder_or_full_disk_damages_nothing(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    target, error = FAULTS[fault]
    message = error.strerror
    out = tmp_path / "out"
    out.mkdir()
    (out / "agreement.md").write_text("previous\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    monkeypatch.setattr(target, failing(error))
    run = cli("render", str(SPEC), "--format", "md", "-o", str(out / "agreement.md"))
    assert run.exit_code == 1
    assert run.stderr.startswith(f"{out / 'agreement.md'}: error: cannot be written: {message}")
    assert "Traceback" not in run.output
    assert sorted(p.name for p in out.iterdir()) == ["agreement.md", "notes.txt"]
    assert (out / "agreement.md").read_text(encoding="utf-8") == "previous\n"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_build_on_a_full_disk_reports_every_spec(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(SPEC, specs / "a.yaml")
    shutil.copy(OLD_SPEC, specs / "b.yaml")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine\n", encoding="utf-8")
    monkeypatch.setattr("os.replace", failing(OSError(errno.ENOSPC, "No space left on device")))
    run = cli("build", str(specs), "--out", str(out), "--format", "md", "--jobs", "1")
    assert run.exit_code == 1
    for name in ("a.md", "b.md"):
        assert f"{out / name}: error: cannot be written: No space left on device" in run.stderr
    manifest = out / ".workagree-manifest.json"
    assert f"{manifest}: error: cannot be written: No space left on device" in run.stderr
    assert "built 0, current 0, failed 3" in run.stderr
    assert "Traceback" not in run.output
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_a_spec_deleted_mid_build_is_reported_and_the_others_built(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workagree import api

    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        shutil.copy(SPEC, specs / name)
    check_file = api.check_file

    def deleting(path: Path, **kwargs: str) -> object:
        (specs / "b.yaml").unlink(missing_ok=True)  # gone after the specs were found
        return check_file(path, **kwargs)

    monkeypatch.setattr(api, "check_file", deleting)
    out = tmp_path / "out"
    run = cli("build", str(specs), "--out", str(out), "--format", "md", "--jobs", "1")
    assert run.exit_code == 1
    assert f"{specs / 'b.yaml'}: error: no such file [file-not-found]" in run.stderr
    assert "built 2, current 0, failed 1" in run.stderr
    assert sorted(p.name for p in out.iterdir()) == [".workagree-manifest.json", "a.md", "c.md"]


def test_build_never_deletes_what_it_did_not_write(cli: Callable[..., Run], tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(SPEC, specs / "a.yaml")
    shutil.copy(SPEC, specs / "gone.yaml")
    out = tmp_path / "out"
    assert cli("build", str(specs), "--out", str(out), "--format", "md").exit_code == 0
    (specs / "gone.yaml").unlink()
    mine = {
        "notes.txt": b"mine\n",
        "a.html": b"<p>hand-made</p>\n",
        "sub/old.md": b"# kept\n",
        ".hidden": b"x",
    }
    for name, data in mine.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    run = cli("build", str(specs), "--out", str(out), "--format", "md", "--force")
    assert run.exit_code == 0, run.output
    assert f"orphan {out / 'gone.md'} (its spec is gone; not deleted)" in run.stderr
    assert (out / "gone.md").exists()
    for name, data in mine.items():
        assert (out / name).read_bytes() == data


def test_eject_never_overwrites_even_one_nested_file(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    (folder / "parts").mkdir(parents=True)
    footer = next((ROOT / "templates" / "classic" / "parts").iterdir()).name
    (folder / "parts" / footer).write_text("my own\n", encoding="utf-8")
    run = cli("templates", "eject", "classic", str(folder))
    assert run.exit_code == 1
    assert f"{folder / 'parts' / footer}: error: already exists; nothing was copied" in run.stderr
    assert [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()] == [
        f"parts/{footer}"
    ]
    assert (folder / "parts" / footer).read_text(encoding="utf-8") == "my own\n"

"""Outputs never replace a command's own inputs, nor anything but a regular file.

Every refusal is checked through the CLI, with the exact message, the exit code and the
bytes of what must be left alone.
"""

from __future__ import annotations

import errno
import os
import resource
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workagree import inputs
from workagree.errors import WorkagreeError
from workagree.output import write_atomic
from workagree.spec.loader import load_path

from .conftest import EXAMPLES, Run

SPEC = EXAMPLES[0].read_bytes()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one spec, s.yaml, as the current folder (messages name short paths)."""
    folder = tmp_path / "here"
    folder.mkdir()
    (folder / "s.yaml").write_bytes(SPEC)
    monkeypatch.chdir(folder)
    return folder


def refused(target: str, harm: str, hint: str = "choose another --output") -> str:
    return (
        f"{target}: error: the output {harm}, an input of this command [output-is-input]\n"
        f"  hint: {hint}\n"
    )


def not_regular(target: str, kind: str) -> str:
    return (
        f"{target}: error: is {kind}, not a regular file; it was left as it is "
        "[not-a-regular-file]\n"
        "  hint: choose another --output, or use -o - for standard output\n"
    )


def test_default_markdown_output_of_a_spec_named_md_is_refused(
    cli: Callable[..., Run], here: Path
) -> None:
    (here / "spec.md").write_bytes(SPEC)
    result = cli("render", "spec.md", "-f", "md")
    assert result.exit_code == 2
    assert result.stderr == refused("spec.md", "would replace the spec spec.md")
    assert (here / "spec.md").read_bytes() == SPEC


@pytest.mark.parametrize(
    "args",
    [
        ["render", "s.yaml", "-f", "md", "-o", "s.yaml"],
        ["render", "s.yaml", "-f", "html", "-o", "../here/s.yaml"],
        ["schedule", "s.yaml", "-f", "ics", "-o", "s.yaml"],
        ["schedule", "s.yaml", "-f", "json", "-o", "s.yaml"],
    ],
    ids=["render-md", "render-html-other-spelling", "schedule-ics", "schedule-json"],
)
def test_output_naming_the_spec_is_refused(
    cli: Callable[..., Run], here: Path, args: list[str]
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == refused(str(Path(args[-1])), "would replace the spec s.yaml")
    assert (here / "s.yaml").read_bytes() == SPEC


@pytest.mark.parametrize("link", [os.symlink, os.link], ids=["symlink", "hard-link"])
def test_output_naming_a_link_to_the_spec_is_refused(
    cli: Callable[..., Run], here: Path, link: Callable[[str, str], None]
) -> None:
    link("s.yaml", "other.md")
    result = cli("render", "s.yaml", "-f", "md", "-o", "other.md")
    assert result.exit_code == 2
    assert result.stderr == refused("other.md", "would replace the spec s.yaml")
    assert (here / "s.yaml").read_bytes() == SPEC
    assert (here / "other.md").read_bytes() == SPEC


def test_redline_over_its_old_side_is_refused(cli: Callable[..., Run], here: Path) -> None:
    old = EXAMPLES[1].read_bytes()
    (here / "old.yaml").write_bytes(old)
    result = cli("render", "s.yaml", "--redline", "old.yaml", "-f", "html", "-o", "old.yaml")
    assert result.exit_code == 2
    assert result.stderr.endswith(refused("old.yaml", "would replace the spec old.yaml"))
    assert (here / "old.yaml").read_bytes() == old
    assert (here / "s.yaml").read_bytes() == SPEC


@pytest.mark.parametrize("target", ["mine/parts/footer.md.j2", "mine/new.md"])
def test_output_inside_the_templates_folder_is_refused(
    cli: Callable[..., Run], here: Path, target: str
) -> None:
    assert cli("templates", "eject", "classic", "mine").exit_code == 0
    before = {p: p.read_bytes() for p in sorted((here / "mine").rglob("*")) if p.is_file()}
    result = cli("render", "s.yaml", "-f", "md", "--templates", "mine", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == refused(target, "would go inside the templates folder mine")
    after = {p: p.read_bytes() for p in sorted((here / "mine").rglob("*")) if p.is_file()}
    assert after == before


def test_commands_in_one_process_do_not_share_inputs(cli: Callable[..., Run], here: Path) -> None:
    (here / "t.yaml").write_bytes(SPEC)
    assert cli("render", "t.yaml", "-f", "md", "-o", "-").exit_code == 0
    result = cli("schedule", "s.yaml", "-f", "json", "-o", "t.yaml")
    assert result.exit_code == 0, result.output
    assert (here / "t.yaml").read_bytes() != SPEC


def test_write_atomic_itself_refuses_an_input(here: Path) -> None:
    with inputs.command():
        load_path(here / "s.yaml")
        with pytest.raises(WorkagreeError) as caught:
            write_atomic(here / "s.yaml", "output")
    assert caught.value.exit_code == 2
    assert caught.value.problems[0].code == "output-is-input"
    assert (here / "s.yaml").read_bytes() == SPEC
    write_atomic(here / "s.yaml", SPEC)  # outside a command there are no inputs


@pytest.fixture
def unix_socket(here: Path) -> Iterator[str]:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind("sock")
    yield "sock"
    server.close()


@pytest.mark.parametrize("command", ["render", "schedule"])
def test_output_that_is_not_a_regular_file_is_refused(
    cli: Callable[..., Run], here: Path, unix_socket: str, command: str
) -> None:
    os.mkfifo("fifo")
    os.symlink("fifo", "to-fifo")
    os.symlink("/dev/null", "to-null")
    args = ["-f", "md"] if command == "render" else []
    for target, kind in [
        ("fifo", "a named pipe"),
        (unix_socket, "a socket"),
        ("to-fifo", "a symlink to a named pipe"),
        ("to-null", "a symlink to a device"),
    ]:
        result = cli(command, "s.yaml", *args, "-o", target)
        assert result.exit_code == 2, target
        assert result.stderr == not_regular(target, kind)
    assert stat.S_ISFIFO(os.lstat("fifo").st_mode)
    assert stat.S_ISSOCK(os.lstat(unix_socket).st_mode)
    assert os.readlink("to-fifo") == "fifo"
    assert os.readlink("to-null") == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_schedule_to_a_folder_is_refused_and_dash_prints(
    cli: Callable[..., Run], here: Path
) -> None:
    (here / "out").mkdir()
    result = cli("schedule", "s.yaml", "-o", "out")
    assert result.exit_code == 2
    assert result.stderr == not_regular("out", "a folder")
    assert list((here / "out").iterdir()) == []
    printed = cli("schedule", "s.yaml", "-f", "json", "-o", "-")
    assert printed.exit_code == 0
    assert printed.stdout == cli("schedule", "s.yaml", "-f", "json").stdout
    assert not (here / "-").exists()


def test_a_symlink_to_another_file_is_replaced_not_written_through(
    cli: Callable[..., Run], here: Path
) -> None:
    (here / "kept.md").write_bytes(b"kept\n")
    os.symlink("kept.md", "out.md")
    result = cli("render", "s.yaml", "-f", "md", "-o", "out.md")
    assert result.exit_code == 0, result.output
    assert not os.path.islink("out.md")
    assert (here / "out.md").read_text(encoding="utf-8").startswith("# ")
    assert (here / "kept.md").read_bytes() == b"kept\n"


def _render_limited(here: Path, limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """`workagree render` in a subprocess whose files may not grow past ``limit`` bytes."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    (here / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(here / "tmp"), "NO_COLOR": "1", "COLUMNS": "200"}
    command = [sys.executable, "-m", "workagree", "render", "s.yaml", *args]
    return subprocess.run(
        command, check=False, cwd=here, env=env, preexec_fn=limited, capture_output=True, text=True
    )


PDF_WRITE_FAILED = (
    "{folder}: error: cannot be written: {reason} (WeasyPrint writes the PDF's fonts here) "
    "[write-failed]\n"
    "  hint: check free disk space and the file size limit (ulimit -f), or set TMPDIR to "
    "another folder; the previous PDF is unchanged\n"
)


@pytest.mark.pdf
def test_a_pdf_too_large_to_write_is_a_write_error(here: Path) -> None:
    previous = b"%PDF-1.7 previous\n"
    (here / "s.pdf").write_bytes(previous)
    markdown = _render_limited(here, 64 * 1024, "-f", "md")
    assert markdown.returncode == 0, markdown.stderr
    result = _render_limited(here, 64 * 1024, "-f", "pdf")
    assert result.returncode == 1, result.stderr
    assert result.stderr.endswith(
        PDF_WRITE_FAILED.format(folder=here / "tmp", reason="File too large")
    )
    assert (here / "s.pdf").read_bytes() == previous


@pytest.mark.pdf
def test_a_full_disk_while_the_pdf_engine_writes_is_a_write_error(
    cli: Callable[..., Run], here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = b"%PDF-1.7 previous\n"
    (here / "s.pdf").write_bytes(previous)
    monkeypatch.setattr("tempfile.tempdir", str(here))
    write_bytes = Path.write_bytes

    def full(self: Path, data: bytes) -> int:  # type: ignore[override]
        if self.parent.name.startswith("weasyprint-"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    result = cli("render", "s.yaml")
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith(
        PDF_WRITE_FAILED.format(folder=here, reason="No space left on device")
    )
    assert (here / "s.pdf").read_bytes() == previous


def test_a_refused_target_is_refused_before_rendering(
    cli: Callable[..., Run], here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered before the target was checked")

    monkeypatch.setattr("workagree.rendering.pdf.render_pdf", never)
    monkeypatch.setattr("workagree.rendering.pdf.redline", never)
    (here / "old.yaml").write_bytes(SPEC)
    for args in (["-o", "s.yaml"], ["--redline", "old.yaml", "-o", "old.yaml"]):
        result = cli("render", "s.yaml", *args)
        assert result.exit_code == 2
        assert result.stderr.endswith(refused(args[-1], f"would replace the spec {args[-1]}"))
    assert (here / "s.yaml").read_bytes() == SPEC
    assert (here / "old.yaml").read_bytes() == SPEC

"""Compiled templates are cached between runs, and the cache never changes or breaks a render."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest

import workagree
from workagree import WorkagreeError
from workagree._version import __version__
from workagree.cache import cache_root
from workagree.rendering.environment import environment

from .conftest import EXAMPLES

OUTPUTS: list[tuple[str, str]] = [
    ("html", "classic"),
    ("md", "classic"),
    ("html", "columns"),
    ("md", "columns"),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own; every render starts as a new process would."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("WORKAGREE_CACHE_DIR", str(folder))
    environment.cache_clear()
    yield folder
    environment.cache_clear()


def new_process() -> None:
    """Forget the compiled templates held in memory, as a new `workagree` process would."""
    environment.cache_clear()


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("templates-*/*.jinja"))


def render_all() -> list[str | bytes]:
    """Every example in every text format and theme, in a fresh environment."""
    new_process()
    return [
        workagree.render(workagree.load(spec), format=fmt, theme=theme)
        for spec in EXAMPLES
        for fmt, theme in OUTPUTS
    ]


def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates compiled from now on (rather than loaded from the cache)."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def compile(env: jinja2.Environment, source: str, name: str | None = None, *args: Any) -> Any:
        names.append(name or "")
        return original(env, source, name, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names


def test_output_is_the_same_with_the_cache_off_cold_and_warm(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKAGREE_CACHE_DIR", "off")
    off = render_all()
    assert not cache.exists()
    monkeypatch.setenv("WORKAGREE_CACHE_DIR", str(cache))
    cold = render_all()
    written = cached_files(cache)
    assert written
    compiled = compiles(monkeypatch)
    warm = render_all()
    assert compiled == []
    assert cold == off
    assert warm == off
    assert cached_files(cache) == written


def test_the_folder_is_named_for_the_version_and_private(cache: Path) -> None:
    render_all()
    (folder,) = cache.glob("templates-*")  # the holiday tables have a folder of their own
    assert folder.name.startswith(f"templates-{__version__}-")
    if hasattr(os, "getuid"):
        assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("value", ["", "off", " OFF "])
def test_an_empty_value_or_off_turns_the_cache_off(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKAGREE_CACHE_DIR", value)
    assert cache_root() is None


def test_the_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKAGREE_CACHE_DIR")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "workagree"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert cache_root() == tmp_path / "home" / ".cache" / "workagree"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_root() == tmp_path / "home" / ".cache" / "workagree"


def test_a_file_in_the_way_of_the_folder_still_renders(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("WORKAGREE_CACHE_DIR", "off")
    expected = render_all()
    monkeypatch.setenv("WORKAGREE_CACHE_DIR", str(blocked / "cache"))
    assert render_all() == expected
    assert blocked.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="needs a POSIX user that file permissions apply to (not root)",
)
def test_a_read_only_folder_still_renders(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = render_all()
    for file in cached_files(cache):
        file.unlink()
    (folder,) = cache.glob("templates-*")  # the holiday tables have a folder of their own
    folder.chmod(0o500)
    try:
        assert render_all() == expected
        assert cached_files(cache) == []
    finally:
        folder.chmod(0o700)


def test_a_failing_write_still_renders(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2.bccache

    expected = render_all()
    for file in cached_files(cache):
        file.unlink()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", full_disk)
    assert render_all() == expected
    assert cached_files(cache) == []


def test_a_folder_others_can_write_to_is_not_used(cache: Path) -> None:
    expected = render_all()
    (folder,) = cache.glob("templates-*")  # the holiday tables have a folder of their own
    for file in cached_files(cache):
        file.unlink()
    folder.chmod(0o777)
    assert render_all() == expected
    assert cached_files(cache) == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:20] + b"\x00garbage" * 10, id="garbage-after-header"),
        pytest.param(lambda data: os.urandom(len(data)), id="random"),
    ],
)
def test_a_damaged_cache_file_is_compiled_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[bytes], bytes]
) -> None:
    expected = render_all()
    files = cached_files(cache)
    for file in files:
        file.write_bytes(damage(file.read_bytes()))
    compiled = compiles(monkeypatch)
    assert render_all() == expected
    assert len(compiled) == len(files)  # every damaged file was compiled again...
    compiled.clear()
    assert render_all() == expected
    assert compiled == []  # ...and written back whole


def test_an_edited_user_template_is_used(cache: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "parts").mkdir(parents=True)
    footer = mine / "parts" / "footer.html.j2"
    footer.write_text("<footer>first</footer>\n", encoding="utf-8")
    agreement = workagree.load(EXAMPLES[0])
    assert "<footer>first</footer>" in str(
        workagree.render(agreement, format="html", templates=mine)
    )
    mtime = footer.stat().st_mtime_ns
    footer.write_text("<footer>again</footer>\n", encoding="utf-8")  # the same size
    os.utime(footer, ns=(mtime, mtime))  # and the same time: only the text differs
    new_process()
    html = str(workagree.render(agreement, format="html", templates=mine))
    assert "<footer>again</footer>" in html
    assert "first" not in html


def test_cached_user_templates_stay_in_the_sandbox(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine"
    (mine / "parts").mkdir(parents=True)
    (mine / "parts" / "header.md.j2").write_text(
        "# x\n{{ ''.__class__.__mro__ }}\n", encoding="utf-8"
    )
    agreement = workagree.load(EXAMPLES[0])
    message = "access to attribute '__class__' of 'str' object is unsafe"
    with pytest.raises(WorkagreeError, match=message):
        workagree.render(agreement, format="md", templates=mine)
    new_process()
    compiled = compiles(monkeypatch)
    with pytest.raises(WorkagreeError, match=message):
        workagree.render(agreement, format="md", templates=mine)
    assert "parts/header.md.j2" not in compiled  # the cached code ran, and was refused

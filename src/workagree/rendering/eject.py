"""Copying a built-in theme out for editing."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, WorkagreeError
from ..output import write_atomic
from .environment import theme_folders
from .themes import BASE, CONFIG, templates_root


def theme_files(theme: str) -> dict[str, Path]:
    """Every template a theme uses (its own files over the base's), by relative name."""
    files: dict[str, Path] = {}
    for folder in reversed(theme_folders(theme)):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != CONFIG:
                files[path.relative_to(folder).as_posix()] = path
    return dict(sorted(files.items()))


def overrides(theme: str) -> list[str]:
    """The files a theme replaces in the base."""
    folder = templates_root() / theme
    if theme == BASE:
        return []
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != CONFIG
    )


def eject(theme: str, folder: Path) -> list[Path]:
    """Copy every template of ``theme`` into ``folder``; refuse if any of them already exists.

    The fonts stay in the installation: templates refer to them by relative URL.
    """
    files = theme_files(theme)
    targets = {name: folder / name for name in files}
    existing = [path for path in targets.values() if path.exists()]
    if existing:
        raise WorkagreeError(
            [
                Problem(
                    file=str(path),
                    message="already exists; nothing was copied",
                    code="exists",
                    hint="choose an empty folder, or move your edited templates away first",
                )
                for path in existing
            ]
        )
    for name, source in files.items():
        target = targets[name]
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, source.read_bytes(), overwrite=False)
    return list(targets.values())

"""Finding agreement specs: under given paths, or by the globs in the project's configuration.

Whichever way a spec is found, its outputs mirror its path inside the project folder (the
folder ``workagree build`` runs in, which holds ``workagree.toml``): ``build agreements/``,
``build agreements/a/x.yaml``, a bare ``build`` and ``include = ["agreements/**/*.yaml"]``
all put the outputs of ``agreements/a/x.yaml`` at ``<out>/agreements/a/x.<suffix>``, so a
``build --check`` finds what any of them built. Only a spec named on the command line can
be outside the project folder (``include`` patterns cannot reach out); it has no path
inside it, so its outputs mirror its path inside the folder that was named, or, for a file
named by itself, take just its file name.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..spec.files import NOT_REGULAR, NOT_REGULAR_HINT, read_regular
from .config import Config

SUFFIXES = (".yaml", ".yml")
# At the start of a line (after a UTF-8 byte-order mark on the first), maybe quoted.
_TOP_KEY = re.compile(rb"^(?:\xef\xbb\xbf)?([\"']?)workagree\1\s*:", re.MULTILINE)
_SKIP_DIRS = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox"}


@dataclass(frozen=True)
class Spec:
    """A spec found by discovery, and its path inside the project folder."""

    path: Path
    relative: Path


def is_spec(path: Path) -> bool:
    """A YAML file with a top-level `workagree:` key (read from its first 64 KiB).

    A pipe or device named like a spec is not one: it is skipped without being waited on.
    """
    try:
        return bool(_TOP_KEY.search(read_regular(path, 65536)))
    except OSError:
        return False


def _walk(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if any(part in _SKIP_DIRS for part in path.relative_to(folder).parts):
            continue
        if path.suffix in SUFFIXES and path.is_file() and is_spec(path):
            found.append(path)
    return found


def project_path(path: Path, project: Path) -> Path | None:
    """``path`` relative to the project folder, or None when it is outside.

    Taken as written first (a symlinked subfolder keeps its name), then with every
    symlink resolved (the project reached through a symlink).
    """
    for spell in (os.path.abspath, os.path.realpath):
        try:
            return Path(spell(path)).relative_to(spell(project))
        except ValueError:
            continue
    return None


def _add(specs: dict[Path, Spec], path: Path, project: Path, given: Path) -> None:
    """Add ``path``, found under ``given`` (or given itself), unless it is there already."""
    key = path.resolve()
    if key not in specs:
        relative = project_path(path, project)
        if relative is None:  # outside the project: inside what was named
            relative = Path(path.name) if path == given else path.relative_to(given)
        specs[key] = Spec(path, relative)


def _sorted(specs: dict[Path, Spec]) -> list[Spec]:
    return sorted(specs.values(), key=lambda s: str(s.relative))


def find_specs(paths: list[Path], project: Path) -> list[Spec]:
    """Specs under each path: a file is taken as it is, a folder is searched."""
    specs: dict[Path, Spec] = {}
    for given in paths:
        if given.is_file():
            _add(specs, given, project, given)
        elif given.is_dir():
            for path in _walk(given):
                _add(specs, path, project, given)
        elif given.exists():
            raise UsageError(f"{given}: {NOT_REGULAR}", hint=NOT_REGULAR_HINT)
        else:
            raise UsageError(f"{given}: no such file or folder", hint="check the path")
    return _sorted(specs)


def specs_from_config(config: Config, project: Path) -> list[Spec]:
    """Specs matched by the configuration's globs, relative to the project folder."""
    specs: dict[Path, Spec] = {}
    for pattern in config.include:
        for path in sorted(project.glob(pattern)):
            if path.is_file() and path.suffix in SUFFIXES and is_spec(path):
                _add(specs, path, project, project)
    return _sorted(specs)

"""Finding agreement specs: under given paths, or by the globs in the project's configuration."""

from __future__ import annotations

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
    """A spec found by discovery, and its path relative to where outputs are mirrored from."""

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


def find_specs(paths: list[Path]) -> list[Spec]:
    """Specs under each path: a file is taken as it is, a folder is searched."""
    specs: dict[Path, Spec] = {}
    for given in paths:
        if given.is_file():
            specs.setdefault(given.resolve(), Spec(given, Path(given.name)))
        elif given.is_dir():
            for path in _walk(given):
                specs.setdefault(path.resolve(), Spec(path, path.relative_to(given)))
        elif given.exists():
            raise UsageError(f"{given}: {NOT_REGULAR}", hint=NOT_REGULAR_HINT)
        else:
            raise UsageError(f"{given}: no such file or folder", hint="check the path")
    return sorted(specs.values(), key=lambda s: str(s.relative))


def specs_from_config(config: Config, folder: Path) -> list[Spec]:
    """Specs matched by the configuration's globs, relative to its folder."""
    specs: dict[Path, Spec] = {}
    for pattern in config.include:
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and path.suffix in SUFFIXES and is_spec(path):
                specs.setdefault(path.resolve(), Spec(path, path.relative_to(folder)))
    return sorted(specs.values(), key=lambda s: str(s.relative))

"""Finding agreement specs: under given paths, or by the globs in the project's configuration."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..files import NOT_REGULAR, NOT_REGULAR_HINT, NotRegularFile, read_regular

SUFFIXES = (".yaml", ".yml")
_TOP_KEY = re.compile(rb"^workagree\s*:", re.MULTILINE)
_SKIP_DIRS = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox"}


@dataclass(frozen=True)
class Spec:
    """A spec found by discovery, and its path relative to where outputs are mirrored from."""

    path: Path
    relative: Path


@dataclass
class Config:
    """Build settings from `[tool.workagree]` in pyproject.toml, or workagree.toml."""

    include: list[str] = field(default_factory=list)
    out: str | None = None
    formats: list[str] = field(default_factory=list)
    theme: str | None = None
    source: Path | None = None


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


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(read_regular(path).decode("utf-8"))
    except NotRegularFile:
        raise UsageError(f"{path}: {NOT_REGULAR}", hint=NOT_REGULAR_HINT) from None
    except (OSError, UnicodeDecodeError):
        return None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})", hint="fix the file") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("workagree")
        return table if isinstance(table, dict) else None
    return data


def load_config(folder: Path) -> Config:
    """The configuration in ``folder`` (workagree.toml first, then pyproject.toml)."""
    for name in ("workagree.toml", "pyproject.toml"):
        path = folder / name
        table = _table(path) if path.exists() and not path.is_dir() else None
        if table is None:
            continue
        unknown = set(table) - {"include", "out", "formats", "theme"}
        if unknown:
            raise UsageError(
                f"{path}: unknown setting(s) {', '.join(sorted(unknown))}",
                hint="known settings: include, out, formats, theme",
            )
        include = table.get("include", [])
        include = [include] if isinstance(include, str) else include
        formats = table.get("formats", [])
        formats = [formats] if isinstance(formats, str) else formats
        return Config(
            include=[str(g) for g in include],
            out=table.get("out"),
            formats=[str(f) for f in formats],
            theme=table.get("theme"),
            source=path,
        )
    return Config()


def specs_from_config(config: Config, folder: Path) -> list[Spec]:
    """Specs matched by the configuration's globs, relative to its folder."""
    specs: dict[Path, Spec] = {}
    for pattern in config.include:
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and path.suffix in SUFFIXES and is_spec(path):
                specs.setdefault(path.resolve(), Spec(path, path.relative_to(folder)))
    return sorted(specs.values(), key=lambda s: str(s.relative))

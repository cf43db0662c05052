"""The build manifest: for each output, what it was built from, to skip what is current."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .._version import __version__
from ..output import write_atomic
from ..spec.files import read_regular

MANIFEST = ".workagree-manifest.json"


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except OSError:
        return None


def folders_digest(folders: list[Path]) -> str:
    """One hash over every file in the template folders (names and contents)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def source_digest(canonical_spec: str, templates: str, fmt: str, options: list[object]) -> str:
    """What an output depends on: the agreement, the templates, the rendering options
    (theme, page, language, fitting) and our version."""
    key = json.dumps([__version__, canonical_spec, templates, fmt, *options])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class Manifest:
    """``{output: {"spec": ..., "source": ..., "output": ...}}`` kept in the output folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.entries: dict[str, dict[str, str]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict) and isinstance(data.get("outputs"), dict):
            self.entries = {k: v for k, v in data["outputs"].items() if isinstance(v, dict)}

    def is_current(self, key: str, output: Path, source: str) -> bool:
        entry = self.entries.get(key)
        return (
            entry is not None
            and entry.get("source") == source
            and entry.get("output") == file_digest(output)
        )

    def record(self, key: str, spec: str, source: str, output: Path) -> None:
        self.entries[key] = {"spec": spec, "source": source, "output": file_digest(output) or ""}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {"workagree": __version__, "outputs": dict(sorted(self.entries.items()))}
        write_atomic(self.path, json.dumps(body, indent=2, sort_keys=True) + "\n")

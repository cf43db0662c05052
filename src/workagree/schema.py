"""The JSON Schema of the format, generated from the models, and the copy kept beside specs.

Editors check and complete a spec from this schema as it is typed, so it says every rule
that JSON Schema can say, and nothing that ``validate`` accepts is flagged in it (the
models carry the rules: :mod:`workagree.model.patterns`, :mod:`workagree.model.jsonschema`).

``workagree new`` writes the schema into the project (:data:`SCHEMA_FILE`), and the spec's
first line points at it by a relative path, so an editor needs no network to find it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

SCHEMA_ID = "https://github.com/workagree/workagree/blob/main/schema/workagree.schema.json"
SCHEMA_FILE = "workagree.schema.json"
_TITLE = "workagree agreement"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format version 1."""
    from .model import Agreement
    from .model.jsonschema import Generator

    schema = Agreement.model_json_schema(mode="validation", schema_generator=Generator)
    return {"$id": SCHEMA_ID, **schema}


def json_schema_text() -> str:
    """The schema as committed in ``schema/workagree.schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def is_schema_file(path: Path) -> bool:
    """Whether ``path`` holds a workagree schema (any version), so it may be replaced."""
    if not path.is_file():  # never open a pipe or a device
        return False
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(4_000_000))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("title") == _TITLE and "$defs" in data


def find_schema_file(spec: Path) -> Path:
    """Where the schema for the spec at ``spec`` is kept.

    The nearest workagree schema named :data:`SCHEMA_FILE` in the spec's folder or above
    it, up to the root of the git work tree the spec is in; without one, beside the spec.
    A spec outside a git work tree only looks in its own folder.
    """
    folder = Path(os.path.abspath(spec)).parent
    chain = [folder, *folder.parents]
    top = next((index for index, place in enumerate(chain) if (place / ".git").exists()), 0)
    up = next((n for n in range(top + 1) if is_schema_file(chain[n] / SCHEMA_FILE)), 0)
    # written the way the spec's path is: relative to the same folder, or absolute
    return Path(os.path.normpath(spec.parent / ("../" * up) / SCHEMA_FILE))


def reference(spec: Path, schema: Path) -> str:
    """``schema`` as the spec's first line names it: a path relative to the spec's folder."""
    folder = Path(os.path.abspath(spec)).parent
    return Path(os.path.relpath(os.path.abspath(schema), folder)).as_posix()


def check_schema_file(path: Path) -> None:
    """Refuse (exit 1) a ``path`` that holds something other than a workagree schema.

    Called before anything is written, so that a refusal leaves every file as it was.
    """
    from .errors import WorkagreeError

    if os.path.lexists(path) and not is_schema_file(path):
        raise WorkagreeError.single(
            str(path),
            "exists and is not a workagree schema; it was left as it is",
            "exists",
            hint="move it away, or write the schema elsewhere: workagree schema -o PATH",
        )


def write_schema_file(path: Path) -> Literal["written", "updated", "current"]:
    """Write the schema to ``path`` atomically, replacing only a workagree schema.

    An existing schema of another workagree version is brought up to date; one that is
    current is not touched. Raises :class:`~workagree.errors.WorkagreeError` (exit 1) when
    ``path`` holds anything else, which is left as it is, and as
    :func:`workagree.output.write_atomic` does (a symlink there is replaced by the file;
    what it pointed to is left as it was).
    """
    from .output import write_atomic

    check_schema_file(path)
    text = json_schema_text()
    if not os.path.lexists(path):
        write_atomic(path, text, overwrite=False)
        return "written"
    if path.read_bytes() == text.encode("utf-8"):
        return "current"
    write_atomic(path, text)
    return "updated"


LOG_SCHEMA_ID = (
    "https://raw.githubusercontent.com/workagree/workagree/main/schema/workagree-log.schema.json"
)


def log_schema_text() -> str:
    """The JSON Schema of the log, as committed in ``schema/workagree-log.schema.json``."""
    from .tracking.model import Log

    schema = {"$id": LOG_SCHEMA_ID, **Log.model_json_schema(mode="validation")}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

"""The JSON Schema of the format, generated from the models, and the copy kept beside specs.

Editors check and complete a spec from this schema as it is typed, so it says every rule
that JSON Schema can say (see :mod:`workagree.model.patterns`), and nothing that
``validate`` accepts is flagged in it. Two choices of the generator serve editors:

- Text fields are stripped before their length counts; their limits are written as
  patterns that do the same, since ``maxLength`` would count the spaces too.
- An optional field is ``"type": ["string", "null"]``, not ``anyOf`` a null schema:
  editors show an ``anyOf``'s title once per branch ("Effective || Effective").

``workagree new`` writes the schema into the project (:data:`SCHEMA_FILE`), and the spec's
first line points at it by a relative path, so an editor needs no network to find it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

SCHEMA_ID = "https://github.com/workagree/workagree/blob/main/schema/workagree.schema.json"
SCHEMA_FILE = "workagree.schema.json"
_TITLE = "workagree agreement"
_COMBINED = frozenset({"$ref", "anyOf", "oneOf", "allOf", "enum", "const", "not"})


class _Generator(GenerateJsonSchema):
    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        from .model import patterns

        json_schema = super().str_schema(schema)
        stripped = schema.get("strip_whitespace") or self._config.str_strip_whitespace
        if not stripped or "pattern" in json_schema:
            return json_schema
        least = json_schema.pop("minLength", 0)
        most = json_schema.pop("maxLength", None)
        if least > 1:
            raise NotImplementedError("a stripped text with a minimum length over 1")
        if least == 0 and most is None:
            return json_schema
        json_schema["pattern"] = patterns.text(most, required=least == 1)
        json_schema["patternErrorMessage"] = (
            "Text that is not only spaces" if most is None else f"Text of 1 to {most} characters"
        )
        if least == 0:
            json_schema["patternErrorMessage"] = f"Text of at most {most} characters"
        return json_schema

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        # pydantic writes a key pattern as patternProperties, which lets any other key
        # through; a mapping keyed by ids takes only ids, and each value is checked
        json_schema = super().dict_schema(schema)
        by_pattern = json_schema.pop("patternProperties", None)
        if by_pattern:
            ((pattern, values),) = by_pattern.items()
            names = json_schema.setdefault("propertyNames", {})
            names["pattern"] = pattern
            json_schema["additionalProperties"] = values
        return json_schema

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        kind = inner.get("type")
        if isinstance(kind, str) and not _COMBINED & inner.keys():
            return {**inner, "type": [kind, "null"]}
        return self.get_union_of_schemas([inner, {"type": "null"}])


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format version 1."""
    from .model import Agreement

    schema = Agreement.model_json_schema(mode="validation", schema_generator=_Generator)
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

    The nearest :data:`SCHEMA_FILE` in the spec's folder or above it, up to the root of
    the git work tree the spec is in; without one, beside the spec. A spec outside a git
    work tree only looks in its own folder.
    """
    folder = Path(os.path.abspath(spec)).parent
    chain = [folder, *folder.parents]
    top = next((index for index, place in enumerate(chain) if (place / ".git").exists()), 0)
    for place in chain[: top + 1]:
        candidate = place / SCHEMA_FILE
        if candidate.is_file() and is_schema_file(candidate):
            return candidate
    return folder / SCHEMA_FILE


def reference(spec: Path, schema: Path) -> str:
    """``schema`` as the spec's first line names it: a path relative to the spec's folder."""
    folder = Path(os.path.abspath(spec)).parent
    return Path(os.path.relpath(os.path.abspath(schema), folder)).as_posix()


def write_schema_file(path: Path) -> Literal["written", "updated", "current"]:
    """Write the schema to ``path`` atomically, replacing only an older workagree schema.

    Raises :class:`~workagree.errors.WorkagreeError` (exit 1) when ``path`` holds anything
    else, which is left as it is, and as :func:`workagree.output.write_atomic` does (a
    symlink there is replaced by the file; what it pointed to is left as it was).
    """
    from .errors import WorkagreeError
    from .output import write_atomic

    text = json_schema_text()
    if not os.path.lexists(path):
        write_atomic(path, text, overwrite=False)
        return "written"
    if not is_schema_file(path):
        raise WorkagreeError.single(
            str(path),
            "exists and is not a workagree schema; it was left as it is",
            "exists",
            hint="move it away, or write the schema elsewhere: workagree schema -o PATH",
        )
    if path.read_bytes() == text.encode("utf-8"):
        return "current"
    write_atomic(path, text)
    return "updated"

"""The committed JSON Schema matches the models, and it accepts the examples."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from workagree.schema import json_schema_text
from workagree.spec.loader import load_path

from .conftest import EXAMPLES, ROOT, Run

COMMITTED = ROOT / "schema" / "workagree.schema.json"


def test_committed_schema_is_current(cli: Callable[..., Run]) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    assert result.stdout == json_schema_text()
    assert COMMITTED.read_text(encoding="utf-8") == result.stdout, (
        "schema/workagree.schema.json is stale: run `workagree schema > schema/workagree.schema.json`"
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_match_the_schema(example: Path) -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.validate(load_path(example).data, schema)


def test_every_field_is_described() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    for name, definition in [("Agreement", schema), *schema["$defs"].items()]:
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"


def _alternatives(node: object) -> list[list[dict[str, object]]]:
    if isinstance(node, dict):
        found = [node["anyOf"]] if "anyOf" in node else []
        return found + [alt for value in node.values() for alt in _alternatives(value)]
    if isinstance(node, list):
        return [alt for value in node for alt in _alternatives(value)]
    return []


def test_the_alternatives_of_a_field_are_told_apart() -> None:
    # Editors (yaml-language-server) show a field's title once per alternative on hover
    # ("If Missed || If Missed") when no alternative has a title or description of its own;
    # an optional value is a type list, not an alternative.
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    for alternatives in _alternatives(schema):
        told = [(alt.get("title"), alt.get("description")) for alt in alternatives]
        assert len(set(told)) == len(told), alternatives
        assert {"type": "null"} not in alternatives


def test_committed_log_schema_is_current(cli: Callable[..., Run]) -> None:
    from workagree.schema import log_schema_text

    result = cli("schema", "--log")
    assert result.exit_code == 0
    assert result.stdout == log_schema_text()
    assert (ROOT / "schema" / "workagree-log.schema.json").read_text(encoding="utf-8") == (
        result.stdout
    ), "schema/workagree-log.schema.json is stale: run `workagree schema --log > ...`"

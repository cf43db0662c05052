"""The JSON Schema of the format, generated from the models."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = (
    "https://raw.githubusercontent.com/workagree/workagree/main/schema/workagree.schema.json"
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format version 1."""
    from .model import Agreement

    schema = Agreement.model_json_schema(mode="validation")
    return {"$id": SCHEMA_ID, **schema}


def json_schema_text() -> str:
    """The schema as committed in ``schema/workagree.schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


LOG_SCHEMA_ID = (
    "https://raw.githubusercontent.com/workagree/workagree/main/schema/workagree-log.schema.json"
)


def log_schema_text() -> str:
    """The JSON Schema of the log, as committed in ``schema/workagree-log.schema.json``."""
    from .tracking.model import Log

    schema = {"$id": LOG_SCHEMA_ID, **Log.model_json_schema(mode="validation")}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

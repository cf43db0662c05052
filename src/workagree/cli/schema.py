"""`workagree schema`."""

from __future__ import annotations

import typer

from ..schema import json_schema_text


def schema() -> None:
    """Print the JSON Schema of the agreement format.

    Point your editor at it for completion and checks as you type; the first
    line of a spec made by `workagree new` already does.

    Example:  workagree schema > workagree.schema.json
    """
    typer.echo(json_schema_text(), nl=False)

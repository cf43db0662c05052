"""`workagree schema`."""

from __future__ import annotations

from typing import Annotated

import typer

from ..schema import json_schema_text, log_schema_text


def schema(
    log: Annotated[
        bool, typer.Option("--log", help="The schema of the log (agreement.log.yaml) instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of the agreement format.

    Point your editor at it for completion and checks as you type; the first
    line of a spec made by `workagree new` already does.

    Example:  workagree schema > workagree.schema.json
    """
    typer.echo(log_schema_text() if log else json_schema_text(), nl=False)

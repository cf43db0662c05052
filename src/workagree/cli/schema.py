"""`workagree schema`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import console


def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write it to this file (atomically; only a workagree schema is replaced) "
            "instead of standard output.",
        ),
    ] = None,
    log: Annotated[
        bool, typer.Option("--log", help="The schema of the log (agreement.log.yaml) instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of the agreement format, or write it to a file.

    Editors check and complete a spec from it as you type. `workagree new`
    writes it beside the spec as workagree.schema.json, and the spec's first
    line points there; refresh it after upgrading workagree.

    Example:  workagree schema -o workagree.schema.json
    """
    from ..errors import UsageError
    from ..schema import json_schema_text, log_schema_text, write_schema_file

    if output is None or str(output) == "-":
        typer.echo(log_schema_text() if log else json_schema_text(), nl=False)
        return
    if log:
        raise UsageError(
            "--log prints the log's schema to standard output only",
            hint="workagree schema --log > workagree-log.schema.json",
        )
    written = write_schema_file(output)
    said = {"written": "Wrote", "updated": "Updated", "current": "Kept"}[written]
    note = " (already current)" if written == "current" else ""
    console.stdout().print(f"{said} {output}{note}.", highlight=False)

"""Options that several commands share, declared once so they read the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

LogOption = Annotated[
    Path | None,
    typer.Option(
        "--log", help="The log (default: SPEC.log.yaml beside the spec).", show_default=False
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of printing.", show_default=False
    ),
]

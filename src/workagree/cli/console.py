"""The consoles commands print to: stdout for results, stderr for problems and progress."""

from __future__ import annotations

import os
from functools import cache

from rich.console import Console


def _color_system() -> dict[str, object]:
    if os.environ.get("NO_COLOR"):
        return {"no_color": True}
    return {}


@cache
def stdout() -> Console:
    return Console(highlight=False, **_color_system())  # type: ignore[arg-type]


@cache
def stderr() -> Console:
    return Console(stderr=True, highlight=False, **_color_system())  # type: ignore[arg-type]

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


@cache
def note_slow_subsetting(fast: bool | None = None) -> None:
    """Say once per run when PDFs are slow for want of HarfBuzz's subsetter.

    ``fast`` is what a process that made the PDFs found; None asks WeasyPrint here.
    """
    from ..engine import SLOW_SUBSETTING_NOTE, fast_subsetting

    if not (fast_subsetting() if fast is None else fast):
        stderr().print(SLOW_SUBSETTING_NOTE, highlight=False, soft_wrap=True)

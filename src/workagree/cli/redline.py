"""`workagree render NEW --redline OLD`: the new version with its changes marked."""

from __future__ import annotations

import typer

from ..model import Agreement
from . import console
from .report import print_problems


def old_agreement(spec: str) -> Agreement:
    """The OLD side of a redline (a file or ``REV:PATH``); its problems labelled OLD, exit 2."""
    from ..diffing.sides import Side, load_source
    from ..spec.gitsource import source

    loaded = load_source(source(spec), label="OLD")
    if isinstance(loaded, Side):
        err = console.stderr()
        err.print(loaded.heading, style="bold", highlight=False, soft_wrap=True)
        print_problems(err, loaded.problems)
        raise typer.Exit(2)
    return loaded

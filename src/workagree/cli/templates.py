"""`workagree templates list` and `workagree templates eject`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import console

templates_app = typer.Typer(
    name="templates",
    help="List the built-in themes, or copy one out to edit.\n\nExample:  workagree templates list",
    no_args_is_help=True,
)


def list_templates() -> None:
    """List the built-in themes and the files each one overrides.

    Example:  workagree templates list
    """
    from ..rendering.eject import overrides
    from ..rendering.themes import themes

    out = console.stdout()
    for theme in themes().values():
        out.print(console.styled((theme.name, "bold"), f"  {theme.description}"))
        out.print(f"  overrides: {', '.join(overrides(theme.name))}", style="dim")


def eject_theme(
    theme: Annotated[str, typer.Argument(help="The theme to copy, e.g. classic.")],
    folder: Annotated[Path, typer.Argument(help="Where to put the copies (made if missing).")],
) -> None:
    """Copy a theme's templates into a folder for editing; never overwrites a file.

    Use the copies with `workagree render --templates FOLDER`; you may delete every
    file you do not change.

    Example:  workagree templates eject classic my-templates
    """
    from ..rendering.eject import eject

    written = eject(theme, folder)
    console.stderr().print(
        f"Copied {len(written)} templates of '{theme}' to {folder}. "
        f"Render with: workagree render FILE --theme {theme} --templates {folder}",
        soft_wrap=True,
    )

"""Themes are data: a folder under ``templates/`` with a ``theme.toml`` is a theme.

``theme.toml`` says what the theme looks like (``description``, shown by
``workagree templates list``) and which theme it builds on (``extends``, default
``base``, the folder every theme falls back to). A new theme is a new folder; nothing in
the code lists the themes.

Only the standard library is imported here, so that ``--help`` can name the themes
without loading Jinja.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import UsageError, WorkagreeError

BASE = "base"
CONFIG = "theme.toml"


@cache
def templates_root() -> Path:
    """The built-in templates: inside the installed package, or at the top of a checkout."""
    installed = Path(__file__).resolve().parent.parent / "templates"
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[3] / "templates"
    if checkout.is_dir():
        return checkout
    raise WorkagreeError.single(  # pragma: no cover - a broken installation
        "workagree",
        "the built-in templates are missing from this installation",
        "no-templates",
        hint="reinstall workagree: pip install --force-reinstall workagree",
    )


@dataclass(frozen=True)
class Theme:
    """A built-in theme: its name, what it looks like, and the theme it builds on."""

    name: str
    description: str
    extends: str
    folder: Path


@cache
def themes() -> dict[str, Theme]:
    """Every built-in theme, by name, in name order."""
    found = {}
    for config in sorted(templates_root().glob(f"*/{CONFIG}")):
        data = tomllib.loads(config.read_text(encoding="utf-8"))
        name = config.parent.name
        found[name] = Theme(
            name=name,
            description=str(data.get("description", "")),
            extends=str(data.get("extends", BASE)),
            folder=config.parent,
        )
    return found


def theme_names() -> tuple[str, ...]:
    return tuple(themes())


def chain(name: str) -> list[Path]:
    """The folders of ``name`` and every theme it extends, ending with the base."""
    from ..errors import suggestion

    known = themes()
    if name not in known:
        raise UsageError(
            f"unknown theme '{name}'{suggestion(name, known)}",
            hint="the themes are: " + ", ".join(known) + " (see `workagree templates list`)",
        )
    folders: list[Path] = []
    while name in known and known[name].folder not in folders:
        folders.append(known[name].folder)
        name = known[name].extends
    return [*folders, templates_root() / BASE]

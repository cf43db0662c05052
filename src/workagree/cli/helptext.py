"""How `--help` names arguments and option values: ``FILE...``, ``--format md|html|pdf``.

typer writes them its own way: a required argument in braces and an optional one in
brackets, each with ``...`` once more (``{FILE...}...``), and the Python type beside it
(``<list[Path]>``, ``<int range>``, ``<str>``). A reader should see a word for what to
type instead, so every command is built with :class:`Command`: an option's value is its
``metavar`` (given where the option is declared, or made here from its choices, its type
or its name) and an argument is its ``metavar`` or its name in capitals, as click has it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

from typer.core import TyperCommand


def _value_name(param: Any) -> str:
    """A readable placeholder for an option's value: its choices, ``N``, ``PATH`` or its name."""
    described = param.type_descriptor
    if described.is_choice and described.choices:
        return "|".join(str(c.value) if isinstance(c, Enum) else str(c) for c in described.choices)
    annotation = described.annotation
    if annotation is int:
        return "N"
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return "PATH"
    longest = str(max(param.opts, key=len)).lstrip("-")
    return longest.upper()


def _argument_name(param: Any) -> str:
    """``FILE`` for one, ``PATH...`` for several, or the metavar exactly as it was given."""
    if param.metavar is not None:
        return str(param.metavar)
    name = str(param.name).upper().replace("_", "-")
    return f"{name}..." if param.nargs != 1 else name


class Command(TyperCommand):
    """A typer command whose help shows words, not Python types, for what to type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            is_value_option = param.param_type_name == "option" and not (
                getattr(param, "is_flag", False) or getattr(param, "count", False)
            )
            if is_value_option and param.metavar is None:
                param.metavar = _value_name(param)
            elif param.param_type_name == "argument":
                # Also what an error names: "Missing argument 'FILE'", as in the usage line.
                param.metavar = _argument_name(param)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments = []
        options = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), record[1]))
            elif param.param_type_name == "option":
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)

"""A preset filled with answers: the commented YAML text of a first agreement.

>>> import datetime
>>> from workagree.presets.answers import Answers, Party
>>> text = scaffold(Answers(preset="freelance", provider=Party("Camille Durand"),
...                         client=Party("Fjord Coffee"), project="Brand identity",
...                         start=datetime.date(2027, 2, 1)))
>>> text.splitlines()[0].startswith("# yaml-language-server: $schema=https://")
True

The first line points editors at the JSON Schema, so they complete and check the file as
it is edited; one-line comments above each section explain it, so the file reads as a
guide to the format.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import yaml

from .. import presets
from ..api import check_text
from ..errors import UsageError, WorkagreeError, suggestion
from ..schema import SCHEMA_ID
from ..spec.loader import loads
from .answers import Answers

if TYPE_CHECKING:
    from jinja2 import Environment

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")


def yaml_string(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly the same string.

    Plain when that is safe (most names and sentences), double-quoted with escapes otherwise.
    """
    if (
        _PLAIN_SAFE.fullmatch(text)
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.isprintable()
        and _reads_back(text)
    ):
        return text
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _reads_back(text: str) -> bool:
    """Whether ``text`` written plain is read back as the same string (not a number, a date...)."""
    try:
        return bool(yaml.safe_load(text) == text and loads(f"k: {text}\n").data == {"k": text})
    except (yaml.YAMLError, WorkagreeError):
        return False


def _comment(text: str) -> str:
    return " ".join(text.split())


def _count(amount: int, unit: str) -> str:
    return f"{amount} {unit}" if amount == 1 else f"{amount} {unit}s"


@cache
def _environment(locale: str) -> Environment:
    from jinja2 import Environment, FunctionLoader, StrictUndefined

    env = Environment(
        loader=FunctionLoader(lambda name: presets.template_source(locale, name)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["q"] = yaml_string
    env.filters["comment"] = _comment
    env.globals["count"] = _count
    return env


def settings_for(preset: presets.Preset, given: dict[str, int | str]) -> dict[str, int | str]:
    """The preset's defaults with ``given`` values in their place, each one checked.

    Raises :class:`UsageError` for a setting the preset does not have or a value out of range.
    """
    known = {setting.name: setting for setting in preset.settings}
    values = dict(preset.defaults)
    for name, value in given.items():
        if name not in known:
            close = "" if name in presets.setting_names() else suggestion(name, known)
            raise UsageError(
                f"preset '{preset.name}' has no setting '{name}'{close}",
                hint="its settings: " + ", ".join(known),
            )
        try:
            values[name] = known[name].parse(str(value))
        except ValueError as exc:
            raise UsageError(f"{name}: {exc}", hint=known[name].question) from None
    return values


def scaffold(answers: Answers, *, file: str = "agreement.yaml") -> str:
    """The agreement ``answers`` describe, as commented YAML text.

    The text is checked before it is returned: it is a valid agreement with no warnings.
    Raises :class:`UsageError` for an unknown preset or setting, and
    :class:`WorkagreeError` if an answer made the agreement invalid.
    """
    preset = presets.get(answers.preset)
    template = _environment(answers.locale).get_template(f"{preset.name}.yaml.j2")
    body = template.render(
        preset=preset,
        ids={"provider": preset.provider_id, "client": preset.client_id},
        provider=answers.provider,
        client=answers.client,
        project=answers.project,
        start=answers.start.isoformat(),
        locale=answers.locale,
        translated=presets.translated(answers.locale, preset.name),
        country=answers.country,
        timezone=answers.timezone or presets.default_timezone(answers.country),
        **settings_for(preset, answers.settings),
    )
    text = f"# yaml-language-server: $schema={SCHEMA_ID}\n" + body.rstrip("\n") + "\n"
    problems = check_text(text, file=file).problems
    if problems:
        raise WorkagreeError(problems)
    return text

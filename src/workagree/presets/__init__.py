"""The presets `workagree new` starts from. They are data, not code.

``index.yaml`` lists each preset (its name, a one-line description, the party ids its
template uses and the settings it asks for, with defaults) and describes every setting.
``<locale>/<name>.yaml.j2`` is the preset's template; it extends ``<locale>/_base.yaml.j2``,
which lays out the parts every agreement shares. A language without its own templates
falls back to English ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from ..errors import UsageError, suggestion
from .answers import clean_text

FALLBACK_LOCALE = "en"

SettingValue = int | str


@dataclass(frozen=True)
class Setting:
    """A number or short text a preset asks for, such as the feedback window."""

    name: str
    label: str
    question: str
    unit: str
    kind: Literal["number", "text"]
    minimum: int
    maximum: int

    def show(self, value: SettingValue) -> str:
        """The value with its unit, for a summary: ``5 business days``."""
        return f"{value} {self.unit}" if self.unit else str(value)

    def parse(self, text: str) -> SettingValue:
        """The answer as a value, or :class:`ValueError` saying what a valid answer is."""
        if self.kind == "text":
            answer = clean_text(text, what="the answer", limit=self.maximum)
            assert answer is not None
            return answer
        text = text.strip()
        if not text.isascii() or not text.isdigit():
            raise ValueError(f"'{text}' is not a whole number")
        number = int(text)
        if not self.minimum <= number <= self.maximum:
            raise ValueError(f"give a number from {self.minimum} to {self.maximum}")
        return number


@dataclass(frozen=True)
class Preset:
    """One preset: what it is for, how it names the parties, and its settings' defaults."""

    name: str
    description: str
    provider_question: str
    client_question: str
    provider_id: str
    client_id: str
    defaults: dict[str, SettingValue]

    @property
    def settings(self) -> list[Setting]:
        """The settings this preset asks for, in the order it asks."""
        catalogue = _settings()
        return [catalogue[name] for name in self.defaults]


def _index() -> dict[str, Any]:
    import yaml

    text = files(__name__).joinpath("index.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def _settings() -> dict[str, Setting]:
    return {
        name: Setting(
            name=name,
            label=spec["label"],
            question=spec["question"],
            unit=spec.get("unit", ""),
            kind=spec["kind"],
            minimum=spec.get("min", 1),
            maximum=spec["max"],
        )
        for name, spec in _index()["settings"].items()
    }


@cache
def presets() -> tuple[Preset, ...]:
    """Every preset, in the order `workagree new` lists them."""
    return tuple(
        Preset(
            name=entry["name"],
            description=entry["description"],
            provider_question=entry["provider"],
            client_question=entry["client"],
            provider_id=entry["provider_id"],
            client_id=entry["client_id"],
            defaults=dict(entry["settings"]),
        )
        for entry in _index()["presets"]
    )


def setting_names() -> list[str]:
    """Every setting any preset may ask for."""
    return list(_settings())


def names() -> list[str]:
    return [preset.name for preset in presets()]


def get(name: str) -> Preset:
    """The preset called ``name``; a :class:`UsageError` naming the choices if there is none."""
    for preset in presets():
        if preset.name == name.strip():
            return preset
    raise UsageError(
        f"there is no preset called '{name}'{suggestion(name, names())}",
        hint="presets: " + ", ".join(names()) + " (see `workagree new --list-presets`)",
    )


def translated(locale: str, name: str) -> bool:
    """Whether preset ``name`` has templates in ``locale`` (if not, English ones are used)."""
    return files(__name__).joinpath(locale, f"{name}.yaml.j2").is_file()


def template_source(locale: str, name: str) -> str | None:
    """The text of ``<locale>/<name>``, or of the English template when there is no translation."""
    for folder in (locale, FALLBACK_LOCALE):
        resource = files(__name__).joinpath(folder, name)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    return None


@cache
def _country_zones() -> dict[str, str]:
    text = files(__name__).joinpath("timezones.txt").read_text(encoding="utf-8")
    lines = (line.split() for line in text.splitlines() if line and not line.startswith("#"))
    return {fields[0]: fields[1] for fields in lines}


def default_timezone(country: str | None) -> str:
    """The time zone `new` writes for ``country`` (``timezones.txt``), or UTC without one."""
    if country is None:
        return "UTC"
    return _country_zones().get(country.upper(), "UTC")

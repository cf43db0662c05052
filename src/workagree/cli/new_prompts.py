"""The questions `workagree new` asks at a terminal, each answer checked as it is typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.padding import Padding
from rich.table import Table

from .. import presets
from ..errors import UsageError
from ..locales import DEFAULT_LOCALE, SUPPORTED_LOCALES
from ..presets import answers as parse
from ..presets.answers import Answers, Party
from ..presets.scaffold import settings_for
from .console import styled

T = TypeVar("T")


def ask(console: Console, question: str, check: Callable[[str], T], default: str = "") -> T:
    """Ask until the answer passes ``check``; an empty answer means ``default``.

    Ctrl-D is treated like Ctrl-C: the run stops and nothing is written.
    """
    prompt = styled((question, "bold"), (f" [{default}]" if default else "", "dim"), ": ")
    while True:
        try:
            raw = console.input(prompt)
        except EOFError:
            raise KeyboardInterrupt from None
        try:
            return check(raw.strip() or default)
        except ValueError as exc:
            console.print(styled((f"  {exc}", "red")), soft_wrap=True)


def _preset(text: str) -> presets.Preset:
    choices = presets.presets()
    if text.isdigit():
        if 1 <= int(text) <= len(choices):
            return choices[int(text) - 1]
        raise ValueError(f"choose a number from 1 to {len(choices)}, or a preset's name")
    try:
        return presets.get(text)
    except UsageError as exc:
        raise ValueError(exc.problems[0].message) from None


def ask_answers(console: Console, given: dict[str, Any], today: dt.date) -> Answers:
    """Ask for every answer not already ``given`` as an option."""
    if "preset" in given:
        preset = presets.get(given["preset"])
    else:
        listing = Table.grid(padding=(0, 1))
        listing.add_column(justify="right")
        listing.add_column(style="cyan", no_wrap=True)
        listing.add_column()
        for number, choice in enumerate(presets.presets(), start=1):
            listing.add_row(f"{number}.", choice.name, choice.description)
        console.print("Presets", style="bold")
        console.print(Padding(listing, (0, 0, 0, 2)))
        preset = ask(console, "Preset (number or name)", _preset, "1")

    chosen = given.get("settings", {})
    settings_for(preset, chosen)  # a bad --set fails now, not after every question

    def value(key: str, question: str, check: Callable[[str], T], default: str = "") -> T:
        if key in given:
            result: T = given[key]
            return result
        return ask(console, question, check, default)

    provider = value("provider", preset.provider_question, parse.parse_name)
    provider_contact = value(
        "provider_contact", "Your e-mail or phone (optional)", parse.parse_contact
    )
    client = value("client", preset.client_question, parse.parse_name)
    client_contact = value(
        "client_contact",
        "Their e-mail or phone (optional)",
        parse.parse_contact,
    )
    project = value("project", "Project (what the agreement covers)", parse.parse_project)
    start = value("start", "Start date (YYYY-MM-DD)", parse.parse_date, today.isoformat())
    settings: dict[str, int | str] = {}
    for setting in preset.settings:
        if setting.name in chosen:
            continue
        settings[setting.name] = ask(
            console, setting.question, setting.parse, str(preset.defaults[setting.name])
        )
    country = value(
        "country",
        "Country for public holidays (two letters, '-' for none)",
        parse.parse_country,
        "-",
    )
    timezone = value(
        "timezone",
        "Time zone of your business hours",
        parse.parse_timezone,
        presets.default_timezone(country),
    )
    locale = value(
        "locale", f"Language ({', '.join(SUPPORTED_LOCALES)})", parse.parse_locale, DEFAULT_LOCALE
    )
    return Answers(
        preset=preset.name,
        provider=Party(provider, provider_contact),
        client=Party(client, client_contact),
        project=project,
        start=start,
        locale=locale,
        country=country,
        timezone=timezone,
        settings={**chosen, **settings},
    )


def print_summary(console: Console, answers: Answers, target: Path) -> None:
    """What is about to be written, in a short table."""
    preset = presets.get(answers.preset)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()

    def party(p: Party) -> str:
        return p.name + (f" ({p.contact})" if p.contact else "")

    rows: list[tuple[str, str]] = [
        ("Preset", preset.name),
        ("Provider", party(answers.provider)),
        ("Client", party(answers.client)),
        ("Project", answers.project),
        ("Starts", answers.start.isoformat()),
    ]
    settings = {**preset.defaults, **answers.settings}
    rows += [(setting.label, setting.show(settings[setting.name])) for setting in preset.settings]
    rows += [
        ("Public holidays of", answers.country or "no country (weekends only)"),
        ("Time zone", answers.timezone or presets.default_timezone(answers.country)),
        ("Language", answers.locale),
        ("File", str(target)),
    ]
    for label, shown in rows:
        table.add_row(label, shown)
    console.print()
    console.print(table)
    console.print()

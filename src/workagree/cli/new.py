"""`workagree new`."""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import inputs, presets, schema
from ..errors import UsageError, WorkagreeError
from ..locales import DEFAULT_LOCALE
from ..output import write_atomic
from ..presets import answers as parse
from ..presets.answers import Answers, Party
from . import console

DEFAULT_FILE = "agreement.yaml"
_REQUIRED = {
    "preset": "--preset",
    "provider": "--provider",
    "client": "--client",
    "project": "--project",
}


def _print_presets() -> None:
    width = max(len(name) for name in presets.names()) + 2
    lines = []
    for preset in presets.presets():
        lines.append(f"{preset.name:<{width}}{preset.description}")
        shown = "  ".join(f"{key}={value}" for key, value in preset.defaults.items())
        lines.append(f"{'':<{width}}settings: {shown}")
    console.stdout().plain("".join(f"{line}\n" for line in lines))


def _option(
    given: dict[str, Any], key: str, flag: str, raw: str | None, check: Callable[[str], Any]
) -> None:
    if raw is None:
        return
    try:
        given[key] = check(raw)
    except ValueError as exc:
        raise UsageError(f"{flag}: {exc}") from None


def _settings(pairs: list[str]) -> dict[str, str]:
    settings: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                f"--set '{pair}' is not NAME=VALUE",
                hint="e.g. --set feedback_days=3; `workagree new --list-presets` shows the names",
            )
        settings[name.strip()] = value.strip()
    return settings


def _from_options(given: dict[str, Any], today: dt.date, no_input: bool) -> Answers:
    missing = [flag for key, flag in _REQUIRED.items() if key not in given]
    if missing:
        why = "with --no-input" if no_input else "there is no terminal to ask on, so"
        raise UsageError(
            f"{why} these options are needed: {', '.join(missing)}",
            hint='e.g. workagree new --preset freelance --provider "Your name" '
            '--client "Client name" --project "What it is for" --no-input',
        )
    from ..presets.scaffold import settings_for

    preset = presets.get(given["preset"])
    settings_for(preset, given["settings"])
    return Answers(
        preset=preset.name,
        provider=Party(given["provider"], given.get("provider_contact")),
        client=Party(given["client"], given.get("client_contact")),
        project=given["project"],
        start=given.get("start", today),
        locale=given.get("locale", DEFAULT_LOCALE),
        country=given.get("country"),
        timezone=given.get("timezone"),
        settings=given["settings"],
    )


def _refuse_existing(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise WorkagreeError.single(
            str(path),
            "already exists; it was left as it is",
            "exists",
            hint="pass --force to replace it, or choose another path",
        )


def _formats(value: str | None) -> list[str]:
    """The formats ``--format`` names (``all`` is every one), PDF when it names none."""
    from ..formats import FORMATS

    if value is None:
        return ["pdf"]
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    if names == ["all"]:
        return list(FORMATS)
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise UsageError(
            f"--format {value!r}: not a format",
            hint=f"one or more of {', '.join(FORMATS)} (comma-separated), or all",
        )
    return list(dict.fromkeys(names))


def _render_outputs(spec: Path, text: str, force: bool, formats: list[str]) -> list[Path]:
    """The new spec's documents, written next to it (WeasyPrint is loaded only if needed)."""
    from ..api import load_text
    from ..formats import FORMATS
    from ..rendering import render  # through the output pipeline, like every render

    agreement = load_text(text, file=str(spec))
    written = []
    for name in formats:
        document = render(agreement, format=name, theme="classic")
        target = spec.with_suffix(FORMATS[name].suffix)
        write_atomic(target, document, overwrite=force)
        written.append(target)
    return written


def new(
    path: Annotated[
        Path, typer.Argument(help="Where to write the spec; a folder gets agreement.yaml.")
    ] = Path(DEFAULT_FILE),
    *,
    preset: Annotated[
        str | None,
        typer.Option("--preset", "-p", help="The preset to start from (see --list-presets)."),
    ] = None,
    provider: Annotated[
        str | None, typer.Option(help="Your name or business (the provider).", metavar="NAME")
    ] = None,
    provider_contact: Annotated[
        str | None, typer.Option(help="Your e-mail address or phone number.", metavar="CONTACT")
    ] = None,
    client: Annotated[str | None, typer.Option(help="The client's name.", metavar="NAME")] = None,
    client_contact: Annotated[
        str | None,
        typer.Option(help="The client's e-mail address or phone number.", metavar="CONTACT"),
    ] = None,
    project: Annotated[str | None, typer.Option(help="What the agreement covers.")] = None,
    start: Annotated[
        str | None,
        typer.Option(help="The start date, YYYY-MM-DD (default: today).", metavar="DATE"),
    ] = None,
    locale: Annotated[
        str | None, typer.Option(help="The document's language (default: en).")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(help="Two-letter code of the country whose public holidays are days off."),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help="The time zone of your business hours, e.g. Europe/Copenhagen "
            "(default: the country's, or UTC)."
        ),
    ] = None,
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="NAME=VALUE",
            help="A preset setting, e.g. --set feedback_days=3 (repeatable).",
        ),
    ] = None,
    render: Annotated[
        bool, typer.Option("--render", help="Also render the PDF next to the spec.")
    ] = False,
    render_formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="md|html|pdf|docx|all",
            help="What --render writes, comma-separated (implies --render). [default: pdf]",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask; take everything from the options.")
    ] = False,
    list_presets: Annotated[
        bool, typer.Option("--list-presets", help="List the presets and their settings.")
    ] = False,
) -> None:
    """Create a first agreement from a preset, asking a few questions.

    At a terminal it asks for the preset, the parties, the project and the
    few numbers that matter, then writes a commented spec that validates.
    Without a terminal, or with --no-input, it takes everything from the
    options and the preset's defaults. It never replaces a file without --force.
    Beside the spec (or at the top of its git work tree) it keeps
    workagree.schema.json, which editors check and complete the spec with.

    Example:  workagree new -p freelance --provider Ana --client Bo --project Logo
    """
    if list_presets:
        _print_presets()
        return
    target = path / DEFAULT_FILE if path.is_dir() else path
    if target.name == schema.SCHEMA_FILE:
        raise UsageError(
            f"{target}: that name is kept for the JSON Schema that `new` writes beside the spec",
            hint="name the spec agreement.yaml, or any other name",
        )
    _refuse_existing(target, force)
    schema_file = schema.find_schema_file(target)
    schema.check_schema_file(schema_file)
    formats = _formats(render_formats)
    render = render or render_formats is not None
    if render:
        from ..formats import FORMATS

        for name in formats:
            if target.suffix.lower() == FORMATS[name].suffix:
                raise UsageError(
                    f"{target}: --render writes the {FORMATS[name].label} beside the spec, "
                    "under the same name",
                    hint="name the spec with .yaml, e.g. workagree new agreement.yaml --render",
                )
            _refuse_existing(target.with_suffix(FORMATS[name].suffix), force)
    given: dict[str, Any] = {"settings": _settings(settings or [])}
    _option(given, "preset", "--preset", preset, lambda text: presets.get(text).name)
    _option(given, "provider", "--provider", provider, parse.parse_name)
    _option(given, "provider_contact", "--provider-contact", provider_contact, parse.parse_contact)
    _option(given, "client", "--client", client, parse.parse_name)
    _option(given, "client_contact", "--client-contact", client_contact, parse.parse_contact)
    _option(given, "project", "--project", project, parse.parse_project)
    _option(given, "start", "--start", start, parse.parse_date)
    _option(given, "locale", "--locale", locale, parse.parse_locale)
    _option(given, "country", "--country", country, parse.parse_country)
    _option(given, "timezone", "--timezone", timezone, parse.parse_timezone)
    from ..presets.scaffold import scaffold

    today = dt.date.today()
    out = console.stdout()
    interactive = not no_input and sys.stdin.isatty()
    if interactive:
        from .new_prompts import ask_answers, print_summary

        answers = ask_answers(out, given, today)
        text = scaffold(answers, file=str(target), schema=schema.reference(target, schema_file))
        print_summary(out, answers, target)
    else:
        answers = _from_options(given, today, no_input)
        text = scaffold(answers, file=str(target), schema=schema.reference(target, schema_file))
    write_atomic(target, text, overwrite=force)
    inputs.note(target, "the new spec")  # what follows may not write over it
    out.print(f"Wrote {target} (preset {answers.preset}).", highlight=False)
    written = schema.write_schema_file(schema_file)
    if written != "current":
        out.print(
            f"{'Wrote' if written == 'written' else 'Updated'} {schema_file}, "
            "the schema editors check the spec with.",
            highlight=False,
        )
    if not presets.translated(answers.locale, answers.preset):
        out.print(
            f"Note: this preset's wording is in English (no '{answers.locale}' translation "
            "yet); translate it before sending.",
            highlight=False,
        )
    shown = shlex.quote(str(target))
    if render:
        try:
            documents = _render_outputs(target, text, force, formats)
        except KeyboardInterrupt:
            from ..formats import FORMATS

            lost = (
                f"the {FORMATS[formats[0]].label} was not"
                if len(formats) == 1
                else "its documents may not all be"
            )
            console.stderr().print(f"Interrupted; {target} was written, {lost}.")
            raise typer.Exit(130) from None
        for document in documents:
            out.print(f"Wrote {document}.", highlight=False)
    out.print(
        "Next: read it through and adjust it to your project, then run\n"
        f"  workagree validate {shown}\n"
        f"  workagree render {shown}",
        highlight=False,
    )

"""`workagree due` and `workagree ack`: the response clock."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import console

if TYPE_CHECKING:
    from ..dates.replies import Reply

_SPEC = typer.Argument(help="The agreement spec (.yaml).", show_default=False)
_ID = typer.Argument(
    help="The id of a responsibility whose deadline runs after each request.",
    show_default=False,
    metavar="ID",
)
_FROM = typer.Option(
    "--from",
    help="When the request came in: 2027-03-24T15:00 in the agreement's time zone, "
    "or with an offset (+01:00, Z) to convert.",
    show_default=False,
    metavar="DATETIME",
)
_LOCALE = typer.Option(
    "--locale", help="Write in this language instead of the agreement's.", show_default=False
)


class DueFormat(StrEnum):
    text = "text"
    json = "json"


class AckFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    eml = "eml"


def _reply(file: Path, responsibility: str, received: str, locale: str | None) -> Reply:
    from ..api import load
    from ..dates.replies import reply_due
    from ..errors import UsageError
    from ..locales import SUPPORTED_LOCALES

    if locale is not None and locale not in SUPPORTED_LOCALES:
        from ..errors import suggestion

        raise UsageError(
            f"--locale: '{locale}' is not a supported language"
            f"{suggestion(locale, SUPPORTED_LOCALES)}",
            hint="use one of: " + ", ".join(SUPPORTED_LOCALES),
        )
    reply = reply_due(load(file), responsibility, received)
    calendar = reply.agreement.calendar
    if reply.counts_business_hours and (calendar.hours is None or calendar.timezone is None):
        from ..dates.clock import opening_hours

        console.stderr().print(
            f"Note: {file} names no business hours or time zone; counted "
            f"{opening_hours(calendar)} {reply.timezone} (`workagree validate` says more).",
            highlight=False,
            markup=False,
        )
    return reply


def due(
    file: Annotated[Path, _SPEC],
    responsibility: Annotated[str, _ID],
    received: Annotated[str, _FROM],
    output_format: Annotated[
        DueFormat, typer.Option("--format", "-f", help="text for people, json for programs.")
    ] = DueFormat.text,
    locale: Annotated[str | None, _LOCALE] = None,
) -> None:
    """Say when a reply is due: a deadline after each request, counted from --from.

    Business hours skip nights, weekends, public holidays and closed days, in
    the agreement's time zone; business days skip what is not a business day.

    Example:  workagree due agreement.yaml acknowledge --from 2027-03-24T15:00
    """
    from ..messages.due import to_json, to_text

    reply = _reply(file, responsibility, received, locale)
    text = to_json(reply) if output_format is DueFormat.json else to_text(reply, locale)
    console.stdout().plain(text)


def ack(
    file: Annotated[Path, _SPEC],
    responsibility: Annotated[str, _ID],
    received: Annotated[str, _FROM],
    output_format: Annotated[
        AckFormat,
        typer.Option(
            "--format", "-f", help="text, markdown, or eml (an unsent e-mail to open and send)."
        ),
    ] = AckFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of printing ('-' prints).",
            show_default=False,
        ),
    ] = None,
    locale: Annotated[str | None, _LOCALE] = None,
) -> None:
    """Draft the acknowledgement the agreement promises, with the reply-by time.

    "We have your request of ...; you will hear from us by Tuesday, 30 March
    2027, 11:00", in the agreement's language, signed by the party that owes
    the reply. Nothing is sent.

    Example:  workagree ack agreement.yaml acknowledge --from 2027-03-24T15:00 -f eml -o ack.eml
    """
    from ..messages import ack as drafts
    from ..output import write_atomic

    reply = _reply(file, responsibility, received, locale)
    data: str | bytes
    if output_format is AckFormat.eml:
        data = drafts.to_eml(reply, locale)
    elif output_format is AckFormat.markdown:
        data = drafts.to_markdown(reply, locale)
    else:
        data = drafts.to_text(reply, locale)
    if output is None or str(output) == "-":
        if isinstance(data, bytes):  # an e-mail: ASCII, its header and body text encoded
            typer.echo(data, nl=False)
        else:
            console.stdout().plain(data)
        return
    write_atomic(output, data)
    console.stderr().print(f"Wrote {output}.", highlight=False, markup=False)

"""`workagree schedule`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import console

if TYPE_CHECKING:
    from ..dates.schedule import Schedule
    from ..model import Agreement


class ScheduleFormat(StrEnum):
    text = "text"
    json = "json"
    ics = "ics"


def schedule(
    file: Annotated[Path, typer.Argument(help="The agreement spec (.yaml).", show_default=False)],
    output_format: Annotated[
        ScheduleFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, json for programs, ics for calendar apps.",
        ),
    ] = ScheduleFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of printing ('-' prints).",
            show_default=False,
        ),
    ] = None,
    log: Annotated[
        Path | None,
        typer.Option(
            "--log",
            help="The log that dates 'after each EVENT' deadlines (default: SPEC.log.yaml "
            "beside the spec, when there is one).",
            show_default=False,
        ),
    ] = None,
    remind: Annotated[
        str | None,
        typer.Option(
            "--remind",
            help="With --format ics: an alarm this long before each event (2d, 3h, 1w, 1d12h).",
            show_default=False,
            metavar="DURATION",
        ),
    ] = None,
) -> None:
    """List every dated deadline and milestone: date, owner, what, and if missed.

    Dates come from the milestones and the effective date, in business days
    as the agreement's calendar counts them. Import --format ics into any
    calendar app; importing an updated file replaces the events.

    Example:  workagree schedule agreement.yaml -f ics -o agreement.ics
    """
    from ..api import load
    from ..dates.ics import parse_reminder
    from ..dates.schedule import build, to_json, to_text
    from ..errors import UsageError
    from ..output import write_atomic

    if remind is not None and output_format is not ScheduleFormat.ics:
        raise UsageError("--remind only applies to --format ics", hint="add --format ics")
    alarm = None if remind is None else parse_reminder(remind)
    agreement = load(file)
    plan = build(agreement)
    plan = _with_log(agreement, file, log, plan)
    data: str | bytes
    if output_format is ScheduleFormat.ics:
        from ..dates.ics import to_ics

        data = to_ics(agreement, plan, remind=alarm, file=str(file))
    else:
        data = to_json(plan) if output_format is ScheduleFormat.json else to_text(plan)
    if output is None or str(output) == "-":
        typer.echo(data.decode("utf-8") if isinstance(data, bytes) else data, nl=False)
        return
    write_atomic(output, data)
    count = len(plan.entries)
    console.stderr().print(
        f"Wrote {output} ({count} dated entr{'y' if count == 1 else 'ies'}).",
        highlight=False,
        markup=False,
    )


def _with_log(agreement: Agreement, spec: Path, log: Path | None, plan: Schedule) -> Schedule:
    """The schedule, with each logged event's deadline dated (when there is a log)."""
    import datetime as dt

    from ..dates.clock import zone
    from ..tracking.log import load_log
    from ..tracking.names import log_path
    from ..tracking.scheduled import with_log

    path = log if log is not None else log_path(spec)
    if log is None and not path.is_file():
        return plan
    today = dt.datetime.now(zone(agreement.calendar)).date()
    return with_log(agreement, plan, load_log(path, agreement, today=today))

"""`workagree log`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from . import console


def log(
    file: Annotated[Path, typer.Argument(help="The agreement spec (.yaml).", show_default=False)],
    what: Annotated[
        str,
        typer.Argument(
            help="A responsibility id (it was done), a milestone id (it happened), or an "
            "event of an 'after each EVENT' deadline (draft, request).",
            show_default=False,
        ),
    ],
    on: Annotated[
        str, typer.Option("--on", help="The day it happened, YYYY-MM-DD.", show_default=False)
    ],
    at: Annotated[
        str | None,
        typer.Option("--at", help="The time, HH:MM on the agreement's clock.", show_default=False),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Free text: who, how, a link.", show_default=False)
    ] = None,
    planned: Annotated[
        bool,
        typer.Option("--planned", help="A milestone or event planned for that day (future)."),
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="The day to count as today (YYYY-MM-DD): later dates need --planned.",
            show_default=False,
        ),
    ] = None,
    log_file: Annotated[
        Path | None,
        typer.Option(
            "--log", help="The log (default: SPEC.log.yaml beside the spec).", show_default=False
        ),
    ] = None,
) -> None:
    """Record that something happened, at the end of the log beside the spec.

    Earlier entries are kept byte for byte; the file is replaced atomically.

    Example:  workagree log agreement.yaml draft --on 2027-01-20 --at 14:30
    """
    from ..api import load
    from ..errors import UsageError
    from ..output import check_target
    from ..tracking.append import append, new_entry
    from ..tracking.model import _time
    from ..tracking.names import log_path
    from ..tracking.run import moment

    agreement = load(file)
    try:
        day = dt.date.fromisoformat(on.strip())
    except ValueError:
        raise UsageError(f"--on '{on[:40]}' is not a date", hint="write --on 2027-01-20") from None
    time = None
    if at is not None:
        try:
            time = _time(at)
        except ValueError:
            raise UsageError(f"--at '{at[:40]}' is not a time", hint="write --at 14:30") from None
    day_today = moment(agreement, today).date()
    entry = new_entry(agreement, what, day, today=day_today, at=time, note=note, planned=planned)
    path = log_file or log_path(file)
    check_target(path, hint="choose another --log")
    count = append(path, agreement, entry, today=day_today)
    console.stderr().print(
        f"Logged {entry.what} on {entry.on.isoformat()} in {path} ({count} "
        f"entr{'y' if count == 1 else 'ies'}).",
        highlight=False,
        markup=False,
    )

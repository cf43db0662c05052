"""From files to a status: the spec, the log beside it, and the moment to judge at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..dates import clock
from ..errors import UsageError
from ..model import Agreement
from .log import load_log
from .model import Log
from .names import log_path
from .status import Status, compute


def moment(agreement: Agreement, today: str | dt.date | dt.datetime | None) -> dt.datetime:
    """When to judge: now on the agreement's clock, the end of a given day, or a given time."""
    calendar = agreement.calendar
    if today is None:
        return dt.datetime.now(clock.zone(calendar))
    if isinstance(today, dt.datetime):
        return clock.in_zone(calendar, today)
    if isinstance(today, dt.date):
        return clock.in_zone(calendar, dt.datetime.combine(today, dt.time(23, 59)))
    text = today.strip()
    try:
        if len(text) == 10:
            return moment(agreement, dt.date.fromisoformat(text))
        return clock.parse_moment(calendar, text)
    except (ValueError, clock.ClockError):
        raise UsageError(
            f"--today '{text[:40]}' is not a date",
            hint="write --today 2027-02-10, or a time: --today 2027-02-10T14:00",
        ) from None


def read(
    agreement: Agreement, spec: Path, log: Path | None, today: dt.date
) -> tuple[Log, Path | None]:
    """The log named, or the one beside the spec (an empty log when there is none)."""
    path = log if log is not None else log_path(spec)
    if log is None and not path.exists():
        return Log.model_validate({"workagree-log": 1}), None
    return load_log(path, agreement, today=today), path


def status(
    spec: str | Path,
    *,
    log: str | Path | None = None,
    today: str | dt.date | dt.datetime | None = None,
) -> Status:
    """The status of the agreement in ``spec``, from the log beside it (or ``log``)."""
    from ..api import load

    agreement = load(spec)
    now = moment(agreement, today)
    entries, _ = read(agreement, Path(spec), None if log is None else Path(log), now.date())
    return compute(agreement, entries, now)

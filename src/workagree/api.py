"""The Python API: what the CLI does, as plain functions.

>>> import workagree
>>> agreement = workagree.load("examples/agency-campaign.yaml")
>>> html = workagree.render(agreement, format="html")
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, WorkagreeError
from .model import Agreement
from .spec.checks import Result, check
from .spec.loader import decode, load_path, loads

if TYPE_CHECKING:
    from .dates.replies import Reply
    from .tracking.status import Status


def check_file(path: str | Path, *, display: str | None = None) -> Result:
    """Load and check a spec file; every problem is in the result.

    Raises :class:`WorkagreeError` only when the file cannot be read or parsed at all.
    """
    return check(load_path(path, display=display))


def check_text(text: str, *, file: str = "<string>") -> Result:
    """Like :func:`check_file`, for YAML text."""
    return check(loads(text, file))


def check_bytes(raw: bytes, *, file: str) -> Result:
    """Like :func:`check_file`, for raw bytes (decoded as UTF-8)."""
    return check(loads(decode(raw, file), file))


def _agreement(result: Result, strict: bool) -> Agreement:
    blocking: list[Problem] = result.problems if strict else result.errors
    if blocking or result.agreement is None:
        raise WorkagreeError(blocking or result.problems)
    return result.agreement


def load(path: str | Path, *, strict: bool = False) -> Agreement:
    """Load a spec file into an :class:`Agreement`.

    Raises :class:`WorkagreeError` carrying every problem when the spec has errors
    (or, with ``strict=True``, warnings).
    """
    return _agreement(check_file(path), strict)


def load_text(text: str, *, file: str = "<string>", strict: bool = False) -> Agreement:
    """Like :func:`load`, for YAML text."""
    return _agreement(check_text(text, file=file), strict)


def validate(path: str | Path) -> list[Problem]:
    """Every problem in a spec file (errors and warnings); an empty list when it is clean."""
    try:
        return check_file(path).problems
    except WorkagreeError as exc:
        return exc.problems


def status(
    path: str | Path,
    *,
    log: str | Path | None = None,
    today: str | dt.date | dt.datetime | None = None,
) -> Status:
    """The status of a tracked agreement: each deadline's date and state, who holds the
    ball, what applies, and the milestones' expected dates.

    Reads the log beside the spec (``agreement.log.yaml``), or ``log``; ``today`` is the
    day (or moment) to judge at, by default now on the agreement's clock.
    """
    from .tracking.run import status as compute_status

    return compute_status(path, log=log, today=today)


def due(agreement: Agreement, responsibility: str, received: dt.datetime | str) -> Reply:
    """When the reply ``responsibility`` owes is due after a request at ``received``.

    ``received`` is a datetime (with a zone: converted into the agreement's time zone;
    without: the agreement's wall clock) or text such as ``2027-03-24T15:00``. Business
    hours skip nights, weekends, public holidays and closed days. The result's ``due`` is
    a datetime for deadlines in hours and a date for deadlines in days. Raises
    :class:`WorkagreeError` for an unknown id, a deadline not counted from a request or
    a bad time.
    """
    from .dates.replies import reply_due

    return reply_due(agreement, responsibility, received)

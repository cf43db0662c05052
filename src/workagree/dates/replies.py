"""When a reply is due: one responsibility's deadline counted from the moment a request came in.

``reply_due(agreement, "acknowledge", "2027-03-24T15:00")`` looks the responsibility up,
reads the time in the agreement's zone and counts its deadline with :mod:`.clock`
(business hours, or business or calendar days). ``workagree due`` prints the result and
``workagree ack`` drafts the acknowledgement the agreement promises from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import UsageError, suggestion
from ..model import Agreement, Responsibility
from . import clock
from .businessdays import DateOutOfRange
from .deadlines import Unit, Within


@dataclass(frozen=True)
class Reply:
    """A reply owed under ``responsibility``: received at ``received``, due at ``due``.

    ``received`` is in the agreement's zone; ``due`` is a moment (deadlines in hours) or
    the day the reply is due on (deadlines in days, weeks or months).
    """

    agreement: Agreement
    responsibility: Responsibility
    deadline: Within
    received: dt.datetime
    due: dt.datetime | dt.date

    @property
    def timezone(self) -> str:
        """The agreement's time zone, or ``UTC`` when its calendar names none."""
        return self.agreement.calendar.timezone or "UTC"

    @property
    def hours_assumed(self) -> bool:
        """Whether business hours were counted with :data:`.clock.DEFAULT_HOURS`."""
        return self.counts_business_hours and self.agreement.calendar.hours is None

    @property
    def counts_business_hours(self) -> bool:
        return self.deadline.business and self.deadline.unit is Unit.HOURS

    def as_dict(self) -> dict[str, object]:
        """The stable JSON form of ``workagree due --format json``."""
        owner = self.responsibility.owner
        hours = clock.opening_hours(self.agreement.calendar)
        return {
            "responsibility": self.responsibility.id,
            "owner": owner,
            "owner_name": self.agreement.parties[owner].name,
            "what": self.responsibility.what,
            "deadline": str(self.deadline),
            "received": self.received.isoformat(),
            "due": self.due.isoformat(),
            "timezone": self.timezone,
            "business_hours": str(hours) if self.counts_business_hours else None,
            "hours_assumed": self.hours_assumed,
        }


def _countable(agreement: Agreement) -> list[str]:
    return [r.id for r in agreement.responsibilities if clock.counts_from_request(r.deadline)]


def reply_due(agreement: Agreement, responsibility_id: str, received: dt.datetime | str) -> Reply:
    """When the reply ``responsibility_id`` owes is due after a request at ``received``.

    ``received`` is a datetime (aware: converted into the agreement's zone; naive: the
    zone's wall clock) or text as :func:`.clock.parse_moment` reads it. Raises
    :class:`~workagree.errors.UsageError` for an unknown id (with a suggestion), a
    responsibility whose deadline is not counted from a request, or a bad time.
    """
    ids = [r.id for r in agreement.responsibilities]
    item = next((r for r in agreement.responsibilities if r.id == responsibility_id), None)
    countable = _countable(agreement)
    listed = ", ".join(countable) if countable else "none"
    if item is None:
        raise UsageError(
            f"there is no responsibility '{responsibility_id}'{suggestion(responsibility_id, ids)}",
            hint=f"responsibilities counted from a request: {listed}",
        )
    deadline = item.deadline
    if not isinstance(deadline, Within) or not clock.counts_from_request(deadline):
        what = f"is due '{deadline}'" if deadline is not None else "has no deadline"
        raise UsageError(
            f"responsibility '{item.id}' {what}, which is not counted from a request",
            hint=f"responsibilities counted from a request: {listed}",
        )
    try:
        moment = (
            clock.parse_moment(agreement.calendar, received)
            if isinstance(received, str)
            else clock.in_zone(agreement.calendar, received)
        )
    except clock.ClockError as exc:
        raise UsageError(f"--from: {exc.message}", hint=exc.hint) from None
    except OverflowError:
        raise UsageError(
            "--from: the time is too close to the ends of the calendar",
            hint="use a date between 0001-01-02 and 9999-12-30",
        ) from None
    try:
        due = clock.due(agreement.calendar, deadline, moment)
    except DateOutOfRange:
        raise UsageError(
            f"the reply would be due after {dt.date.max}, the last date workagree can count to",
            hint="give an earlier --from time",
        ) from None
    return Reply(agreement, item, deadline, moment, due)

"""The deadline grammar: text such as ``5 business days after each draft`` to a typed value.

Grammar (case-insensitive; extra spaces are ignored)::

    deadline   := ["by"] DATE
                | ["within"] duration [("after" | "before") event]
                | "every" period
    duration   := N [ "business" | "calendar" ] unit      N is 1..999
    unit       := hour[s] | day[s] | week[s] | month[s]   ("business": hours, days, weeks)
    period     := monday | tuesday | ... | sunday | day | business day | week | month
    DATE       := YYYY-MM-DD (ISO 8601)

An *event* is a milestone id (``before launch``) or free text (``after each draft``).
``days`` with neither ``business`` nor ``calendar`` counts calendar days; the checks warn
that it is ambiguous.

A deadline is parsed once, when the spec is loaded; ``str(deadline)`` gives its canonical
text and ``parse(str(deadline)) == deadline``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

MAX_AMOUNT = 999
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PERIODS = (*WEEKDAYS, "day", "business day", "week", "month")


class Basis(StrEnum):
    """How a duration is counted."""

    BUSINESS = "business"
    CALENDAR = "calendar"


class Unit(StrEnum):
    """The unit of a duration."""

    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"

    @property
    def singular(self) -> str:
        return self.value[:-1]


class Direction(StrEnum):
    """Whether a deadline falls after or before its event."""

    AFTER = "after"
    BEFORE = "before"


class DeadlineSyntaxError(ValueError):
    """A deadline that does not follow the grammar. ``hint`` says how to write it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class OnDate:
    """A fixed date: ``2027-02-01``."""

    date: dt.date

    def __str__(self) -> str:
        return self.date.isoformat()


@dataclass(frozen=True)
class Within:
    """A duration, optionally relative to an event: ``5 business days after each draft``."""

    amount: int
    unit: Unit
    basis: Basis | None = None
    direction: Direction | None = None
    event: str | None = None

    @property
    def ambiguous(self) -> bool:
        """``days`` written with neither ``business`` nor ``calendar``."""
        return self.basis is None and self.unit is Unit.DAYS

    @property
    def business(self) -> bool:
        return self.basis is Basis.BUSINESS

    def __str__(self) -> str:
        unit = self.unit.singular if self.amount == 1 else self.unit.value
        words = [str(self.amount)]
        if self.basis is not None:
            words.append(self.basis.value)
        words.append(unit)
        if self.direction is not None and self.event is not None:
            words += [self.direction.value, self.event]
        return " ".join(words)


@dataclass(frozen=True)
class Every:
    """A recurrence: ``every friday``."""

    period: str

    @property
    def weekday(self) -> int | None:
        """0 for Monday ... 6 for Sunday, or None when the period is not a weekday."""
        return WEEKDAYS.index(self.period) if self.period in WEEKDAYS else None

    def __str__(self) -> str:
        return f"every {self.period}"


Deadline = OnDate | Within | Every

_DURATION = re.compile(
    r"(?:within\s+)?(?P<amount>[-+]?[0-9]+)\s+(?:(?P<basis>business|calendar|working)\s+)?"
    r"(?P<unit>[a-z]+)(?:\s+(?P<direction>after|before|from|of)(?:\s+(?P<event>.*))?)?",
    re.IGNORECASE,
)
_DATE = re.compile(r"(?:by\s+)?(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})")
_UNITS = {
    "hour": Unit.HOURS,
    "hours": Unit.HOURS,
    "day": Unit.DAYS,
    "days": Unit.DAYS,
    "week": Unit.WEEKS,
    "weeks": Unit.WEEKS,
    "month": Unit.MONTHS,
    "months": Unit.MONTHS,
}
_HOW = (
    "write a date (2027-02-01), a duration ('5 business days after each draft', "
    "'4 business hours after each request', '2 weeks before launch') "
    "or a recurrence ('every friday')"
)


def parse(text: str) -> Deadline:
    """Parse deadline text. Raises :class:`DeadlineSyntaxError` with a hint when it is not valid."""
    if not isinstance(text, str):
        raise DeadlineSyntaxError("a deadline must be text", _HOW)
    clean = " ".join(text.split())
    lowered = clean.lower()
    shown = clean if len(clean) <= 60 else clean[:59] + "…"
    if not clean:
        raise DeadlineSyntaxError("the deadline is empty", _HOW)

    if match := _DATE.fullmatch(lowered):
        try:
            return OnDate(dt.date.fromisoformat(match["date"]))
        except ValueError:
            raise DeadlineSyntaxError(
                f"'{match['date']}' is not a real date", "use an existing date as YYYY-MM-DD"
            ) from None

    if lowered.startswith("every"):
        period = lowered.removeprefix("every").strip()
        period = {"working day": "business day", "weekday": "business day"}.get(period, period)
        if period.endswith("s") and period[:-1] in WEEKDAYS:
            period = period[:-1]
        if period in PERIODS:
            return Every(period)
        raise DeadlineSyntaxError(
            f"'every {period[:40]}' is not a recurrence" if period else "'every' needs a period",
            "write 'every' followed by a weekday (every friday), 'day', 'business day', "
            "'week' or 'month'",
        )

    match = _DURATION.fullmatch(clean)
    if match is None:
        raise DeadlineSyntaxError(f"'{shown}' is not a deadline", _HOW)
    digits = match["amount"].lstrip("+-")
    amount = int(digits) if len(digits) <= 6 else MAX_AMOUNT + 1
    if match["amount"].startswith("-"):
        raise DeadlineSyntaxError(
            f"'{shown}' is negative",
            "write a positive number; to point back in time, use 'before': '5 days before launch'",
        )
    if amount == 0:
        raise DeadlineSyntaxError(
            "a deadline of zero is no deadline", "give at least 1, e.g. '1 business day'"
        )
    if amount > MAX_AMOUNT:
        raise DeadlineSyntaxError(
            f"{digits if len(digits) <= 12 else digits[:11] + '…'} is too large for a deadline "
            f"(at most {MAX_AMOUNT})",
            "use a larger unit (weeks or months) or a fixed date",
        )
    unit = _UNITS.get(match["unit"].lower())
    if unit is None:
        raise DeadlineSyntaxError(
            f"'{match['unit'][:40]}' is not a unit of time workagree understands",
            "use hours, days, weeks or months",
        )
    basis = None
    if match["basis"]:
        basis = Basis.CALENDAR if match["basis"].lower() == "calendar" else Basis.BUSINESS
    if basis is Basis.BUSINESS and unit is Unit.MONTHS:
        raise DeadlineSyntaxError(
            "'business months' has no clear meaning",
            "use business days or weeks, or calendar months",
        )
    direction = None
    event = None
    if match["direction"]:
        if match["direction"].lower() in ("from", "of"):
            raise DeadlineSyntaxError(
                f"'{match['direction']}' is not supported here",
                f"write 'after' or 'before': '{amount} {match['basis'] or ''} "
                f"{match['unit']} after ...'".replace("  ", " "),
            )
        direction = Direction(match["direction"].lower())
        if not match["event"]:
            raise DeadlineSyntaxError(
                f"'{direction.value}' needs an event",
                f"say what it is {direction.value}: a milestone id or text such as 'each draft'",
            )
        event = match["event"]  # as written (case and all), spaces normalised
    return Within(amount, unit, basis, direction, event)

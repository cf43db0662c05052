"""The response clock: business hours and business days counted from a moment in time.

Rules (docs/calendars.md says the same for users):

- Business time runs on each business day (see :mod:`.businessdays`: a working day
  that is neither a public holiday nor a closed day) from ``calendar.hours.start`` to
  ``calendar.hours.end``, on the wall clock of ``calendar.timezone``. A calendar
  without hours counts :data:`DEFAULT_HOURS`; one without a time zone counts in UTC
  (``validate`` warns about both when a deadline counts business hours).
- A business hour is an hour of wall-clock business time: 09:00-17:00 is eight business
  hours on every business day, also on the day the clocks change.
- Counting starts at the moment given if that is within business hours, or else at the
  next opening (a request at 18:00 on Friday is counted from 09:00 on Monday). A count
  that runs out exactly at closing time ends at closing time, not at the next opening.
- A moment given with an offset (``2027-03-30T14:00+00:00``) is converted into the
  agreement's time zone; one without an offset is the agreement's wall clock. A wall
  time that does not exist (in the hour skipped when clocks go forward) is moved forward
  by the length of the gap, as a clock would; one that happens twice (when clocks go
  back) is the first of the two, unless that would fall before the start of the count.

So ``add_business_hours(c, a, h1 + h2) == add_business_hours(c, add_business_hours(c, a,
h1), h2)`` and ``business_hours_between(c, a, add_business_hours(c, a, h)) == h``, except
where a result falls in a skipped hour (only when business hours span a clock change).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from decimal import Decimal
from typing import overload

from ..model.calendar import Calendar, Hours
from .businessdays import BusinessCalendar, DateOutOfRange, _add_months, moved
from .deadlines import Deadline, Direction, Unit, Within

DEFAULT_HOURS = Hours(dt.time(9), dt.time(17))
"""The business hours counted when a calendar names none."""

_MOMENT = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)
_FORMS = "write a date and time such as 2027-03-30T14:00, optionally with an offset (+01:00 or Z)"


class ClockError(ValueError):
    """A moment or deadline the response clock cannot count from. ``hint`` says what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def zone(calendar: Calendar) -> dt.tzinfo:
    """The agreement's time zone: ``calendar.timezone``, or UTC when it names none."""
    if calendar.timezone is None:
        return dt.UTC
    return zoneinfo.ZoneInfo(calendar.timezone)


def opening_hours(calendar: Calendar) -> Hours:
    """The business hours counted: ``calendar.hours``, or :data:`DEFAULT_HOURS`."""
    return calendar.hours or DEFAULT_HOURS


def in_zone(calendar: Calendar, moment: dt.datetime) -> dt.datetime:
    """``moment`` as an aware time in the agreement's zone.

    An aware moment is converted; a naive one is read as the zone's wall clock (a wall
    time in a skipped hour moves forward by the gap, one that happens twice is the first).
    """
    tz = zone(calendar)
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return moment.astimezone(tz)
    return _localize(moment, tz)


def _localize(
    wall: dt.datetime, tz: dt.tzinfo, not_before: dt.datetime | None = None
) -> dt.datetime:
    """The aware moment a wall-clock time means: the first of two in a repeated hour
    (the second where the first falls before ``not_before``), and a time in a skipped
    hour moved forward by the length of the gap (through UTC and back)."""
    first = wall.replace(tzinfo=tz, fold=0).astimezone(dt.UTC).astimezone(tz)
    # Compared in UTC: aware times in one zone compare by wall clock, folds unseen.
    if not_before is not None and _utc(first) < _utc(not_before):
        second = wall.replace(tzinfo=tz, fold=1).astimezone(dt.UTC).astimezone(tz)
        if _utc(second) >= _utc(not_before):
            return second
    return first


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def parse_moment(calendar: Calendar, text: str) -> dt.datetime:
    """``--from`` text as an aware moment in the agreement's zone.

    ``2027-03-30T14:00`` (the agreement's wall clock), ``2027-03-30 14:00``,
    ``2027-03-30T13:00Z`` or ``2027-03-30T15:00+02:00`` (converted), or a date alone
    (its midnight). Raises :class:`ClockError` for anything else.
    """
    clean = text.strip() if isinstance(text, str) else ""
    shown = clean if len(clean) <= 40 else clean[:39] + "…"
    match = _MOMENT.fullmatch(clean)
    if not clean:
        raise ClockError("the time is empty", _FORMS)
    if match is None:
        raise ClockError(f"'{shown}' is not a date and time", _FORMS)
    offset = match["offset"]
    if offset and offset.upper() != "Z" and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    iso = match["date"] + (f"T{match['time']}" if match["time"] else "") + (offset or "")
    try:
        moment = dt.datetime.fromisoformat(iso.replace("z", "Z"))
    except ValueError:
        raise ClockError(f"'{shown}' is not a real date and time", _FORMS) from None
    try:
        return in_zone(calendar, moment)
    except OverflowError:
        raise ClockError(f"'{shown}' is too close to the ends of the calendar", _FORMS) from None


def _wall(calendar: Calendar, moment: dt.datetime) -> dt.datetime:
    """The agreement's wall clock at ``moment``, as a naive datetime."""
    return in_zone(calendar, moment).replace(tzinfo=None, fold=0)


def _next_opening(business: BusinessCalendar, day: dt.date, span: Hours) -> dt.datetime:
    """The opening time of the first business day after ``day``."""
    day = moved(day, 1)
    while not business.is_business_day(day):
        day = moved(day, 1)
    return dt.datetime.combine(day, span.start)


def _counting_start(business: BusinessCalendar, wall: dt.datetime, span: Hours) -> dt.datetime:
    """The first moment of business time at or after ``wall`` (closing time included)."""
    day = wall.date()
    if business.is_business_day(day):
        if wall.time() < span.start:
            return dt.datetime.combine(day, span.start)
        if wall.time() <= span.end:
            return wall
    return _next_opening(business, day, span)


def _duration(amount: int | Decimal | dt.timedelta) -> dt.timedelta:
    if isinstance(amount, dt.timedelta):
        length = amount
    elif isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise TypeError(f"business hours must be an int, Decimal or timedelta, not {amount!r}")
    else:
        length = dt.timedelta(microseconds=int(Decimal(amount) * 3_600_000_000))
    if length < dt.timedelta(0):
        raise ValueError("business hours to add must not be negative")
    return length


def add_business_hours(
    calendar: Calendar, start: dt.datetime, hours: int | Decimal | dt.timedelta
) -> dt.datetime:
    """The moment ``hours`` business hours after ``start``, in the agreement's zone.

    ``start`` is aware (converted) or naive (the agreement's wall clock); counting begins
    at the next opening when it is outside business hours. ``hours`` is a whole number, a
    Decimal (``Decimal("1.5")``) or a timedelta of business time, never negative. Raises
    :class:`~.businessdays.DateOutOfRange` past 9999-12-31.
    """
    remaining = _duration(hours)
    span = opening_hours(calendar)
    business = BusinessCalendar(calendar)
    tz = zone(calendar)
    begin = in_zone(calendar, start)
    wall = _counting_start(business, begin.replace(tzinfo=None, fold=0), span)
    while True:
        closing = dt.datetime.combine(wall.date(), span.end)
        if remaining <= closing - wall:
            return _localize(wall + remaining, tz, not_before=begin)
        remaining -= closing - wall
        wall = _next_opening(business, wall.date(), span)


def business_hours_between(
    calendar: Calendar, start: dt.datetime, end: dt.datetime
) -> dt.timedelta:
    """The business time from ``start`` to ``end`` (negative when ``end`` comes first).

    Wall-clock business time, as :func:`add_business_hours` counts it:
    ``business_hours_between(c, a, add_business_hours(c, a, h))`` is ``h``. Divide by
    ``timedelta(hours=1)`` for a number of hours.
    """
    if _utc(in_zone(calendar, end)) < _utc(in_zone(calendar, start)):
        return -business_hours_between(calendar, end, start)
    span = opening_hours(calendar)
    business = BusinessCalendar(calendar)
    first, last = _wall(calendar, start), _wall(calendar, end)
    total = dt.timedelta(0)
    day = first.date()
    while day <= last.date():
        if business.is_business_day(day):
            low = max(first, dt.datetime.combine(day, span.start))
            high = min(last, dt.datetime.combine(day, span.end))
            if high > low:
                total += high - low
        if day == last.date():
            break
        day = moved(day, 1)
    return total


@overload
def add_business_days(calendar: Calendar, start: dt.datetime, days: int) -> dt.datetime: ...
@overload
def add_business_days(calendar: Calendar, start: dt.date, days: int) -> dt.date: ...
def add_business_days(calendar: Calendar, start: dt.date, days: int) -> dt.date:
    """``days`` business days after ``start`` (before it when negative).

    A date gives a date, counted as :meth:`.BusinessCalendar.shift` counts (the days after
    ``start``). A datetime gives the same wall-clock time on the day reached, in the
    agreement's zone (aware ``start`` is converted first).
    """
    business = BusinessCalendar(calendar)
    if not isinstance(start, dt.datetime):
        return business.shift(start, days, business=True)
    begin = in_zone(calendar, start)
    wall = begin.replace(tzinfo=None, fold=0)
    day = business.shift(wall.date(), days, business=True)
    return _localize(dt.datetime.combine(day, wall.time()), zone(calendar), not_before=None)


def counts_from_request(deadline: Deadline | None) -> bool:
    """Whether the response clock can count ``deadline`` from a moment: a duration that
    runs after an event (or after nothing), not a date, a recurrence or a "before"."""
    return isinstance(deadline, Within) and deadline.direction is not Direction.BEFORE


def due(calendar: Calendar, deadline: Within, start: dt.datetime) -> dt.datetime | dt.date:
    """When ``deadline`` (``4 business hours after each request``) falls, counted from
    ``start``, in the agreement's zone.

    Business hours give a moment (:func:`add_business_hours`); plain hours a moment that
    many hours of elapsed time later; days, weeks and months give the date of the day the
    answer is due on (business days and weeks skip what is not a business day, as the
    documents count them). Raises :class:`ClockError` for a deadline that does not run
    from a moment and :class:`~.businessdays.DateOutOfRange` past either end of the
    calendar.
    """
    if not counts_from_request(deadline):
        raise ClockError(
            f"the deadline '{deadline}' is not counted from a request",
            "only durations after an event count from a time, "
            "such as '4 business hours after each request'",
        )
    begin = in_zone(calendar, start)
    if deadline.unit is Unit.HOURS:
        if deadline.business:
            return add_business_hours(calendar, begin, deadline.amount)
        try:
            return (begin.astimezone(dt.UTC) + dt.timedelta(hours=deadline.amount)).astimezone(
                begin.tzinfo
            )
        except OverflowError:
            raise DateOutOfRange(after=True) from None
    day = begin.date()
    if deadline.unit is Unit.MONTHS:
        return _add_months(day, deadline.amount)
    days = deadline.amount
    if deadline.unit is Unit.WEEKS:
        days *= len(calendar.workdays) if deadline.business else 7
    if deadline.business:
        return add_business_days(calendar, day, days)
    return moved(day, days)

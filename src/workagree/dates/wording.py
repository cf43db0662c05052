"""Deadlines, due dates and business time in words, in the document's language.

>>> from workagree.model import Calendar
>>> business_time(Calendar(hours="09:00-17:00", timezone="Europe/Copenhagen"))
'09:00–17:00 Europe/Copenhagen, Monday to Friday'

The user's own words (events such as ``each draft``) are kept as written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..i18n import format_date, format_list, translate, translate_plural, weekday_names
from ..model import Agreement
from ..model.calendar import WEEKDAY_ORDER, Calendar, Weekday
from . import deadlines
from .businessdays import due_date
from .deadlines import Basis, Unit


def _run_start(days: list[int]) -> int | None:
    """Where a run of consecutive days starts (counting Sunday→Monday as consecutive)."""
    starts = [i for i in days if (i - 1) % 7 not in days]
    return starts[0] if len(starts) == 1 else None


def working_week(workdays: list[Weekday], locale: str = "en") -> str:
    """``Monday to Friday``, ``Sunday to Thursday``, ``Monday, Wednesday and Friday``."""
    days = sorted({WEEKDAY_ORDER.index(day) for day in workdays})
    if not days:
        raise ValueError("a working week has at least one day")
    if len(days) == 7:
        return translate(locale, "every day of the week")
    names = weekday_names(locale)
    start = _run_start(days)
    if len(days) >= 3 and start is not None:
        last = names[(start + len(days) - 1) % 7]
        return translate(locale, "%(first)s to %(last)s", first=names[start], last=last)
    return format_list([names[day] for day in days], locale)


def business_time(calendar: Calendar, locale: str = "en") -> str:
    """When business hours run: ``09:00–17:00 Europe/Copenhagen, Monday to Friday``.

    Without ``hours`` only the working week is given (with the time zone, if any).
    """
    week = working_week(calendar.workdays, locale)
    if calendar.hours is None:
        if calendar.timezone:
            return translate(locale, "%(week)s, %(zone)s time", week=week, zone=calendar.timezone)
        return week
    span = f"{calendar.hours.start:%H:%M}–{calendar.hours.end:%H:%M}"
    if calendar.timezone:
        span += f" {calendar.timezone}"
    return f"{span}, {week}"


def amount(deadline: deadlines.Within, locale: str = "en") -> str:
    """``5 business days``, ``1 рабочий день``, ``2 Wochen``: the plural form ``locale`` needs."""
    n, business = deadline.amount, deadline.basis is Basis.BUSINESS
    calendar_days = deadline.basis is Basis.CALENDAR
    if deadline.unit is Unit.HOURS and business:
        return translate_plural(locale, "%(num)d business hour", "%(num)d business hours", n)
    if deadline.unit is Unit.HOURS:
        return translate_plural(locale, "%(num)d hour", "%(num)d hours", n)
    if deadline.unit is Unit.DAYS and business:
        return translate_plural(locale, "%(num)d business day", "%(num)d business days", n)
    if deadline.unit is Unit.DAYS and calendar_days:
        return translate_plural(locale, "%(num)d calendar day", "%(num)d calendar days", n)
    if deadline.unit is Unit.DAYS:
        return translate_plural(locale, "%(num)d day", "%(num)d days", n)
    if deadline.unit is Unit.WEEKS and business:
        return translate_plural(locale, "%(num)d business week", "%(num)d business weeks", n)
    if deadline.unit is Unit.WEEKS:
        return translate_plural(locale, "%(num)d week", "%(num)d weeks", n)
    return translate_plural(locale, "%(num)d month", "%(num)d months", n)


def duration(deadline: deadlines.Within, calendar: Calendar, locale: str = "en") -> str:
    """The amount of a deadline, explained for business hours:
    ``4 business hours (09:00–17:00 Europe/Copenhagen, Monday to Friday)``.
    """
    words = amount(deadline, locale)
    if deadline.business and deadline.unit is Unit.HOURS:
        words += f" ({business_time(calendar, locale)})"
    return words


def recurrence(every: deadlines.Every, locale: str = "en") -> str:
    """``every Friday``, ``hver fredag``, ``каждую пятницу``."""
    return {
        "monday": lambda: translate(locale, "every Monday"),
        "tuesday": lambda: translate(locale, "every Tuesday"),
        "wednesday": lambda: translate(locale, "every Wednesday"),
        "thursday": lambda: translate(locale, "every Thursday"),
        "friday": lambda: translate(locale, "every Friday"),
        "saturday": lambda: translate(locale, "every Saturday"),
        "sunday": lambda: translate(locale, "every Sunday"),
        "day": lambda: translate(locale, "every day"),
        "business day": lambda: translate(locale, "every business day"),
        "week": lambda: translate(locale, "every week"),
        "month": lambda: translate(locale, "every month"),
    }[every.period]()


def by_date(day: dt.date, locale: str = "en") -> str:
    """``by 8 March 2027``, ``senest 8. marts 2027``."""
    return translate(locale, "by %(date)s", date=format_date(day, locale))


def describe(deadline: deadlines.Deadline, calendar: Calendar, locale: str = "en") -> str:
    """A deadline in words, business hours explained:
    ``4 business hours (09:00–17:00 Europe/Copenhagen, Monday to Friday) after each request``.
    """
    if isinstance(deadline, deadlines.OnDate):
        return by_date(deadline.date, locale)
    if isinstance(deadline, deadlines.Every):
        return recurrence(deadline, locale)
    words = duration(deadline, calendar, locale)
    if deadline.direction is deadlines.Direction.AFTER and deadline.event is not None:
        return translate(
            locale, "%(duration)s after %(event)s", duration=words, event=deadline.event
        )
    if deadline.direction is deadlines.Direction.BEFORE and deadline.event is not None:
        return translate(
            locale, "%(duration)s before %(event)s", duration=words, event=deadline.event
        )
    return words


# Languages that write nouns with a capital letter mid-sentence: milestone names stay as written.
CAPITALISED_NOUNS = frozenset({"de"})


def milestone_name(agreement: Agreement, event: str, locale: str) -> str:
    """The event a deadline refers to, in the agreement's own words: a milestone id
    (``kickoff``) becomes what happens then (``kick-off call``), with its first letter
    in lower case (except in languages that capitalise nouns); other events stay as written.
    """
    milestone = agreement.milestone(event)
    if milestone is None:
        return event
    what = milestone.what
    if locale in CAPITALISED_NOUNS or what[1:2].isupper():  # keep "QA sign-off", "API freeze"
        return what
    return what[:1].lower() + what[1:]


def describe_with_date(
    agreement: Agreement,
    deadline: deadlines.Deadline,
    locale: str | None = None,
    *,
    milestone_names: bool = False,
) -> str:
    """The deadline in words, with its date where it has one:
    ``5 business days before launch — by 8 March 2027``. ``locale`` defaults to the agreement's.

    With ``milestone_names``, a milestone id is written as the milestone's description:
    ``5 business days before campaign goes live — by 8 March 2027``.
    """
    locale = locale or agreement.locale
    words_for = deadline
    if milestone_names and isinstance(deadline, deadlines.Within) and deadline.event:
        named = milestone_name(agreement, deadline.event, locale)
        words_for = dataclasses.replace(deadline, event=named)
    words = describe(words_for, agreement.calendar, locale)
    day = due_date(agreement, deadline)
    if day is None or isinstance(deadline, deadlines.OnDate):
        return words
    return f"{words} — {by_date(day, locale)}"

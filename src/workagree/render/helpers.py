"""What templates get besides the model: dates and deadlines in words, escaping, labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .. import deadlines
from ..businessdays import due_date
from ..model import Agreement, Party, Responsibility
from .i18n import translations


def format_date(day: dt.date, locale: str) -> str:
    """A date written out in the document's language: ``January 11, 2027``."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, "long", locale=locale))


def consequence_label(consequence_id: str) -> str:
    """A consequence id as a short label: ``restart-fee`` → ``Restart fee``."""
    words = consequence_id.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _duration(deadline: deadlines.Within, ngettext: Callable[[str, str, int], str]) -> str:
    n = deadline.amount
    business = deadline.basis is deadlines.Basis.BUSINESS
    calendar = deadline.basis is deadlines.Basis.CALENDAR
    unit = deadline.unit
    if unit is deadlines.Unit.HOURS:
        forms = ("%(n)d business hour", "%(n)d business hours") if business else None
        forms = forms or (("%(n)d hour", "%(n)d hours"))
    elif unit is deadlines.Unit.DAYS:
        forms = ("%(n)d business day", "%(n)d business days") if business else None
        forms = forms or (
            ("%(n)d calendar day", "%(n)d calendar days")
            if calendar
            else ("%(n)d day", "%(n)d days")
        )
    elif unit is deadlines.Unit.WEEKS:
        forms = ("%(n)d business week", "%(n)d business weeks") if business else None
        forms = forms or (("%(n)d week", "%(n)d weeks"))
    else:
        forms = ("%(n)d month", "%(n)d months")
    return ngettext(forms[0], forms[1], n) % {"n": n}


_EVERY = {
    "monday": "every Monday",
    "tuesday": "every Tuesday",
    "wednesday": "every Wednesday",
    "thursday": "every Thursday",
    "friday": "every Friday",
    "saturday": "every Saturday",
    "sunday": "every Sunday",
    "day": "every day",
    "business day": "every business day",
    "week": "every week",
    "month": "every month",
}


def _event(agreement: Agreement, event: str) -> str:
    milestone = agreement.milestone(event)
    return milestone.what[:1].lower() + milestone.what[1:] if milestone else event


def deadline_words(agreement: Agreement, deadline: deadlines.Deadline | None) -> str:
    """The deadline as a phrase: ``within 5 business days after each draft``,
    ``2 business days before campaign goes live — by March 11, 2027``."""
    t = translations(agreement.locale)
    locale = agreement.locale
    if deadline is None:
        return t.gettext("no fixed deadline")
    if isinstance(deadline, deadlines.OnDate):
        return t.gettext("by %(date)s") % {"date": format_date(deadline.date, locale)}
    if isinstance(deadline, deadlines.Every):
        return t.gettext(_EVERY[deadline.period])
    duration = _duration(deadline, t.ngettext)
    if deadline.direction is None or deadline.event is None:
        phrase = t.gettext("within %(duration)s") % {"duration": duration}
    elif deadline.direction is deadlines.Direction.BEFORE:
        phrase = t.gettext("%(duration)s before %(event)s") % {
            "duration": duration,
            "event": _event(agreement, deadline.event),
        }
    else:
        phrase = t.gettext("within %(duration)s after %(event)s") % {
            "duration": duration,
            "event": _event(agreement, deadline.event),
        }
    due = due_date(agreement, deadline)
    if due is not None:
        phrase = t.gettext("%(phrase)s — by %(date)s") % {
            "phrase": phrase,
            "date": format_date(due, locale),
        }
    return phrase


@dataclass(frozen=True)
class Side:
    """One party with its id and what it owes, in spec order."""

    id: str
    party: Party
    responsibilities: list[Responsibility]


def sides(agreement: Agreement) -> list[Side]:
    """The parties, providers first, each with its responsibilities."""
    ordered = agreement.providers() + [
        pid for pid in agreement.parties if pid not in agreement.providers()
    ]
    return [
        Side(pid, agreement.parties[pid], agreement.responsibilities_of(pid)) for pid in ordered
    ]


def used_consequences(agreement: Agreement) -> list[tuple[str, str]]:
    """``(id, text)`` of every consequence some responsibility refers to, in first-use order."""
    seen: dict[str, str] = {}
    for side in sides(agreement):
        for item in side.responsibilities:
            for cid in item.if_missed:
                if cid in agreement.consequences and cid not in seen:
                    seen[cid] = agreement.consequences[cid]
    return list(seen.items())


def provider_names(agreement: Agreement) -> str:
    return ", ".join(agreement.parties[pid].name for pid in agreement.providers())

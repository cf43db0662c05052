"""`workagree due` output: when a reply is due, for people (text) or programs (JSON).

>>> print(to_text(reply))  # doctest: +SKIP
acknowledge: Confirm each request and say when a full answer follows
Owed by: Northwind Studio
Deadline: 4 business hours (09:00–17:00 Europe/Copenhagen, Monday to Friday) after each request
Received: Wednesday, 24 March 2027, 15:00 (Europe/Copenhagen)
Due: Tuesday, 30 March 2027, 11:00 (Europe/Copenhagen)
"""

from __future__ import annotations

import datetime as dt
import json

from ..dates.replies import Reply
from ..dates.wording import describe
from ..i18n import format_datetime, format_weekday_date, translate


def when(moment: dt.datetime | dt.date, zone: str, locale: str) -> str:
    """``Tuesday, 30 March 2027, 11:00 (Europe/Copenhagen)``, or the day alone for a date."""
    if isinstance(moment, dt.datetime):
        return f"{format_datetime(moment, locale)} ({zone})"
    return format_weekday_date(moment, locale)


def to_text(reply: Reply, locale: str | None = None) -> str:
    """The reply due, in the agreement's language (or ``locale``), one fact a line."""
    locale = locale or reply.agreement.locale
    item = reply.responsibility
    owner = reply.agreement.parties[item.owner].name
    deadline = describe(reply.deadline, reply.agreement.calendar, locale)
    lines = [
        f"{item.id}: {item.what}",
        translate(locale, "Owed by: %(party)s", party=owner),
        translate(locale, "Deadline: %(deadline)s", deadline=deadline),
        translate(locale, "Received: %(when)s", when=when(reply.received, reply.timezone, locale)),
        translate(locale, "Due: %(when)s", when=when(reply.due, reply.timezone, locale)),
    ]
    return "".join(f"{line}\n" for line in lines)


def to_json(reply: Reply) -> str:
    """The reply due as JSON (see :meth:`Reply.as_dict`), ending in a newline."""
    return json.dumps(reply.as_dict(), ensure_ascii=False, indent=2) + "\n"

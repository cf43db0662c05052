"""The schedule with the log: each logged event gives its deadline a date.

``5 business days after each draft`` has no date in the agreement alone; once the
log says a draft went out on 20 January, that draft's feedback is due on a day, and
the schedule (text, JSON and the calendar file) lists it there. The result does not
depend on the clock: the same spec and log give the same schedule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..dates.schedule import Entry, Kind, Schedule
from ..i18n import translate
from ..model import Agreement
from .model import Log
from .names import event_key
from .occurrences import event_deadlines
from .state import day_of


def _when(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return value.isoformat()


def with_log(agreement: Agreement, schedule: Schedule, log: Log) -> Schedule:
    """``schedule`` with one dated entry per logged event of each event-relative deadline;
    such a deadline stays among the undated ones only while no event of it is logged."""
    undated = {entry.id: entry for entry in schedule.undated}
    added: list[Entry] = []
    dated_ids: set[str] = set()
    for item, number, trigger, due, _ in event_deadlines(agreement, log):
        template = undated.get(item.id)
        if template is None:
            continue
        dated_ids.add(item.id)
        words = translate(
            agreement.locale,
            "%(deadline)s; logged: %(event)s on %(date)s",
            deadline=template.words or "",
            event=event_key(str(getattr(item.deadline, "event", ""))).replace("-", " "),
            date=_when(trigger),
        )
        if isinstance(due, dt.datetime):
            words += f" ({_when(due)})"
        added.append(
            dataclasses.replace(template, date=day_of(due), id=f"{item.id}-{number}", words=words)
        )
    order = {entry.id: index for index, entry in enumerate(schedule.entries)}
    merged = sorted(
        [*schedule.entries, *added],
        key=lambda e: (
            e.date or dt.date.max,
            e.kind is not Kind.MILESTONE,
            order.get(e.id, len(order)),
        ),
    )
    return dataclasses.replace(
        schedule,
        entries=tuple(merged),
        undated=tuple(e for e in schedule.undated if e.id not in dated_ids),
    )

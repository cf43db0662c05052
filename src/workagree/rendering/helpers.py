"""What templates get besides the model and :mod:`workagree.dates.wording`: sides, labels, names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..dates import deadlines
from ..dates.businessdays import due_date
from ..dates.wording import describe_with_date
from ..i18n import format_date, translate
from ..model import Agreement, Milestone, Party, Responsibility


def consequence_label(consequence_id: str) -> str:
    """A consequence id as a short label: ``restart-fee`` → ``Restart fee``."""
    words = consequence_id.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def deadline_words(agreement: Agreement, deadline: deadlines.Deadline | None, locale: str) -> str:
    """The deadline in the document's language, milestones by name, with its date where
    it has one (``5 business days before campaign goes live — by 8 March 2027``);
    a responsibility without a deadline says so."""
    if deadline is None:
        return translate(locale, "no fixed deadline")
    return describe_with_date(agreement, deadline, locale, milestone_names=True)


def unbroken_date(
    agreement: Agreement, deadline: deadlines.Deadline | None, words: str, locale: str
) -> Markup:
    """``words`` as HTML with the deadline's date held on one line (``&nbsp;``):
    ``bis zum 17. Februar`` / ``2027`` split over two lines reads badly."""
    html = escape(words)
    if deadline is None:
        return html
    day = deadline.date if isinstance(deadline, deadlines.OnDate) else due_date(agreement, deadline)
    if day is None:
        return html
    written = escape(format_date(day, locale))
    return Markup(html.replace(written, Markup(written.replace(" ", Markup("&nbsp;")))))


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


def kept_day(agreement: Agreement, milestone: Milestone) -> tuple[dt.date, str | None]:
    """The day a milestone is kept on, and why it moved there (``Christmas Day``) if it did:
    a milestone on a public holiday, a closed day or outside the working week is kept on
    the next business day, in the document as in the schedule (docs/calendars.md)."""
    from ..dates.businessdays import BusinessCalendar, DateOutOfRange
    from ..dates.schedule import on_business_day

    counter = BusinessCalendar(agreement.calendar)
    try:
        kept = on_business_day(None, milestone.date, counter)
    except DateOutOfRange:  # validate reports it; the written date stands
        return milestone.date, None
    return kept, (counter.why_not_business_day(milestone.date) if kept != milestone.date else None)


def moved_note(agreement: Agreement, milestone: Milestone, locale: str) -> str:
    """``Moved from 25 December 2026 (Christmas Day) to the next business day``, or ``""``."""
    kept, why = kept_day(agreement, milestone)
    if kept == milestone.date:
        return ""
    return translate(
        locale,
        "Moved from %(date)s (%(reason)s) to the next business day",
        date=format_date(milestone.date, locale),
        reason=why or "",
    )

"""A courteous notice about a late or soon-due responsibility, in the agreement's language.

It quotes what was agreed (the responsibility, the agreement's version and
fingerprint), says when it was due and how late it is, which consequence now
applies, and what happens next. Text, Markdown, or an ``.eml`` draft built with the
standard library's ``email`` package; nothing is sent, and no address is invented:
a party's ``contact`` is used only when it is an e-mail address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr

from ..dates.wording import describe
from ..errors import WorkagreeError
from ..i18n import format_date, translate, translate_plural
from ..model import Agreement
from .state import Item, State, Status, day_of

_ADDRESS = re.compile(r"[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class Notice:
    """A drafted notice: who it is from and to, its subject and its paragraphs."""

    sender: str  # party id
    recipient: str
    subject: str
    greeting: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: str
    locale: str


def pick(status: Status, responsibility: str) -> Item:
    """The occurrence to write about: the earliest overdue, else the next one due."""
    items = status.item(responsibility)
    for state in (State.OVERDUE, State.DUE):
        found = [i for i in items if i.state is state and i.due is not None]
        if found:
            return min(found, key=lambda i: day_of(i.due) if i.due is not None else status.today)
    shown = ", ".join(sorted({str(i.state) for i in items})) or "no deadline"
    raise WorkagreeError.single(
        responsibility,
        f"nothing to write about: '{responsibility}' is not overdue or due ({shown})",
        "nothing-due",
        hint="`workagree status` shows what is due and overdue",
    )


def _date(value: object, locale: str) -> str:
    return format_date(day_of(value), locale)  # type: ignore[arg-type]


def draft(agreement: Agreement, status: Status, responsibility: str) -> Notice:
    """The notice about ``responsibility`` (an id), from the other side to its owner."""
    locale = agreement.locale
    item = pick(status, responsibility)
    owner = agreement.parties[item.owner]
    others = [pid for pid, p in agreement.parties.items() if p.role != owner.role]
    sender = others[0] if others else next(p for p in agreement.parties if p != item.owner)
    rule = next(r for r in agreement.responsibilities if r.id == item.id)
    deadline = describe(rule.deadline, agreement.calendar, locale) if rule.deadline else ""
    values = {
        "project": agreement.project,
        "fingerprint": agreement.fingerprint,
        "owner": owner.name,
        "what": item.what,
        "deadline": deadline,
    }
    if agreement.version:
        agreed = translate(
            locale,
            "Under our agreement “%(project)s” (version %(version)s, fingerprint "
            "%(fingerprint)s), %(owner)s agreed to: %(what)s, %(deadline)s.",
            version=agreement.version,
            **values,
        )
    else:
        agreed = translate(
            locale,
            "Under our agreement “%(project)s” (fingerprint %(fingerprint)s), %(owner)s "
            "agreed to: %(what)s, %(deadline)s.",
            **values,
        )
    due = _date(item.due, locale)
    paragraphs = [agreed]
    if item.state is State.OVERDUE:
        subject = translate(
            locale, "%(project)s: overdue: %(what)s", project=agreement.project, what=item.what
        )
        paragraphs.append(
            translate_plural(
                locale,
                "This was due on %(date)s and is now %(num)d business day late.",
                "This was due on %(date)s and is now %(num)d business days late.",
                item.late_business_days,
                date=due,
            )
        )
        paragraphs += [
            translate(locale, "As agreed, this now applies: %(consequence)s", consequence=a.text)
            for a in item.applies
        ]
        moved = [m for m in status.milestones if m.expected != m.planned and m.actual is None]
        paragraphs += [
            translate(
                locale,
                "%(milestone)s is now expected on %(date)s instead of %(planned)s.",
                milestone=m.what,
                date=format_date(m.expected, locale),
                planned=format_date(m.planned, locale),
            )
            for m in moved
        ]
        paragraphs.append(
            translate(
                locale,
                "Please let us know when we can expect it, or tell us if something stands "
                "in the way.",
            )
        )
    else:
        subject = translate(
            locale,
            "%(project)s: due on %(date)s: %(what)s",
            project=agreement.project,
            what=item.what,
            date=due,
        )
        paragraphs.append(translate(locale, "This is due on %(date)s.", date=due))
        paragraphs += [
            translate(
                locale,
                "If it is not done by then, this applies: %(consequence)s",
                consequence=agreement.consequences[cid],
            )
            for cid in rule.if_missed
            if cid in agreement.consequences
        ]
        paragraphs.append(translate(locale, "Please tell us if something stands in the way."))
    return Notice(
        sender=sender,
        recipient=item.owner,
        subject=subject,
        greeting=translate(locale, "Dear %(name)s,", name=owner.name),
        paragraphs=tuple(paragraphs),
        closing=translate(locale, "Kind regards,"),
        signature=agreement.parties[sender].name,
        locale=locale,
    )


def to_text(notice: Notice) -> str:
    body = [notice.greeting, "", *(p for para in notice.paragraphs for p in (para, ""))]
    return "\n".join([notice.subject, "", *body, notice.closing, notice.signature]) + "\n"


def _md(text: str) -> str:
    out = text
    for char in "\\`*_[]<>#!|~":
        out = out.replace(char, "\\" + char)
    return out


def to_markdown(notice: Notice) -> str:
    body = [_md(notice.greeting), ""]
    for paragraph in notice.paragraphs:
        body += [_md(paragraph), ""]
    lines = [f"**{_md(notice.subject)}**", "", *body, _md(notice.closing), _md(notice.signature)]
    return "\n".join(lines) + "\n"


def _header(text: str) -> str:
    """Header text on one line: a line break in a header would start another header."""
    return " ".join(text.split())


def _address(agreement: Agreement, party: str) -> str:
    who = agreement.parties[party]
    found = _ADDRESS.search(who.contact or "")
    return formataddr((_header(who.name), found.group())) if found else ""


def to_eml(agreement: Agreement, notice: Notice) -> bytes:
    """An unsent e-mail draft (RFC 5322): To and From only from the parties' e-mail
    addresses, left empty when a party has none."""
    message = EmailMessage()
    message["Subject"] = _header(notice.subject)
    message["From"] = _address(agreement, notice.sender)
    message["To"] = _address(agreement, notice.recipient)
    message["X-Unsent"] = "1"  # opens as a draft in mail apps that know it
    message.set_content(to_text(notice).split("\n", 2)[2])
    return message.as_bytes()

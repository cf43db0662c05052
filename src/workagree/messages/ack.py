"""The acknowledgement an agreement promises: "we have your request; you will hear from us by…".

Drafted from a :class:`~workagree.dates.replies.Reply`, in the agreement's language, as
plain text, Markdown (the user's words escaped) or an unsent e-mail (``.eml``, built
with the standard library's :mod:`email` package: never sent, nothing reaches out).
The sender is the party that owes the reply; the other parties are addressed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dates.deadlines import Direction
from ..dates.replies import Reply
from ..dates.wording import amount
from ..i18n import format_list, translate
from .due import when


@dataclass(frozen=True)
class Draft:
    """The parts of an acknowledgement, each already in the agreement's language."""

    subject: str
    greeting: str
    paragraphs: tuple[str, ...]
    closing: str
    sender: str


def _deadline(reply: Reply, locale: str) -> str:
    words = amount(reply.deadline, locale)
    if reply.deadline.direction is Direction.AFTER and reply.deadline.event is not None:
        return translate(
            locale, "%(duration)s after %(event)s", duration=words, event=reply.deadline.event
        )
    return words


def _recipients(reply: Reply) -> list[str]:
    owner = reply.responsibility.owner
    return [pid for pid in reply.agreement.parties if pid != owner]


def draft(reply: Reply, locale: str | None = None) -> Draft:
    """The acknowledgement of ``reply``'s request, in the agreement's language (or ``locale``)."""
    locale = locale or reply.agreement.locale
    agreement = reply.agreement
    names = [agreement.parties[pid].name for pid in _recipients(reply)]
    zone = reply.timezone
    return Draft(
        subject=translate(locale, "We have your request (%(project)s)", project=agreement.project),
        greeting=translate(locale, "Hello %(name)s,", name=format_list(names, locale)),
        paragraphs=(
            translate(
                locale,
                "We have your request of %(received)s. You will hear from us by %(due)s.",
                received=when(reply.received, zone, locale),
                due=when(reply.due, zone, locale),
            ),
            translate(
                locale,
                "As agreed: “%(what)s” (%(deadline)s).",
                what=reply.responsibility.what,
                deadline=_deadline(reply, locale),
            ),
        ),
        closing=translate(locale, "Kind regards,"),
        sender=agreement.parties[reply.responsibility.owner].name,
    )


def _body(parts: Draft) -> list[str]:
    return [parts.greeting, "", *"\n\n".join(parts.paragraphs).split("\n"), "", parts.closing]


def to_text(reply: Reply, locale: str | None = None) -> str:
    """The acknowledgement as plain text, its subject on the first line."""
    locale = locale or reply.agreement.locale
    parts = draft(reply, locale)
    lines = [
        translate(locale, "Subject: %(subject)s", subject=parts.subject),
        "",
        *_body(parts),
        parts.sender,
    ]
    return "".join(f"{line}\n" for line in lines)


def to_markdown(reply: Reply, locale: str | None = None) -> str:
    """The acknowledgement as Markdown: the subject in bold, every line literal text."""
    from ..rendering.markup import md_escape

    parts = draft(reply, locale)
    lines = [f"**{md_escape(parts.subject)}**", ""]
    lines += [md_escape(line) if line else "" for line in _body(parts)]
    lines[-1] += "  "  # a line break between the closing and the sender
    lines.append(md_escape(parts.sender))
    return "".join(f"{line}\n" for line in lines)


def _address(name: str, contact: str | None) -> object | None:
    """``name <contact>`` when ``contact`` is an e-mail address, else None."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    if contact is None or contact.count("@") != 1 or any(c.isspace() for c in contact):
        return None
    try:
        address = Address(display_name=name, addr_spec=contact)
        str(address)  # checks that it can be written as a header
    except (ValueError, IndexError, HeaderParseError):
        return None
    return address


def to_eml(reply: Reply, locale: str | None = None) -> bytes:
    """The acknowledgement as an unsent e-mail (``X-Unsent: 1``) to open in a mail program.

    From is the party that owes the reply, To the others, where their ``contact`` is an
    e-mail address. No Date or Message-ID: the same reply gives the same bytes.
    """
    from email.message import EmailMessage
    from email.policy import SMTP

    parts = draft(reply, locale)
    agreement = reply.agreement
    message = EmailMessage(policy=SMTP)
    owner = agreement.parties[reply.responsibility.owner]
    sender = _address(owner.name, owner.contact)
    if sender is not None:
        message["From"] = sender
    recipients = [
        address
        for pid in _recipients(reply)
        if (address := _address(agreement.parties[pid].name, agreement.parties[pid].contact))
    ]
    if recipients:
        message["To"] = recipients
    message["Subject"] = parts.subject
    message["X-Unsent"] = "1"
    body = "".join(f"{line}\n" for line in [*_body(parts), parts.sender])
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    return message.as_bytes()

"""The names a log entry can use: responsibilities, milestones, and the events of
"after each EVENT" deadlines (``each draft`` is logged as ``draft``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..dates import deadlines
from ..dates.businessdays import START_EVENTS
from ..model import Agreement

_ARTICLES = ("each ", "every ", "the ", "a ", "an ")

Kind = Literal["responsibility", "milestone", "event"]


@dataclass(frozen=True)
class Target:
    """Something a log entry can name: a responsibility, a milestone or an event."""

    kind: Kind
    id: str  # the responsibility or milestone id, or the event as the deadline writes it


def log_path(spec: Path) -> Path:
    """``agreement.log.yaml`` beside ``agreement.yaml``."""
    stem = spec.name.removesuffix(".yaml").removesuffix(".yml") if spec.suffix else spec.name
    return spec.with_name(f"{stem}.log.yaml")


def event_key(text: str) -> str:
    """The short name of an event: ``each draft`` → ``draft``, ``the invoice date`` →
    ``invoice-date``."""
    words = " ".join(text.casefold().split())
    for article in _ARTICLES:
        if words.startswith(article) and len(words) > len(article):
            words = words[len(article) :]
            break
    return words.replace(" ", "-")


def event_of(agreement: Agreement, deadline: deadlines.Deadline | None) -> str | None:
    """The event a deadline counts from, when it happens in the project (not a milestone,
    not the effective date): ``each draft`` for ``5 business days after each draft``."""
    if not isinstance(deadline, deadlines.Within) or deadline.event is None:
        return None
    if agreement.milestone(deadline.event) is not None:
        return None
    if deadline.event.lower() in START_EVENTS:
        return None
    return deadline.event


def targets(agreement: Agreement) -> dict[str, Target]:
    """Every name a log entry may use, to what it names. Responsibilities win a clash,
    then milestones, then events."""
    found: dict[str, Target] = {}
    for item in agreement.responsibilities:
        event = event_of(agreement, item.deadline)
        if event is not None:
            found.setdefault(event_key(event), Target("event", event))
    for milestone in agreement.milestones:
        found[milestone.id] = Target("milestone", milestone.id)
    for item in agreement.responsibilities:
        found[item.id] = Target("responsibility", item.id)
    return found


def resolve(agreement: Agreement, what: str) -> tuple[str, Target] | None:
    """The name a log entry is written with, and what it names; None if nothing."""
    known = targets(agreement)
    for name in (what.strip(), event_key(what)):
        if name in known:
            return name, known[name]
    return None


def describe_targets(agreement: Agreement) -> str:
    known = targets(agreement)
    parts = []
    for kind, label in (
        ("responsibility", "responsibilities"),
        ("milestone", "milestones"),
        ("event", "events"),
    ):
        names = [name for name, target in known.items() if target.kind == kind]
        if names:
            parts.append(f"{label}: {', '.join(names)}")
    return "; ".join(parts)

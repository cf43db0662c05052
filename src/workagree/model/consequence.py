"""A consequence: what happens when a responsibility is missed.

Written as plain text, or as a mapping that also says how it acts once the
agreement is tracked (``workagree status``)::

    consequences:
      credit: The next invoice is reduced by 5%.
      pause:
        text: The project goes on hold and the schedule moves back day for day.
        moves_schedule: true
      restart-fee:
        text: A pause of more than 10 business days costs one day of work to restart.
        after_business_days: 10

A :class:`Consequence` *is* its text (a ``str``), so documents, diffs and the schedule
read it as they read plain text; the two rules ride along as attributes.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..errors import did_you_mean
from . import patterns

MAX_TEXT = 400
MAX_GRACE = 999
KEYS = ("text", "moves_schedule", "after_business_days")


class Consequence(str):
    """The text of a consequence, with how it acts on a tracked schedule."""

    moves_schedule: bool
    after_business_days: int

    def __new__(
        cls, text: str, *, moves_schedule: bool = False, after_business_days: int = 0
    ) -> Consequence:
        value = super().__new__(cls, text)
        value.moves_schedule = moves_schedule
        value.after_business_days = after_business_days
        return value

    @property
    def text(self) -> str:
        return str.__str__(self)

    def applies(self, late: bool, late_business_days: int) -> bool:
        """Whether it applies to something late by ``late_business_days`` business days."""
        if not late:
            return False
        return self.after_business_days == 0 or late_business_days > self.after_business_days

    def as_data(self) -> str | dict[str, Any]:
        """Plain text when it has no rules (so existing specs keep their fingerprint)."""
        if not self.moves_schedule and not self.after_business_days:
            return self.text
        data: dict[str, Any] = {"text": self.text}
        if self.moves_schedule:
            data["moves_schedule"] = True
        if self.after_business_days:
            data["after_business_days"] = self.after_business_days
        return data

    def __reduce__(self) -> Any:
        return (_rebuild, (self.text, self.moves_schedule, self.after_business_days))


def _rebuild(text: str, moves: bool, grace: int) -> Consequence:
    return Consequence(text, moves_schedule=moves, after_business_days=grace)


def _text(value: Any, field: str | None) -> str:
    ctx: dict[str, Any] = {"field": field} if field else {}
    if not isinstance(value, str):
        raise PydanticCustomError(
            "consequence",
            "a consequence is text, or a mapping with 'text'",
            {
                **ctx,
                "hint": "write the consequence as one sentence, e.g. "
                "pause: The project goes on hold.",
            },
        )
    text = value.strip()
    if not text:
        raise PydanticCustomError(
            "consequence", "the consequence has no text", {**ctx, "hint": "say what happens"}
        )
    if len(text) > MAX_TEXT:
        raise PydanticCustomError(
            "consequence",
            "the consequence is {length} characters long; the limit is {limit}",
            {**ctx, "length": len(text), "limit": MAX_TEXT, "hint": "keep it to one sentence"},
        )
    return text


def _consequence(value: Any) -> Consequence:
    if isinstance(value, Consequence):
        return value
    if not isinstance(value, dict):
        return Consequence(_text(value, None))
    for key in value:
        if key not in KEYS:
            close = did_you_mean(str(key), KEYS)
            raise PydanticCustomError(
                "consequence",
                "unknown key '{key}' in a consequence{close}",
                {
                    "key": str(key)[:40],
                    "close": f" (did you mean '{close}'?)" if close else "",
                    "field": key,
                    "code": "unknown-key",
                    "hint": "allowed here: " + ", ".join(KEYS),
                },
            )
    if "text" not in value:
        raise PydanticCustomError(
            "consequence",
            "the consequence has no 'text'",
            {"code": "missing-key", "hint": "add it, e.g.\ntext: The project goes on hold."},
        )
    text = _text(value["text"], "text")
    moves = value.get("moves_schedule", False)
    if not isinstance(moves, bool):
        raise PydanticCustomError(
            "consequence",
            "'moves_schedule' must be true or false",
            {"field": "moves_schedule", "hint": "moves_schedule: true"},
        )
    grace = value.get("after_business_days", 0)
    if isinstance(grace, bool) or not isinstance(grace, int) or not 0 <= grace <= MAX_GRACE:
        raise PydanticCustomError(
            "consequence",
            "'after_business_days' must be a whole number from 0 to {limit}",
            {"field": "after_business_days", "limit": MAX_GRACE, "hint": "after_business_days: 10"},
        )
    return Consequence(text, moves_schedule=moves, after_business_days=grace)


ConsequenceField = Annotated[
    Consequence,
    PlainValidator(_consequence),
    PlainSerializer(lambda value: value.as_data()),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "description": "What happens, as one sentence.",
                    "pattern": patterns.text(MAX_TEXT),
                    "patternErrorMessage": f"Text of 1 to {MAX_TEXT} characters",
                },
                {
                    "type": "object",
                    "description": "What happens, and how it acts on a tracked schedule.",
                    "additionalProperties": False,
                    "required": ["text"],
                    "properties": {
                        "text": {
                            "type": "string",
                            "pattern": patterns.text(MAX_TEXT),
                            "patternErrorMessage": f"Text of 1 to {MAX_TEXT} characters",
                            "description": "What happens, as one sentence.",
                        },
                        "moves_schedule": {
                            "type": "boolean",
                            "description": "While it applies, later milestones and dated "
                            "deadlines move back day for day (a pause).",
                        },
                        "after_business_days": {
                            "type": "integer",
                            "minimum": 0,
                            "maximum": MAX_GRACE,
                            "description": "Applies only once the responsibility is late by "
                            "more than this many business days (a restart fee).",
                        },
                    },
                },
            ],
            "examples": [
                "The next invoice is reduced by 5%.",
                {"text": "The project goes on hold.", "moves_schedule": True},
            ],
        }
    ),
]

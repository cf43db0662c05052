"""Field types shared by the models: ids, ISO dates, deadlines, one-or-many lists."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..dates import deadlines
from . import patterns

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only
_ID = re.compile(ID_PATTERN)


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "date_invalid", "'{value}' is not a real date", {"value": value}
            ) from None
    raise PydanticCustomError(
        "date_format", "a date must be written as YYYY-MM-DD, e.g. 2027-01-11", {"value": value}
    )


def _deadline(value: Any) -> deadlines.Deadline:
    if isinstance(value, deadlines.OnDate | deadlines.Within | deadlines.Every):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "deadline_type",
            "a deadline must be text such as '5 business days after each draft'",
            {"value": value},
        )
    try:
        return deadlines.parse(value)
    except deadlines.DeadlineSyntaxError as exc:
        raise PydanticCustomError(
            "deadline", "deadline: {message}", {"message": exc.message, "hint": exc.hint}
        ) from None


def _id(value: Any) -> Any:
    if isinstance(value, str) and not _ID.fullmatch(value):
        shown = value if len(value) <= 40 else value[:39] + "…"
        raise PydanticCustomError(
            "bad_id",
            "'{shown}' is not a valid id",
            {
                "shown": shown,
                "hint": "ids are 1-64 letters, digits, '-' or '_', starting with a letter or digit",
            },
        )
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


_ID_SCHEMA = {
    "type": "string",
    "pattern": ID_PATTERN,
    "patternErrorMessage": "1 to 64 letters, digits, '-' or '_', starting with a letter or digit",
}
Id = Annotated[
    str,
    BeforeValidator(_id),
    WithJsonSchema({**_ID_SCHEMA, "examples": ["studio", "feedback", "launch"]}),
]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": patterns.whole(patterns.DATE),
            "patternErrorMessage": "A real date, written YYYY-MM-DD",
            "examples": ["2027-01-11"],
        }
    ),
]
DeadlineField = Annotated[
    deadlines.Deadline,
    BeforeValidator(_deadline),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": patterns.DEADLINE,
            "patternErrorMessage": "A date (2027-02-01), a duration of 1 to 999 units "
            "('5 business days after each draft', '2 weeks before launch') or a recurrence "
            "('every friday')",
            "examples": [
                "5 business days after each draft",
                "4 business hours after each request",
                "2 business days before launch",
                "14 calendar days after the invoice date",
                "every friday",
                "2027-02-01",
            ],
        }
    ),
]
IdList = Annotated[
    list[Annotated[str, BeforeValidator(_id), Field(pattern=ID_PATTERN)]],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            # each branch described: editors that find every branch alike would show
            # the field's title once per branch on hover
            "anyOf": [
                {**_ID_SCHEMA, "description": "One id."},
                {"type": "array", "items": _ID_SCHEMA, "description": "A list of ids."},
            ],
            "examples": ["credit", ["pause", "restart-fee"]],
        }
    ),
]

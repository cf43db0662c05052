"""The log of a tracked agreement: what happened, and when (format version 1).

The log is a YAML file beside the spec (``agreement.log.yaml`` for
``agreement.yaml``), kept in git like the spec, newest entry last::

    workagree-log: 1
    entries:
      - what: draft          # an event of an "after each draft" deadline
        on: 2027-01-20
        at: "14:30"          # optional, the agreement's time zone
      - what: feedback       # a responsibility: it was done
        on: 2027-01-29
        note: Notes from Jonas, by e-mail
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from ..model.types import IsoDate

_TIME = re.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{2})")


def _time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or int(match["hour"]) > 23 or int(match["minute"]) > 59:
        raise PydanticCustomError(
            "time",
            "'{value}' is not a time of day",
            {"value": str(value)[:40], "hint": 'write the time as HH:MM in quotes: at: "14:30"'},
        )
    return dt.time(int(match["hour"]), int(match["minute"]))


LogTime = Annotated[
    dt.time,
    BeforeValidator(_time),
    PlainSerializer(lambda t: f"{t:%H:%M}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\s*\d{1,2}:\d{2}\s*$", "examples": ["14:30"]}),
]


class LogEntry(BaseModel):
    """One thing that happened: a responsibility done, a milestone reached, an event."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    what: str = Field(
        min_length=1,
        max_length=64,
        description="What happened: a responsibility id (it was done), a milestone id (it "
        "happened), or the event of an 'after each EVENT' deadline (draft, request, "
        "invoice-date).",
        examples=["draft", "feedback", "launch"],
    )
    on: IsoDate = Field(description="The day it happened, as YYYY-MM-DD.")
    at: LogTime | None = Field(
        default=None,
        description="The time it happened, HH:MM on the agreement's clock "
        "(`calendar.timezone`). Without it an event counts from the start of its day, and "
        "a responsibility done that day is on time for a deadline due that day.",
    )
    note: str | None = Field(
        default=None,
        min_length=1,
        max_length=400,
        description="Free text: who, how, a link.",
        examples=["Second draft, sent by e-mail"],
    )
    planned: bool = Field(
        default=False,
        description="A milestone or event that is planned for this date, not yet happened.",
    )


class Log(BaseModel):
    """The log of a tracked agreement."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        title="workagree log",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    workagree_log: Literal[1] = Field(
        alias="workagree-log", description="The log format version. Always 1.", examples=[1]
    )
    entries: list[LogEntry] = Field(
        default_factory=list, description="What happened, one entry per event, newest last."
    )

    @field_validator("entries", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

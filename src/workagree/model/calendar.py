"""How business days and business hours are counted."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import patterns, regions

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_ORDER: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_CLOSED_DAYS = 366

_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"  # ASCII digits, as in the JSON Schema
_CLOSED = re.compile(rf"(?P<start>{_DAY})(?:\s*\.\.\s*(?P<end>{_DAY}))?")
_HOURS = re.compile(r"(?P<start>[0-9]{1,2}:[0-9]{2})\s*[-–]\s*(?P<end>[0-9]{1,2}:[0-9]{2})")


@dataclass(frozen=True, order=True)
class DateRange:
    """Closed days: one date, or every date from ``start`` to ``end`` inclusive."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class Hours:
    """Business hours within a working day: ``09:00-17:00``."""

    start: dt.time
    end: dt.time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError(
            "closed", "'{value}' is not a real date", {"value": text, "hint": ""}
        ) from None


def _closed_range(value: Any) -> DateRange:
    if isinstance(value, DateRange):
        return value
    match = _CLOSED.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError(
            "closed",
            "'{value}' is not a closed date or range",
            {
                "value": value,
                "hint": "write a date (2027-12-24) or a range (2027-07-05..2027-07-23)",
            },
        )
    start = _date(match["start"])
    end = _date(match["end"]) if match["end"] else start
    if end < start:
        raise PydanticCustomError(
            "closed",
            "the range '{value}' ends before it starts",
            {"value": value, "hint": "write the earlier date first: START..END"},
        )
    if (end - start).days >= MAX_CLOSED_DAYS:
        raise PydanticCustomError(
            "closed",
            "the range '{value}' is longer than a year",
            {"value": value, "hint": "list closed periods of at most 366 days"},
        )
    return DateRange(start, end)


def _time(text: str) -> dt.time:
    hour, minute = (int(part) for part in text.split(":"))
    if hour > 23 or minute > 59:
        raise PydanticCustomError(
            "hours",
            "'{value}' is not a time of day",
            {"value": text, "hint": "times run from 00:00 to 23:59"},
        )
    return dt.time(hour, minute)


def _hours(value: Any) -> Hours:
    if isinstance(value, Hours):
        return value
    match = _HOURS.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError(
            "hours",
            "'{value}' is not a span of business hours",
            {"value": value, "hint": 'write the opening and closing times: hours: "09:00-17:00"'},
        )
    hours = Hours(_time(match["start"]), _time(match["end"]))
    if hours.end <= hours.start:
        raise PydanticCustomError(
            "hours",
            "business hours '{value}' end before they start",
            {"value": value, "hint": "hours within one day, opening time first: 09:00-17:00"},
        )
    return hours


ClosedRange = Annotated[
    DateRange,
    BeforeValidator(_closed_range),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": patterns.whole(patterns.CLOSED),
            "patternErrorMessage": "A real date (2027-12-24) or a range of them "
            "(2027-07-05..2027-07-23)",
            "examples": ["2027-12-24", "2027-07-05..2027-07-23"],
        }
    ),
]
BusinessHours = Annotated[
    Hours,
    BeforeValidator(_hours),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": patterns.whole(patterns.HOURS),
            "patternErrorMessage": 'Opening and closing times from 00:00 to 23:59: "09:00-17:00"',
        }
    ),
]


def _country_code(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        raise PydanticCustomError(
            "bad_value",
            "'{value}' is not a valid country",
            {"value": value[:40], "hint": "write a two-letter country code such as DK, FR or US"},
        )
    return value


# Which two-letter codes have holidays is the installed `holidays` package's list, which
# grows with its releases; the schema says only what every version accepts.
_COUNTRY = {
    "type": "string",
    "pattern": patterns.whole("[A-Za-z]{2}"),
    "patternErrorMessage": "A two-letter country code such as DK, FR or US",
}


class Calendar(BaseModel):
    """The working week, public holidays, closed days and business hours."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        # `subdivision` needs `country` (the check is _subdivision_needs_country)
        json_schema_extra={
            "if": {"properties": {"subdivision": {"type": "string"}}, "required": ["subdivision"]},
            "then": {"properties": {"country": {"type": "string"}}, "required": ["country"]},
        },
    )

    country: Annotated[str, BeforeValidator(_country_code), WithJsonSchema(_COUNTRY)] | None = (
        Field(
            default=None,
            description="ISO 3166 country code; that country's public holidays are not "
            "business days.",
            examples=["DK", "FR", "US"],
        )
    )
    subdivision: str | None = Field(
        default=None,
        min_length=1,
        max_length=40,
        description="A region of `country` with its own public holidays (a state, a Land, a "
        "canton), as the `holidays` package names it.",
        examples=["BY", "CA", "ENG"],
    )
    workdays: list[Weekday] = Field(
        default_factory=lambda: list(WEEKDAY_ORDER[:5]),
        min_length=1,
        json_schema_extra={"uniqueItems": True},
        description="The working week, as three-letter day names, each at most once.",
        examples=[["mon", "tue", "wed", "thu", "fri"]],
    )
    closed: list[ClosedRange] = Field(
        default_factory=list,
        max_length=100,
        description="Extra days that are not business days: dates (2027-12-24) or inclusive "
        "ranges (2027-07-05..2027-07-23).",
        examples=[["2027-07-05..2027-07-23", "2027-12-24"]],
    )
    hours: BusinessHours | None = Field(
        default=None,
        description="Business hours on each working day, for deadlines in business hours.",
        examples=["09:00-17:00"],
    )
    timezone: str | None = Field(
        default=None,
        min_length=1,
        max_length=60,
        description="The IANA time zone that business hours are in.",
        examples=["Europe/Copenhagen", "America/New_York"],
    )

    @field_validator("country", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is not None and value not in regions.country_codes():
            raise PydanticCustomError(
                "country",
                "'{value}' is not a country with a public-holiday calendar",
                {
                    "value": value,
                    "hint": "use an ISO 3166 two-letter code such as DK, FR or US "
                    "(the `holidays` package lists them)",
                },
            )
        return value

    @field_validator("subdivision")
    @classmethod
    def _known_subdivision(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        country = info.data.get("country")
        if country is None:
            return value  # no country, or a bad one: _subdivision_needs_country says which
        return regions.subdivision_code(country, value)

    @model_validator(mode="after")
    def _subdivision_needs_country(self) -> Calendar:
        if self.subdivision is not None and self.country is None:
            raise PydanticCustomError(
                "subdivision",
                "'subdivision' needs a 'country'",
                {
                    "hint": "add the country too, e.g. country: DE with subdivision: BY",
                    "field": "subdivision",  # where the problem is shown
                },
            )
        return self

    @field_validator("workdays")
    @classmethod
    def _unique(cls, value: list[Weekday]) -> list[Weekday]:
        if len(set(value)) != len(value):
            raise ValueError("each day may be listed only once")
        return sorted(value, key=WEEKDAY_ORDER.index)

    @field_validator("closed")
    @classmethod
    def _sorted(cls, value: list[DateRange]) -> list[DateRange]:
        return sorted(set(value))

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        return None if value is None else regions.timezone_name(value)

"""How business days are counted."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_ORDER: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Calendar(BaseModel):
    """The working week and the country whose public holidays are not business days."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None,
        description="ISO 3166 country code; that country's public holidays are not business days.",
        examples=["DK", "FR", "US"],
    )
    workdays: list[Weekday] = Field(
        default_factory=lambda: list(WEEKDAY_ORDER[:5]),
        min_length=1,
        description="The working week, as three-letter day names.",
        examples=[["mon", "tue", "wed", "thu", "fri"]],
    )

    @field_validator("country", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("workdays")
    @classmethod
    def _unique(cls, value: list[Weekday]) -> list[Weekday]:
        if len(set(value)) != len(value):
            raise ValueError("each day may be listed only once")
        return sorted(value, key=WEEKDAY_ORDER.index)

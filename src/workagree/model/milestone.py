"""Milestones and free-text terms."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .types import Id, IsoDate


class Milestone(BaseModel):
    """A dated event in the project, which deadlines can refer to by id."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: Id = Field(
        description="A short id that deadlines refer to ('2 days before launch').",
        examples=["launch"],
    )
    what: str = Field(
        min_length=1,
        max_length=200,
        description="What happens on that date.",
        examples=["Campaign goes live"],
    )
    date: IsoDate = Field(description="The date, as YYYY-MM-DD.", examples=["2027-03-15"])


class Term(BaseModel):
    """A short section of free text: how changes are handled, how either side can end the work."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    heading: str = Field(
        min_length=1, max_length=80, description="The section's heading.", examples=["Changes"]
    )
    text: str = Field(
        min_length=1,
        max_length=1500,
        description="The section's text: plain text, or light Markdown (emphasis, lists).",
        examples=["Requests outside the agreed scope are quoted before any work starts."],
    )

"""A responsibility: who does what, by when, and what happens if it is missed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .types import DeadlineField, Id, IdList


class Responsibility(BaseModel):
    """Something one party owes the other."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: Id = Field(
        description="A short id, unique among responsibilities, used by `diff`.",
        examples=["feedback"],
    )
    owner: Id = Field(
        description="The id of the party that owes this (a key under `parties`).",
        examples=["studio", "client"],
    )
    what: str = Field(
        min_length=1,
        max_length=400,
        description="What is owed, as one short sentence.",
        examples=["Send one consolidated round of feedback on each draft"],
    )
    deadline: DeadlineField | None = Field(
        default=None,
        description="By when: a date (2027-02-01), a duration ('5 business days after each "
        "draft', '2 weeks before launch') or a recurrence ('every friday'); see the deadline "
        "grammar in docs/format.md.",
    )
    if_missed: IdList = Field(
        default_factory=list,
        description="The id of a consequence (or a list of them) that applies when this is missed.",
    )

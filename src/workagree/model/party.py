"""A party to the agreement: the provider or the client side."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Party(BaseModel):
    """Someone who signs the agreement and owns responsibilities in it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(
        min_length=1,
        max_length=120,
        description="The party's name as it should appear in the document.",
        examples=["Northwind Studio", "Contoso Ltd"],
    )
    role: Literal["provider", "client"] = Field(
        description="'provider' for the side doing the work, 'client' for the side it is done for.",
        examples=["provider", "client"],
    )
    contact: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="How to reach the party: an e-mail address, a phone number, or both.",
        examples=["hello@northwind.example", "+45 11 22 33 44"],
    )
    signatory: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="Who signs for the party, with their title. Gets a signature line.",
        examples=["Ana Berg, Director"],
    )

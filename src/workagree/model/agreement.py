"""The agreement: the root of a spec."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
)
from pydantic_core import PydanticCustomError

from ..locales import SUPPORTED_LOCALES
from . import patterns
from .calendar import Calendar
from .consequence import ConsequenceField
from .milestone import Milestone, Term
from .party import Party
from .responsibility import Responsibility
from .types import Id, IsoDate


def _format_version(value: Any) -> Any:
    if isinstance(value, bool):  # a bool is an int to Python, but `true` is no version
        raise PydanticCustomError(
            "format_version",
            "'{value}' is not allowed for 'workagree'",
            {"value": str(value).lower(), "hint": "use one of: 1", "code": "bad-value"},
        )
    return value


def _some_party(role: str) -> dict[str, Any]:
    """JSON Schema: some party has ``role`` (not every party lacks it)."""
    has_role = {"properties": {"role": {"const": role}}, "required": ["role"]}
    return {"not": {"additionalProperties": {"not": has_role}}}


def _two_sides(value: Any) -> Any:
    if isinstance(value, dict) and len(value) < 2:
        raise PydanticCustomError(
            "too_few_parties",
            "'parties' needs at least 2 entries",
            {"hint": "parties need a provider and a client", "code": "too-short"},
        )
    return value


class Agreement(BaseModel):
    """A "How We Work Together" agreement (format version 1)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        title="workagree agreement",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    workagree: Annotated[Literal[1], BeforeValidator(_format_version)] = Field(
        description="The format version. Always 1 for this format.", examples=[1]
    )
    title: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="The document's title. Default: 'How We Work Together' in the document's "
        "language.",
        examples=["How We Work Together"],
    )
    project: str = Field(
        min_length=1,
        max_length=200,
        description="What the agreement covers.",
        examples=["Spring campaign for Contoso"],
    )
    version: str | None = Field(
        default=None,
        min_length=1,
        max_length=40,
        description='A label for this version of the agreement. Quote numbers: "2", "1.10".',
        examples=["2", "2027-01"],
    )
    effective: IsoDate | None = Field(
        default=None, description="The date the agreement starts, as YYYY-MM-DD."
    )
    locale: str = Field(
        default="en",
        description="The language of the document: " + ", ".join(SUPPORTED_LOCALES) + ".",
        examples=list(SUPPORTED_LOCALES),
        json_schema_extra={
            "pattern": patterns.whole(patterns.one_of(SUPPORTED_LOCALES)),
            "patternErrorMessage": "One of: " + ", ".join(SUPPORTED_LOCALES),
        },
    )
    calendar: Calendar = Field(
        default_factory=Calendar, description="How business days are counted."
    )
    parties: Annotated[dict[Id, Party], BeforeValidator(_two_sides)] = Field(
        min_length=2,
        # at least one provider and one client (the check is in spec/checks.py)
        json_schema_extra={"allOf": [_some_party("provider"), _some_party("client")]},
        description="Who is agreeing: two or more parties keyed by a short id, at least one "
        "of them the provider and one the client.",
        examples=[
            {
                "studio": {"name": "Northwind Studio", "role": "provider"},
                "client": {"name": "Contoso Ltd", "role": "client"},
            }
        ],
    )
    responsibilities: list[Responsibility] = Field(
        min_length=1,
        description="Who does what, by when, and what happens if it is missed.",
        examples=[
            [
                {
                    "id": "feedback",
                    "owner": "client",
                    "what": "Send feedback on each draft",
                    "deadline": "5 business days after each draft",
                }
            ]
        ],
    )
    consequences: dict[Id, ConsequenceField] = Field(
        default_factory=dict,
        description="What happens when a responsibility is missed, keyed by an id that "
        "responsibilities refer to in `if_missed`: text, or a mapping with `text` and how it "
        "acts on a tracked schedule (`moves_schedule`, `after_business_days`).",
        examples=[
            {
                "credit": "The next invoice is reduced by 5%.",
                "pause": {"text": "The project goes on hold.", "moves_schedule": True},
            }
        ],
    )
    milestones: list[Milestone] = Field(
        default_factory=list, description="Dated events that deadlines can refer to."
    )
    terms: list[Term] = Field(
        default_factory=list,
        description="Short sections of free text (changes, communication, ending the work).",
    )

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise PydanticCustomError(
                "locale",
                "'{value}' is not a supported language; use one of: {choices}",
                {"value": value, "choices": ", ".join(SUPPORTED_LOCALES)},
            )
        return value

    # -- derived views ---------------------------------------------------------------------

    def canonical_json(self) -> str:
        """The spec in canonical form: the same agreement gives the same text, however written."""
        return json.dumps(
            self.model_dump(mode="json", exclude_defaults=True),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @property
    def fingerprint(self) -> str:
        """First 12 hex digits of the SHA-256 of the canonical spec."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()[:12]

    def providers(self) -> list[str]:
        return [pid for pid, party in self.parties.items() if party.role == "provider"]

    def clients(self) -> list[str]:
        return [pid for pid, party in self.parties.items() if party.role == "client"]

    def responsibilities_of(self, party_id: str) -> list[Responsibility]:
        return [r for r in self.responsibilities if r.owner == party_id]

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

"""The typed model of an agreement (pydantic v2, one model per file)."""

from .agreement import Agreement
from .calendar import Calendar
from .milestone import Milestone, Term
from .party import Party
from .responsibility import Responsibility

__all__ = ["Agreement", "Calendar", "Milestone", "Party", "Responsibility", "Term"]

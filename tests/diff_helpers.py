"""A small agreement to compare, and a way to change one part of it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import yaml

from workagree import Agreement, load_text

BASE: dict[str, Any] = {
    "workagree": 1,
    "project": "Website for Contoso",
    "version": "1",
    "effective": "2027-01-04",
    "parties": {
        "studio": {
            "name": "Northwind Studio",
            "role": "provider",
            "contact": "hi@northwind.example",
            "signatory": "Ana Berg, Director",
        },
        "client": {"name": "Contoso Ltd", "role": "client"},
    },
    "responsibilities": [
        {
            "id": "feedback",
            "owner": "client",
            "what": "Send one round of feedback on each draft",
            "deadline": "5 business days after each draft",
            "if_missed": ["pause"],
        },
        {
            "id": "replies",
            "owner": "studio",
            "what": "Answer every request",
            "deadline": "4 business hours after each request",
            "if_missed": "credit",
        },
        {
            "id": "testing",
            "owner": "studio",
            "what": "Test the site on current browsers",
            "deadline": "2 business days before launch",
            "if_missed": "credit",
        },
    ],
    "consequences": {
        "pause": "The project pauses and the schedule moves by the same number of days.",
        "credit": "A 5% credit on the next invoice.",
    },
    "milestones": [{"id": "launch", "what": "The site goes live", "date": "2027-03-15"}],
    "terms": [{"heading": "Changes", "text": "Changes to the scope are quoted first."}],
}


def spec(change: Callable[[dict[str, Any]], object] | None = None) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    if change is not None:
        change(data)
    return data


def agreement(change: Callable[[dict[str, Any]], object] | None = None) -> Agreement:
    return load_text(yaml.safe_dump(spec(change), sort_keys=False, allow_unicode=True))


def responsibility(data: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in data["responsibilities"] if r["id"] == rid)

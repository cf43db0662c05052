"""Properties of diff over generated agreements: identity and mirror images."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workagree import Agreement
from workagree.diffing import Change, Kind, Op, diff
from workagree.diffing.words import side

PARTY_IDS = ["studio", "client", "agency", "partner"]
NAMES = ["Northwind Studio", "Contoso Ltd", "Fabrikam"]
RESPONSIBILITY_IDS = ["feedback", "replies", "payment", "content", "tests", "answers"]
CONSEQUENCE_IDS = ["pause", "credit", "fee", "hold"]
CONSEQUENCE_TEXTS = ["The project pauses.", "A 5% credit.", "A 10% credit.", "A late fee."]
MILESTONE_IDS = ["launch", "kickoff", "review", "golive"]
DEADLINES = [
    None,
    "5 business days after each draft",
    "3 business days after each draft",
    "1 week after each draft",
    "10 calendar days after each draft",
    "4 business hours after each request",
    "2 business days before launch",
    "1 week before launch",
    "3 days after kickoff",
    "every friday",
    "every month",
    "2027-02-01",
    "2027-03-01",
]
WHAT = st.lists(
    st.sampled_from(["send", "feedback", "on", "each", "draft", "the", "final", "files"]),
    min_size=1,
    max_size=5,
).map(" ".join)
HEADINGS = ["Changes", "Ending", "Talk"]
CALENDARS = st.fixed_dictionaries(
    {
        "workdays": st.sampled_from(
            [["mon", "tue", "wed", "thu", "fri"], ["mon", "tue", "wed", "thu"]]
        )
    },
    optional={
        "country": st.sampled_from(["DK", "FR"]),
        "closed": st.lists(st.sampled_from(["2027-01-05", "2027-03-01..2027-03-12"]), unique=True),
        "hours": st.just("09:00-17:00"),
        "timezone": st.just("Europe/Copenhagen"),
    },
)
TEXTS = ["Quoted first.", "Either side may end it.", "Be kind."]


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    party_ids = draw(st.lists(st.sampled_from(PARTY_IDS), min_size=2, max_size=3, unique=True))
    consequences = draw(
        st.dictionaries(
            st.sampled_from(CONSEQUENCE_IDS), st.sampled_from(CONSEQUENCE_TEXTS), max_size=3
        )
    )
    responsibilities = [
        {
            "id": rid,
            "owner": draw(st.sampled_from(party_ids)),
            "what": draw(WHAT),
            "deadline": draw(st.sampled_from(DEADLINES)),
            "if_missed": draw(st.lists(st.sampled_from(sorted(consequences)), unique=True))
            if consequences
            else [],
        }
        for rid in draw(
            st.lists(st.sampled_from(RESPONSIBILITY_IDS), min_size=1, max_size=4, unique=True)
        )
    ]
    return {
        "workagree": 1,
        "title": draw(st.none() | st.sampled_from(["How We Work", "Our agreement"])),
        "project": draw(st.sampled_from(["Website", "Website for Contoso"])),
        "version": draw(st.none() | st.sampled_from(["1", "2"])),
        "effective": draw(st.none() | st.sampled_from(["2027-01-04", "2027-02-01"])),
        "calendar": draw(CALENDARS),
        "parties": {
            pid: {
                "name": draw(st.sampled_from(NAMES)),
                "role": draw(st.sampled_from(["provider", "client"])),
                "contact": draw(st.none() | st.sampled_from(["a@x.example", "b@y.example"])),
            }
            for pid in party_ids
        },
        "responsibilities": responsibilities,
        "consequences": consequences,
        "milestones": [
            {
                "id": mid,
                "what": draw(st.sampled_from(["Go live", "Kick-off"])),
                "date": draw(st.dates(dt.date(2027, 1, 1), dt.date(2027, 6, 30))).isoformat(),
            }
            for mid in draw(st.lists(st.sampled_from(MILESTONE_IDS), max_size=2, unique=True))
        ],
        "terms": [
            {"heading": draw(st.sampled_from(HEADINGS)), "text": draw(st.sampled_from(TEXTS))}
            for _ in range(draw(st.integers(0, 2)))
        ],
    }


def _rename(data: dict[str, Any], draw: st.DrawFn) -> None:
    """Rename one item's id everywhere it is used, as a person tidying a spec would."""
    what = draw(st.sampled_from(["party", "responsibility", "consequence", "milestone"]))
    if what == "party":
        old = draw(st.sampled_from(sorted(data["parties"])))
        new = draw(st.sampled_from([p for p in PARTY_IDS if p not in data["parties"]]))
        data["parties"] = {new if k == old else k: v for k, v in data["parties"].items()}
        for r in data["responsibilities"]:
            r["owner"] = new if r["owner"] == old else r["owner"]
    elif what == "responsibility":
        ids = [r["id"] for r in data["responsibilities"]]
        free = [i for i in RESPONSIBILITY_IDS if i not in ids]
        if free:
            draw(st.sampled_from(data["responsibilities"]))["id"] = draw(st.sampled_from(free))
    elif what == "consequence" and data["consequences"]:
        old = draw(st.sampled_from(sorted(data["consequences"])))
        free = [c for c in CONSEQUENCE_IDS if c not in data["consequences"]]
        if free:
            new = draw(st.sampled_from(free))
            data["consequences"] = {
                new if k == old else k: v for k, v in data["consequences"].items()
            }
            for r in data["responsibilities"]:
                r["if_missed"] = [new if c == old else c for c in r["if_missed"]]
    elif what == "milestone" and data["milestones"]:
        milestone = draw(st.sampled_from(data["milestones"]))
        free = [m for m in MILESTONE_IDS if m not in {x["id"] for x in data["milestones"]}]
        old, milestone["id"] = milestone["id"], draw(st.sampled_from(free))
        for r in data["responsibilities"]:
            if r["deadline"] and r["deadline"].endswith(f" {old}"):
                r["deadline"] = r["deadline"].removesuffix(old) + milestone["id"]


@st.composite
def edited(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """A second version of a spec: a few renames and edits, as between two commits."""
    new = copy.deepcopy(data)
    for _ in range(draw(st.integers(0, 3))):
        step = draw(
            st.sampled_from(
                [
                    "rename",
                    "rename",
                    "deadline",
                    "deadline",
                    "what",
                    "owner",
                    "shuffle",
                    "date",
                    "calendar",
                    "effective",
                    "link",
                    "consequence",
                ]
            )
        )
        target = draw(st.sampled_from(new["responsibilities"]))
        if step == "rename":
            _rename(new, draw)
        elif step == "deadline":
            target["deadline"] = draw(st.sampled_from(DEADLINES))
        elif step == "what":
            target["what"] = draw(WHAT)
        elif step == "owner":
            target["owner"] = draw(st.sampled_from(sorted(new["parties"])))
        elif step == "shuffle":
            new["responsibilities"] = draw(st.permutations(new["responsibilities"]))
        elif step == "calendar":
            # Fields that move computed dates, and fields that do not.
            new["calendar"] = draw(CALENDARS)
        elif step == "effective":
            new["effective"] = draw(st.none() | st.sampled_from(["2027-01-04", "2027-02-01"]))
        elif step == "link" and new["consequences"]:
            target["if_missed"] = draw(
                st.lists(st.sampled_from(sorted(new["consequences"])), unique=True)
            )
        elif step == "consequence" and new["consequences"]:
            key = draw(st.sampled_from(sorted(new["consequences"])))
            new["consequences"][key] = draw(st.sampled_from(CONSEQUENCE_TEXTS))
        elif new["milestones"]:
            new["milestones"][0]["date"] = draw(
                st.dates(dt.date(2027, 1, 1), dt.date(2027, 6, 30))
            ).isoformat()
    return new


@st.composite
def pairs(draw: st.DrawFn) -> tuple[Agreement, Agreement]:
    old = draw(specs())
    new = draw(st.one_of(specs(), edited(old), edited(old), edited(old)))
    return Agreement.model_validate(old), Agreement.model_validate(new)


def _h(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def mirrored(change: Change, old: Agreement, renamed: dict[str, str]) -> tuple[Any, ...]:
    """What the same change looks like when comparing the other way round.

    ``party`` names the owner on the new side, which is the old side's owner the other way;
    a change inside a renamed responsibility is named by its old id (``renamed``: new → old).
    """
    path = change.path
    if change.kind is Kind.RENAMED and path.count(".") == 1:
        path = f"{change.section}.{change.old}"
    parts = path.split(".")
    if len(parts) >= 3 and change.section == "responsibilities" and parts[1] in renamed:
        path = ".".join([parts[0], renamed[parts[1]], *parts[2:]])
    party = change.party
    if party is not None and path.count(".") >= 2:
        party = next(r.owner for r in old.responsibilities if r.id == path.split(".")[1])
    direction = change.direction.mirror() if change.direction else None
    return (
        change.section,
        change.kind.mirror(),
        path,
        _h(change.new),
        _h(change.old),
        direction,
        party,
    )


def observed(change: Change) -> tuple[Any, ...]:
    return (
        change.section,
        change.kind,
        change.path,
        _h(change.old),
        _h(change.new),
        change.direction,
        change.party,
    )


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(specs())
def test_an_agreement_has_no_changes_with_itself(data: dict[str, Any]) -> None:
    agreement = Agreement.model_validate(data)
    assert diff(agreement, agreement) == []
    assert diff(agreement, Agreement.model_validate(copy.deepcopy(data))) == []


@_SETTINGS
@given(pairs())
def test_diff_both_ways_are_mirror_images(pair: tuple[Agreement, Agreement]) -> None:
    old, new = pair
    forward, backward = diff(old, new), diff(new, old)
    renamed = {
        c.new: c.old
        for c in forward
        if c.kind is Kind.RENAMED and c.section == "responsibilities" and c.path.count(".") == 1
    }
    assert Counter(mirrored(c, old, renamed) for c in forward) == Counter(
        observed(c) for c in backward
    )
    if old.calendar == new.calendar:
        moved = {c.path: c.business_days for c in forward if c.business_days is not None}
        assert moved == {c.path: -c.business_days for c in backward if c.business_days is not None}
    assert (forward == []) == (old.canonical_json() == new.canonical_json())


@_SETTINGS
@given(pairs())
def test_word_diffs_spell_the_old_and_new_text(pair: tuple[Agreement, Agreement]) -> None:
    for change in diff(*pair):
        if change.words:
            assert side(change.words, Op.DELETE) == " ".join(str(change.old).split())
            assert side(change.words, Op.INSERT) == " ".join(str(change.new).split())

"""One test per kind of change that `diff` reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import workagree
from workagree.diffing import Change, Direction, Kind, Op, Section, Segment, diff

from .diff_helpers import agreement, responsibility, spec


def changes(change: Callable[[dict[str, Any]], object]) -> list[Change]:
    return diff(agreement(), agreement(change))


def only(change: Callable[[dict[str, Any]], object]) -> Change:
    found = changes(change)
    assert len(found) == 1, [c.summary for c in found]
    return found[0]


def only_between(old: workagree.Agreement, new: workagree.Agreement) -> Change:
    found = diff(old, new)
    assert len(found) == 1, [c.summary for c in found]
    return found[0]


def test_identical_agreements_have_no_changes() -> None:
    assert diff(agreement(), agreement()) == []


def test_the_public_api_exports_diff() -> None:
    import workagree.diffing.format  # importing the package first must not hide the function

    assert workagree.diff(agreement(), agreement()) == []
    assert workagree.diff is diff


def test_key_order_and_list_order_of_mappings_do_not_count() -> None:
    def reorder(data: dict[str, Any]) -> None:
        data["parties"] = dict(reversed(data["parties"].items()))
        data["consequences"] = dict(reversed(data["consequences"].items()))
        data["responsibilities"][1]["if_missed"] = ["credit"]

    assert changes(reorder) == []


@pytest.mark.parametrize(
    ("key", "value", "kind", "summary"),
    [
        ("version", "2", Kind.CHANGED, "version: 1 → 2"),
        ("title", "Working together", Kind.ADDED, "title: Working together (new)"),
        ("effective", "2027-02-01", Kind.CHANGED, "effective date: 2027-01-04 → 2027-02-01"),
        (
            "project",
            "Website for Contoso Group",
            Kind.CHANGED,
            "project: Website for Contoso {+Group+}",
        ),
    ],
)
def test_agreement_fields(key: str, value: str, kind: Kind, summary: str) -> None:
    change = only(lambda d: d.update({key: value}))
    assert (change.section, change.kind, change.path, change.summary) == (
        Section.AGREEMENT,
        kind,
        key,
        summary,
    )


def test_removed_version() -> None:
    change = only(lambda d: d.pop("version"))
    assert (change.kind, change.old, change.new, change.label) == (
        Kind.REMOVED,
        "1",
        None,
        "removed version",
    )


def test_calendar() -> None:
    found = changes(lambda d: d.update(calendar={"country": "DK", "workdays": ["mon", "tue"]}))
    assert [(c.section, c.path, c.summary) for c in found] == [
        (Section.CALENDAR, "calendar.country", "holiday country: DK (new); affects testing"),
        (
            Section.CALENDAR,
            "calendar.workdays",
            "working week: mon, tue, wed, thu, fri → mon, tue; affects testing",
        ),
        (
            Section.RESPONSIBILITIES,
            "responsibilities.testing.date",
            "testing: due 2027-03-11 → 2027-03-08 (2 business days before launch), "
            "1 business day earlier — stricter for Northwind Studio",
        ),
    ]


def test_party_renamed_and_contact_and_signatory_changed() -> None:
    def edit(data: dict[str, Any]) -> None:
        studio = data["parties"]["studio"]
        studio.update(name="Northwind Ltd", contact="team@northwind.example")
        del studio["signatory"]

    assert [(c.kind, c.path, c.summary) for c in changes(edit)] == [
        (Kind.RENAMED, "parties.studio.name", "Northwind Studio is now called Northwind Ltd"),
        (
            Kind.CHANGED,
            "parties.studio.contact",
            "Northwind Ltd: contact: hi@northwind.example → team@northwind.example",
        ),
        (
            Kind.REMOVED,
            "parties.studio.signatory",
            "Northwind Ltd: signatory: Ana Berg, Director (removed)",
        ),
    ]


def test_party_added_and_removed() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["parties"]["agency"] = {"name": "Fabrikam Agency", "role": "client"}

    change = only(edit)
    assert (change.kind, change.path, change.summary) == (
        Kind.ADDED,
        "parties.agency",
        "agency: Fabrikam Agency (client) (new)",
    )
    assert change.new == {"name": "Fabrikam Agency", "role": "client"}
    back = diff(agreement(edit), agreement())
    assert [(c.kind, c.path, c.old) for c in back] == [
        (Kind.REMOVED, "parties.agency", {"name": "Fabrikam Agency", "role": "client"})
    ]


def test_party_id_renamed_is_one_change_and_moves_no_responsibility() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["parties"]["contoso"] = data["parties"].pop("client")
        responsibility(data, "feedback")["owner"] = "contoso"

    change = only(edit)
    assert (change.kind, change.path, change.old, change.new) == (
        Kind.RENAMED,
        "parties.contoso",
        "client",
        "contoso",
    )
    assert change.summary == "Contoso Ltd: id client → contoso (same details)"


def test_responsibility_added_and_removed() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["responsibilities"].append(
            {
                "id": "payment",
                "owner": "client",
                "what": "Pay each invoice",
                "deadline": "14 calendar days after each invoice",
            }
        )

    change = only(edit)
    assert (change.kind, change.path, change.label, change.party) == (
        Kind.ADDED,
        "responsibilities.payment",
        "new responsibility",
        "client",
    )
    assert change.summary == (
        "payment (Contoso Ltd): Pay each invoice, 14 calendar days after each invoice (new)"
    )
    removed = only(lambda d: d["responsibilities"].pop(1))
    assert (removed.kind, removed.path, removed.old["what"]) == (
        Kind.REMOVED,
        "responsibilities.replies",
        "Answer every request",
    )


def test_responsibility_renamed_is_not_a_removal_and_an_addition() -> None:
    change = only(lambda d: responsibility(d, "replies").update(id="answers"))
    assert (change.kind, change.path, change.old, change.new, change.summary) == (
        Kind.RENAMED,
        "responsibilities.answers",
        "replies",
        "answers",
        "answers: renamed from replies (same content)",
    )


def test_renamed_and_changed_responsibility_is_a_removal_and_an_addition() -> None:
    def edit(data: dict[str, Any]) -> None:
        responsibility(data, "replies").update(id="answers", what="Answer every message")

    assert [(c.kind, c.path) for c in changes(edit)] == [
        (Kind.ADDED, "responsibilities.answers"),
        (Kind.REMOVED, "responsibilities.replies"),
    ]


def test_owner_moved() -> None:
    change = only(lambda d: responsibility(d, "testing").update(owner="client"))
    assert (change.kind, change.path, change.old, change.new, change.summary) == (
        Kind.MOVED,
        "responsibilities.testing.owner",
        "studio",
        "client",
        "testing: moved from Northwind Studio to Contoso Ltd",
    )


def test_what_changed_with_a_word_diff() -> None:
    change = only(
        lambda d: responsibility(d, "feedback").update(
            what="Send one consolidated round of comments on each draft"
        )
    )
    assert change.summary == (
        "feedback: Send one {+consolidated+} round of [-feedback-]{+comments+} on each draft"
    )
    assert change.words == (
        Segment(Op.EQUAL, "Send one"),
        Segment(Op.INSERT, "consolidated"),
        Segment(Op.EQUAL, "round of"),
        Segment(Op.DELETE, "feedback"),
        Segment(Op.INSERT, "comments"),
        Segment(Op.EQUAL, "on each draft"),
    )


@pytest.mark.parametrize(
    ("deadline", "label", "direction", "summary"),
    [
        (
            "3 business days after each draft",
            "stricter deadline",
            Direction.STRICTER,
            "feedback: deadline 5 → 3 business days after each draft"
            " — shorter, stricter for Contoso Ltd",
        ),
        (
            "2 weeks after each draft",
            "looser deadline",
            Direction.LOOSER,
            "feedback: deadline 5 business days after each draft → 2 weeks after each draft"
            " — longer, looser for Contoso Ltd",
        ),
        (
            "1 week after each draft",
            "changed deadline",
            None,
            "feedback: deadline 5 business days after each draft → 1 week after each draft",
        ),
        (
            "5 business days after each delivery",
            "changed deadline",
            None,
            "feedback: deadline 5 business days after each draft"
            " → 5 business days after each delivery",
        ),
    ],
)
def test_deadline_changed(
    deadline: str, label: str, direction: Direction | None, summary: str
) -> None:
    change = only(lambda d: responsibility(d, "feedback").update(deadline=deadline))
    assert (change.kind, change.path, change.label, change.direction, change.summary) == (
        Kind.CHANGED,
        "responsibilities.feedback.deadline",
        label,
        direction,
        summary,
    )
    assert (change.old, change.new, change.party) == (
        "5 business days after each draft",
        deadline,
        "client",
    )


def test_more_time_before_an_event_is_earlier_and_stricter() -> None:
    change = only(
        lambda d: responsibility(d, "testing").update(deadline="5 business days before launch")
    )
    assert change.summary == (
        "testing: deadline 2 → 5 business days before launch — earlier, stricter for"
        " Northwind Studio"
    )


def test_deadline_added_and_removed() -> None:
    removed = only(lambda d: responsibility(d, "replies").pop("deadline"))
    assert (removed.kind, removed.direction, removed.summary) == (
        Kind.REMOVED,
        Direction.LOOSER,
        "replies: deadline 4 business hours after each request removed"
        " — looser for Northwind Studio",
    )


def test_deadline_of_a_moved_responsibility_has_no_direction() -> None:
    def edit(data: dict[str, Any]) -> None:
        responsibility(data, "testing").update(
            owner="client", deadline="1 business day before launch"
        )

    deadline = changes(edit)[1]
    assert (deadline.label, deadline.direction) == ("changed deadline", None)


def test_if_missed_consequences_added_and_removed() -> None:
    found = changes(lambda d: responsibility(d, "feedback").update(if_missed="credit"))
    assert [(c.kind, c.path, c.old, c.new, c.summary) for c in found] == [
        (
            Kind.ADDED,
            "responsibilities.feedback.if_missed.credit",
            None,
            "credit",
            "feedback: if missed, now also credit — stricter for Contoso Ltd",
        ),
        (
            Kind.REMOVED,
            "responsibilities.feedback.if_missed.pause",
            "pause",
            None,
            "feedback: if missed, no longer pause — looser for Contoso Ltd",
        ),
    ]
    assert [(c.direction, c.party) for c in found] == [
        (Direction.STRICTER, "client"),
        (Direction.LOOSER, "client"),
    ]


def test_if_missed_consequences_in_another_order_are_a_change_both_ways() -> None:
    def both(order: list[str]) -> Callable[[dict[str, Any]], object]:
        return lambda d: responsibility(d, "feedback").update(if_missed=order)

    before, after = agreement(both(["pause", "credit"])), agreement(both(["credit", "pause"]))
    forward, backward = only_between(before, after), only_between(after, before)
    assert (forward.kind, forward.path, forward.old, forward.new, forward.summary) == (
        Kind.REORDERED,
        "responsibilities.feedback.if_missed",
        ["pause", "credit"],
        ["credit", "pause"],
        "feedback: if missed, new order: credit, pause",
    )
    assert (backward.old, backward.new) == (forward.new, forward.old)


def test_consequence_text_changed_lists_the_responsibilities_it_affects() -> None:
    change = only(lambda d: d["consequences"].update(credit="A 10% credit on the next invoice."))
    assert (change.kind, change.path, change.affects) == (
        Kind.CHANGED,
        "consequences.credit",
        ("replies", "testing"),
    )
    assert change.summary == (
        "credit: A [-5%-]{+10%+} credit on the next invoice.; affects replies, testing "
        "(owed by Northwind Studio)"
    )


def test_consequence_added_removed_and_renamed() -> None:
    added = only(lambda d: d["consequences"].update({"end": "Either side may end the work."}))
    assert (added.kind, added.summary) == (
        Kind.ADDED,
        "end: Either side may end the work. (new)",
    )

    def rename(data: dict[str, Any]) -> None:
        data["consequences"]["hold"] = data["consequences"].pop("pause")
        responsibility(data, "feedback")["if_missed"] = ["hold"]

    renamed = only(rename)
    assert (renamed.kind, renamed.path, renamed.summary) == (
        Kind.RENAMED,
        "consequences.hold",
        "hold: renamed from pause (same content)",
    )


def test_milestone_moved_counts_business_days() -> None:
    derived, change = changes(lambda d: d["milestones"][0].update(date="2027-03-22"))
    assert (change.kind, change.path, change.direction, change.business_days) == (
        Kind.MOVED,
        "milestones.launch.date",
        Direction.LATER,
        5,
    )
    assert (
        change.summary == "launch: 2027-03-15 → 2027-03-22, 5 business days later; affects testing"
    )
    assert change.affects == ("testing",)
    assert (derived.path, derived.old, derived.new, derived.direction) == (
        "responsibilities.testing.date",
        "2027-03-11",
        "2027-03-18",
        Direction.LOOSER,
    )


def test_milestone_moved_skips_the_calendars_holidays() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["calendar"] = {"country": "FR"}
        data["milestones"][0]["date"] = "2027-04-02"

    before = agreement(lambda d: d.update(calendar={"country": "FR"}))
    change = diff(before, agreement(edit))[-1]
    # Three working weeks less Monday 15 March, and 29 March is Easter Monday in France.
    assert (change.business_days, change.summary) == (
        13,
        "launch: 2027-03-15 → 2027-04-02, 13 business days later; affects testing",
    )
    back = diff(agreement(edit), before)[-1]
    assert (back.business_days, back.direction) == (-13, Direction.EARLIER)
    assert (
        back.summary == "launch: 2027-04-02 → 2027-03-15, 13 business days earlier; affects testing"
    )


def test_milestone_added_removed_and_described() -> None:
    def add(data: dict[str, Any]) -> None:
        data["milestones"].append({"id": "kickoff", "what": "Kick-off call", "date": "2027-01-05"})

    added = only(add)
    assert (added.kind, added.summary) == (Kind.ADDED, "kickoff: Kick-off call, 2027-01-05 (new)")
    described = only(lambda d: d["milestones"][0].update(what="The new site goes live"))
    assert described.summary == "launch: description: The {+new+} site goes live"


def test_terms_changed_added_and_renamed() -> None:
    changed = only(lambda d: d["terms"][0].update(text="Changes are quoted before work starts."))
    assert changed.summary == (
        "Changes: text: Changes [-to the scope-] are quoted [-first.-]{+before work starts.+}"
    )
    renamed = only(lambda d: d["terms"][0].update(heading="Scope changes"))
    assert (renamed.kind, renamed.path, renamed.summary) == (
        Kind.RENAMED,
        "terms.Scope changes",
        "Scope changes: renamed from Changes (same text)",
    )


def test_responsibilities_reordered() -> None:
    change = only(lambda d: d["responsibilities"].reverse())
    assert (change.kind, change.path, change.old, change.new) == (
        Kind.REORDERED,
        "responsibilities",
        ["feedback", "replies", "testing"],
        ["testing", "replies", "feedback"],
    )


def test_changes_come_in_document_order() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["terms"][0]["text"] = "Quoted first."
        data["version"] = "2"
        responsibility(data, "feedback")["deadline"] = "3 business days after each draft"

    assert [c.section for c in changes(edit)] == [
        Section.AGREEMENT,
        Section.RESPONSIBILITIES,
        Section.TERMS,
    ]
    assert spec()["version"] == "1"


def test_a_deadline_that_starts_counting_from_a_new_milestone() -> None:
    def before(data: dict[str, Any]) -> None:
        responsibility(data, "feedback")["deadline"] = "3 calendar days after kickoff"

    def after(data: dict[str, Any]) -> None:
        before(data)
        data["milestones"].append({"id": "kickoff", "what": "Kick-off", "date": "2027-01-05"})

    found = diff(agreement(before), agreement(after))
    assert [(c.path, c.direction, c.summary) for c in found] == [
        (
            "responsibilities.feedback.deadline",
            None,
            "feedback: deadline 3 calendar days after kickoff now counts from the milestone",
        ),
        ("milestones.kickoff", None, "kickoff: Kick-off, 2027-01-05 (new)"),
    ]
    back = diff(agreement(after), agreement(before))
    assert back[0].summary == (
        "feedback: deadline 3 calendar days after kickoff no longer counts from a milestone"
    )


def test_a_deadline_that_stops_counting_from_a_milestone_has_no_direction() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["milestones"][0]["id"] = "go-live"  # "launch" is now free text, not a milestone
        responsibility(data, "testing")["deadline"] = "1 week before launch"

    old, new = agreement(), agreement(edit)
    for before, after in ((old, new), (new, old)):
        change = next(c for c in diff(before, after) if c.path.endswith("testing.deadline"))
        assert (change.label, change.direction) == ("changed deadline", None)


def test_a_renamed_milestone_carries_its_deadlines_along() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["milestones"][0]["id"] = "go-live"
        responsibility(data, "testing")["deadline"] = "2 business days before go-live"

    change = only(edit)
    assert (change.kind, change.summary) == (
        Kind.RENAMED,
        "go-live: renamed from launch (same content)",
    )

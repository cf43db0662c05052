"""Which way a deadline moved, and word-level differences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workagree.dates.deadlines import parse
from workagree.diffing import Direction
from workagree.diffing.compare_deadlines import compare, phrase
from workagree.diffing.words import Op, marked, side, word_diff


@pytest.mark.parametrize(
    ("old", "new", "direction", "word"),
    [
        (
            "5 business days after each draft",
            "3 business days after each draft",
            Direction.STRICTER,
            "shorter",
        ),
        (
            "5 business days after each draft",
            "10 calendar days after each draft",
            Direction.LOOSER,
            "longer",
        ),
        ("5 business days after each draft", "1 week after each draft", None, ""),
        ("1 business week after each draft", "5 business days after each draft", None, ""),
        (
            "8 business hours after each request",
            "2 business days after each request",
            Direction.LOOSER,
            "longer",
        ),
        (
            "24 hours after each request",
            "2 calendar days after each request",
            Direction.LOOSER,
            "longer",
        ),
        ("1 month after signing", "4 weeks after signing", Direction.STRICTER, "shorter"),
        ("2 days before launch", "1 week before launch", Direction.STRICTER, "earlier"),
        ("1 week before launch", "2 days before launch", Direction.LOOSER, "later"),
        ("3 days after launch", "3 days before launch", None, ""),
        ("3 days after each draft", "3 days after each delivery", None, ""),
        ("3 days after Each  Draft", "2 days after each draft", Direction.STRICTER, "shorter"),
        ("2027-02-01", "2027-01-25", Direction.STRICTER, "earlier"),
        ("2027-02-01", "2027-02-08", Direction.LOOSER, "later"),
        ("every month", "every friday", Direction.STRICTER, "more often"),
        ("every business day", "every week", Direction.LOOSER, "less often"),
        ("every monday", "every friday", None, ""),
        ("every friday", "2027-02-01", None, ""),
    ],
)
def test_compare(old: str, new: str, direction: Direction | None, word: str) -> None:
    result = compare(parse(old), parse(new))
    assert (result.direction, result.word) == (direction, word)
    back = compare(parse(new), parse(old))
    assert back.direction == (direction.mirror() if direction else None)


def test_a_deadline_appearing_is_stricter_and_disappearing_looser() -> None:
    assert compare(None, parse("every friday")).direction is Direction.STRICTER
    assert compare(parse("every friday"), None).direction is Direction.LOOSER


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        (
            "5 business days after each draft",
            "3 business days after each draft",
            "5 → 3 business days after each draft",
        ),
        (
            "1 business day after each message",
            "2 business days after each message",
            "1 → 2 business days after each message",
        ),
        ("5 business days", "1 week", "5 business days → 1 week"),
        ("every friday", "every month", "every friday → every month"),
    ],
)
def test_phrase(old: str, new: str, text: str) -> None:
    assert phrase(parse(old), parse(new)) == text


def test_word_diff_marks_deletions_and_insertions_like_git() -> None:
    segments = word_diff("Pay within 30 days", "Pay each invoice within 14 days")
    assert marked(segments) == "Pay {+each invoice+} within [-30-]{+14+} days"
    assert [s.op for s in segments] == [
        Op.EQUAL,
        Op.INSERT,
        Op.EQUAL,
        Op.DELETE,
        Op.INSERT,
        Op.EQUAL,
    ]


_WORDS = st.lists(st.sampled_from(["pay", "the", "invoice", "within", "14", "days", "each"]))


@given(_WORDS, _WORDS)
def test_word_diff_spells_both_sides(old: list[str], new: list[str]) -> None:
    segments = word_diff(" ".join(old), " ".join(new))
    assert side(segments, Op.DELETE) == " ".join(old)
    assert side(segments, Op.INSERT) == " ".join(new)
    assert all(s.text for s in segments)

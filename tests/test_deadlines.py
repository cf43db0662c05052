"""The deadline grammar: what parses, to what, and how refusals read."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workagree.dates.deadlines import (
    MAX_AMOUNT,
    PERIODS,
    Basis,
    DeadlineSyntaxError,
    Direction,
    Every,
    OnDate,
    Unit,
    Within,
    parse,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-02-01", OnDate(dt.date(2027, 2, 1))),
        ("by 2027-02-01", OnDate(dt.date(2027, 2, 1))),
        ("5 business days", Within(5, Unit.DAYS, Basis.BUSINESS)),
        ("1 business day", Within(1, Unit.DAYS, Basis.BUSINESS)),
        (
            "5 business days after each draft",
            Within(5, Unit.DAYS, Basis.BUSINESS, Direction.AFTER, "each draft"),
        ),
        (
            "within  5 Business Days after Each Draft",
            Within(5, Unit.DAYS, Basis.BUSINESS, Direction.AFTER, "Each Draft"),
        ),
        (
            "4 business hours after each request",
            Within(4, Unit.HOURS, Basis.BUSINESS, Direction.AFTER, "each request"),
        ),
        ("2 weeks before launch", Within(2, Unit.WEEKS, None, Direction.BEFORE, "launch")),
        ("14 calendar days", Within(14, Unit.DAYS, Basis.CALENDAR)),
        ("3 working days", Within(3, Unit.DAYS, Basis.BUSINESS)),
        ("1 month after start", Within(1, Unit.MONTHS, None, Direction.AFTER, "start")),
        ("every friday", Every("friday")),
        ("every Fridays", Every("friday")),
        ("every business day", Every("business day")),
        ("every month", Every("month")),
    ],
)
def test_parses(text: str, expected: object) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("soon", "'soon' is not a deadline", "write a date (2027-02-01)"),
        ("", "the deadline is empty", "write a date"),
        ("-5 days", "'-5 days' is negative", "use 'before'"),
        ("0 days", "a deadline of zero is no deadline", "at least 1"),
        ("99999 years", "99999 is too large for a deadline (at most 999)", "larger unit"),
        ("5 years", "'years' is not a unit of time workagree understands", "hours, days, weeks"),
        ("2 business months", "'business months' has no clear meaning", "calendar months"),
        ("2027-02-30", "'2027-02-30' is not a real date", "YYYY-MM-DD"),
        ("every fortnight", "'every fortnight' is not a recurrence", "weekday"),
        ("5 days after", "'after' needs an event", "milestone id"),
        ("5 days from launch", "'from' is not supported here", "'after' or 'before'"),
    ],
)
def test_refusals_say_why_and_how(text: str, message: str, hint: str) -> None:
    with pytest.raises(DeadlineSyntaxError) as info:
        parse(text)
    assert info.value.message == message
    assert hint in info.value.hint


def test_only_plain_days_are_ambiguous() -> None:
    assert parse("5 days").ambiguous  # type: ignore[union-attr]
    assert not parse("5 business days").ambiguous  # type: ignore[union-attr]
    assert not parse("5 calendar days").ambiguous  # type: ignore[union-attr]
    assert not parse("5 hours").ambiguous  # type: ignore[union-attr]


events = (
    st.text(
        alphabet=st.characters(categories=("L", "N"), max_codepoint=0x4FF), min_size=1, max_size=12
    )
    .map(str.strip)
    .filter(bool)
)
withins = st.builds(
    Within,
    amount=st.integers(1, MAX_AMOUNT),
    unit=st.sampled_from(Unit),
    basis=st.sampled_from([None, Basis.CALENDAR, Basis.BUSINESS]),
    direction=st.none(),
    event=st.none(),
).filter(lambda w: not (w.basis is Basis.BUSINESS and w.unit is Unit.MONTHS))
anchored = st.builds(
    lambda w, d, e: Within(w.amount, w.unit, w.basis, d, e),
    withins,
    st.sampled_from(Direction),
    st.lists(events, min_size=1, max_size=3).map(" ".join),
)
deadlines_ = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31)).map(OnDate),
    withins,
    anchored,
    st.sampled_from(PERIODS).map(Every),
)


@given(deadlines_)
def test_canonical_text_round_trips(deadline: object) -> None:
    assert parse(str(deadline)) == deadline


@given(st.text(max_size=60))
def test_any_text_parses_or_is_refused_with_a_hint(text: str) -> None:
    try:
        parse(text)
    except DeadlineSyntaxError as exc:
        assert exc.message
        assert exc.hint

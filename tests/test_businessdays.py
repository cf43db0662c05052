"""Business-day arithmetic against known calendars, and its properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workagree.api import load_text
from workagree.dates import deadlines
from workagree.dates.businessdays import BusinessCalendar, due_date
from workagree.model import Calendar
from workagree.model.calendar import WEEKDAY_ORDER

D = dt.date
DK = BusinessCalendar(Calendar(country="DK"))


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (D(2027, 3, 25), "Maundy Thursday"),
        (D(2027, 3, 26), "Good Friday"),
        (D(2027, 3, 29), "Easter Monday"),
        (D(2027, 3, 27), "Saturday"),
    ],
)
def test_danish_easter_2027_is_closed(day: dt.date, why: str) -> None:
    assert not DK.is_business_day(day)
    assert DK.why_not_business_day(day) == why


def test_danish_easter_2027_is_skipped_both_ways() -> None:
    assert DK.is_business_day(D(2027, 3, 24))
    assert DK.shift(D(2027, 3, 24), 1, business=True) == D(2027, 3, 30)
    assert DK.shift(D(2027, 3, 30), -1, business=True) == D(2027, 3, 24)
    assert DK.business_days_between(D(2027, 3, 24), D(2027, 3, 30)) == 1
    assert DK.why_not_business_day(D(2027, 3, 30)) is None


def test_without_a_country_easter_monday_is_a_business_day() -> None:
    assert BusinessCalendar(Calendar()).is_business_day(D(2027, 3, 29))


def test_subdivision_adds_its_own_holidays() -> None:
    corpus_christi = D(2027, 5, 27)
    assert BusinessCalendar(Calendar(country="DE")).is_business_day(corpus_christi)
    bavaria = BusinessCalendar(Calendar(country="DE", subdivision="bayern"))
    assert bavaria.calendar.subdivision == "BY"
    assert bavaria.why_not_business_day(corpus_christi) == "Corpus Christi"
    assert not bavaria.is_business_day(corpus_christi)


def test_closed_range_is_skipped() -> None:
    studio = BusinessCalendar(Calendar(closed=["2027-07-05..2027-07-23", "2027-12-24"]))
    assert studio.why_not_business_day(D(2027, 7, 5)) == "closed"
    assert studio.why_not_business_day(D(2027, 7, 23)) == "closed"
    assert studio.is_business_day(D(2027, 7, 26))
    # Friday 2 July + 1 business day: the whole summer break is skipped.
    assert studio.shift(D(2027, 7, 2), 1, business=True) == D(2027, 7, 26)
    assert studio.business_days_between(D(2027, 7, 1), D(2027, 7, 30)) == 6
    assert studio.shift(D(2027, 12, 23), 1, business=True) == D(2027, 12, 27)


def test_custom_working_week() -> None:
    week = BusinessCalendar(Calendar(workdays=["sun", "mon", "tue", "wed", "thu"]))
    assert not week.is_business_day(D(2027, 1, 8))  # a Friday
    assert week.why_not_business_day(D(2027, 1, 9)) == "Saturday"
    assert week.is_business_day(D(2027, 1, 10))  # a Sunday
    assert week.shift(D(2027, 1, 7), 1, business=True) == D(2027, 1, 10)


def test_calendar_days_ignore_the_calendar() -> None:
    assert DK.shift(D(2027, 3, 24), 7, business=False) == D(2027, 3, 31)


SPEC = """\
workagree: 1
project: Spring campaign
effective: 2027-03-01
calendar: {country: DK}
parties:
  studio: {name: Northwind Studio, role: provider}
  client: {name: Contoso Ltd, role: client}
milestones:
  - {id: launch, what: Campaign goes live, date: 2027-03-31}
responsibilities:
  - {id: a, owner: studio, what: Deliver, deadline: 2027-03-02, if_missed: p}
  - {id: b, owner: client, what: Review, deadline: 1 week after launch, if_missed: p}
consequences: {p: Pause}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 business days before launch", D(2027, 3, 19)),
        ("1 business day after launch", D(2027, 4, 1)),
        ("1 business week before launch", D(2027, 3, 19)),
        ("2 calendar days before launch", D(2027, 3, 29)),
        ("1 month after launch", D(2027, 4, 30)),
        ("10 business days after start", D(2027, 3, 15)),
        ("3 business days after effective", D(2027, 3, 4)),
        ("2027-05-01", D(2027, 5, 1)),
        ("5 business days after each draft", None),
        ("4 business hours before launch", None),
        ("every friday", None),
    ],
)
def test_due_date(text: str, expected: dt.date | None) -> None:
    agreement = load_text(SPEC)
    assert due_date(agreement, deadlines.parse(text)) == expected


calendars = st.builds(
    lambda days, country, closed: Calendar(
        workdays=sorted(days, key=WEEKDAY_ORDER.index), country=country, closed=closed
    ),
    st.sets(st.sampled_from(WEEKDAY_ORDER), min_size=1),
    st.sampled_from([None, "DK", "FR", "EE", "US"]),
    st.lists(
        st.builds(
            lambda start, length: f"{start}..{start + dt.timedelta(days=length)}",
            st.dates(D(2026, 1, 1), D(2028, 12, 31)),
            st.integers(0, 30),
        ),
        max_size=3,
    ),
)
starts = st.dates(D(2026, 1, 1), D(2028, 12, 31))


@settings(max_examples=150, deadline=None)
@given(calendar=calendars, start=starts, days=st.integers(1, 60))
def test_adding_business_days_lands_on_a_business_day(
    calendar: Calendar, start: dt.date, days: int
) -> None:
    counter = BusinessCalendar(calendar)
    for sign in (1, -1):
        end = counter.shift(start, sign * days, business=True)
        assert counter.is_business_day(end)
        assert counter.business_days_between(start, end) == sign * days


@settings(max_examples=150, deadline=None)
@given(calendar=calendars, start=starts, days=st.integers(0, 60))
def test_forward_then_back_returns_to_a_business_day_start(
    calendar: Calendar, start: dt.date, days: int
) -> None:
    counter = BusinessCalendar(calendar)
    while not counter.is_business_day(start):
        start += dt.timedelta(days=1)
    there = counter.shift(start, days, business=True)
    assert counter.shift(there, -days, business=True) == start

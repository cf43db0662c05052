"""The response clock: business hours across nights, weekends, holidays and clock changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from workagree.dates import clock, deadlines
from workagree.dates.businessdays import BusinessCalendar
from workagree.model import Calendar
from workagree.model.calendar import WEEKDAY_ORDER

D = dt.date
T = dt.datetime
CPH = "Europe/Copenhagen"
DK = Calendar(country="DK", hours="09:00-17:00", timezone=CPH)
PLAIN_CPH = Calendar(hours="09:00-17:00", timezone=CPH)
US = Calendar(country="US", hours="09:00-17:00", timezone="America/New_York")


def at(calendar: Calendar, year: int, month: int, day: int, hour: int) -> dt.datetime:
    """A wall-clock time in the calendar's zone."""
    return clock.in_zone(calendar, T(year, month, day, hour))


def shown(moment: dt.datetime) -> str:
    return moment.isoformat()


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Wednesday before Easter: 2 hours left, then Maundy Thursday, Good Friday, the
        # weekend, Easter Monday, and the clocks go forward on Sunday 28 March.
        (T(2027, 3, 24, 15), 4, "2027-03-30T11:00:00+02:00"),
        (T(2027, 3, 26, 10), 4, "2027-03-30T13:00:00+02:00"),  # a start on Good Friday
        (T(2027, 3, 1, 20), 2, "2027-03-02T11:00:00+01:00"),  # a night
        (T(2027, 3, 5, 16), 3, "2027-03-08T11:00:00+01:00"),  # a weekend
        (T(2027, 3, 1, 7), 1, "2027-03-01T10:00:00+01:00"),  # before opening
        (T(2027, 3, 1, 13), 4, "2027-03-01T17:00:00+01:00"),  # runs out exactly at closing
        (T(2027, 3, 1, 17), 1, "2027-03-02T10:00:00+01:00"),  # a start at closing time
        (T(2027, 3, 1, 9), 16, "2027-03-02T17:00:00+01:00"),
        (T(2027, 3, 1, 9, 30), Decimal("1.5"), "2027-03-01T11:00:00+01:00"),
        (T(2027, 3, 1, 12), 0, "2027-03-01T12:00:00+01:00"),
        (T(2027, 3, 6, 12), 0, "2027-03-08T09:00:00+01:00"),  # zero hours on a Saturday
        (T(2026, 12, 23, 16), 10, "2026-12-28T10:00:00+01:00"),  # Christmas Day, Boxing Day
    ],
)
def test_business_hours_in_denmark(start: dt.datetime, hours: int, expected: str) -> None:
    assert shown(clock.add_business_hours(DK, start, hours)) == expected


def test_closed_days_are_skipped() -> None:
    calendar = Calendar(hours="09:00-17:00", timezone=CPH, closed=["2027-03-02..2027-03-03"])
    result = clock.add_business_hours(calendar, T(2027, 3, 1, 16), 2)
    assert shown(result) == "2027-03-04T10:00:00+01:00"


def test_the_spring_clock_change_is_wall_clock_time() -> None:
    # Friday 16:00 (+01:00) to Monday 10:00 (+02:00): 2 business hours, one hour less elapsed.
    start = at(PLAIN_CPH, 2027, 3, 26, 16)
    result = clock.add_business_hours(PLAIN_CPH, start, 2)
    assert shown(result) == "2027-03-29T10:00:00+02:00"
    assert result.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=65)


def test_the_autumn_clock_change_is_wall_clock_time() -> None:
    start = at(PLAIN_CPH, 2027, 10, 29, 16)
    result = clock.add_business_hours(PLAIN_CPH, start, 2)
    assert shown(result) == "2027-11-01T10:00:00+01:00"
    assert result.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=67)


def test_a_us_zone_changes_on_its_own_date() -> None:
    # New York moves its clocks on Sunday 14 March 2027, two weeks before Europe.
    result = clock.add_business_hours(US, T(2027, 3, 12, 16), 2)
    assert shown(result) == "2027-03-15T10:00:00-04:00"
    # Thanksgiving (Thursday 25 November 2027) is a US public holiday.
    result = clock.add_business_hours(US, T(2027, 11, 24, 16), 2)
    assert shown(result) == "2027-11-26T10:00:00-05:00"


def test_a_moment_with_an_offset_is_converted_into_the_agreements_zone() -> None:
    moment = clock.parse_moment(DK, "2027-03-30T07:00Z")
    assert shown(moment) == "2027-03-30T09:00:00+02:00"
    assert shown(clock.parse_moment(DK, "2027-03-30T09:00-05:00")) == "2027-03-30T16:00:00+02:00"
    assert shown(clock.parse_moment(DK, "2027-03-30 09:00")) == "2027-03-30T09:00:00+02:00"
    assert shown(clock.parse_moment(DK, "2027-03-30T09:00+0200")) == "2027-03-30T09:00:00+02:00"
    assert shown(clock.parse_moment(DK, "2027-03-30")) == "2027-03-30T00:00:00+02:00"
    # From UTC 15:30 on a Tuesday, two business hours reach into Wednesday morning.
    result = clock.add_business_hours(DK, T(2027, 3, 30, 13, 30, tzinfo=dt.UTC), 2)
    assert shown(result) == "2027-03-31T09:30:00+02:00"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the time is empty"),
        ("tomorrow", "'tomorrow' is not a date and time"),
        ("2027-02-30T10:00", "'2027-02-30T10:00' is not a real date and time"),
        ("2027-03-30T25:00", "'2027-03-30T25:00' is not a real date and time"),
        ("2027-03-30T10:00+25:00", "'2027-03-30T10:00+25:00' is not a real date and time"),
        (
            "9999-12-31T23:00-05:00",
            "'9999-12-31T23:00-05:00' is too close to the ends of the calendar",
        ),
    ],
)
def test_bad_moments_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(clock.ClockError) as caught:
        clock.parse_moment(DK, text)
    assert caught.value.message == message
    assert "2027-03-30T14:00" in caught.value.hint


def test_without_a_time_zone_the_clock_counts_in_utc_and_default_hours() -> None:
    calendar = Calendar()
    result = clock.add_business_hours(calendar, T(2027, 3, 1, 16), 2)
    assert shown(result) == "2027-03-02T10:00:00+00:00"
    assert clock.opening_hours(calendar) == clock.DEFAULT_HOURS


def test_a_wall_time_in_the_skipped_hour_moves_forward() -> None:
    night = Calendar(hours="01:00-04:00", timezone=CPH, workdays=list(WEEKDAY_ORDER))
    # Sunday 28 March 2027: 02:00-03:00 does not exist in Copenhagen.
    assert shown(clock.parse_moment(night, "2027-03-28T02:30")) == "2027-03-28T03:30:00+02:00"
    result = clock.add_business_hours(night, T(2027, 3, 28, 1, 30), 1)
    assert shown(result) == "2027-03-28T03:30:00+02:00"


def test_a_repeated_wall_time_is_the_first_unless_the_count_started_later() -> None:
    night = Calendar(hours="01:00-04:00", timezone=CPH, workdays=list(WEEKDAY_ORDER))
    # Sunday 31 October 2027: 02:00-03:00 happens twice in Copenhagen.
    result = clock.add_business_hours(night, T(2027, 10, 31, 1, 30), 1)
    assert shown(result) == "2027-10-31T02:30:00+02:00"
    second = dt.datetime(2027, 10, 31, 1, 30, tzinfo=dt.UTC)  # 02:30+01:00
    assert shown(clock.add_business_hours(night, second, 0)) == "2027-10-31T02:30:00+01:00"


def test_business_hours_between() -> None:
    a, b = T(2027, 3, 24, 15), T(2027, 3, 30, 11)
    assert clock.business_hours_between(DK, a, b) == dt.timedelta(hours=4)
    assert clock.business_hours_between(DK, b, a) == -dt.timedelta(hours=4)
    assert clock.business_hours_between(DK, a, a) == dt.timedelta(0)
    saturday, sunday = T(2027, 3, 6, 10), T(2027, 3, 7, 10)
    assert clock.business_hours_between(DK, saturday, sunday) == dt.timedelta(0)
    late = T(2027, 3, 1, 20)
    assert clock.business_hours_between(DK, late, T(2027, 3, 3, 8)) == dt.timedelta(hours=8)


def test_business_days_from_a_date_or_a_time() -> None:
    assert clock.add_business_days(DK, D(2027, 3, 24), 1) == D(2027, 3, 30)
    assert clock.add_business_days(DK, D(2027, 3, 30), -1) == D(2027, 3, 24)
    result = clock.add_business_days(DK, T(2027, 3, 24, 14, 15), 1)
    assert shown(result) == "2027-03-30T14:15:00+02:00"
    utc = clock.add_business_days(DK, T(2027, 3, 24, 23, 30, tzinfo=dt.UTC), 1)
    assert shown(utc) == "2027-03-30T00:30:00+02:00"  # from Maundy Thursday 00:30 there


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        ("4 business hours after each request", "2027-03-30T11:00:00+02:00"),
        ("1 business hour", "2027-03-24T16:00:00+01:00"),
        ("24 hours after each request", "2027-03-25T15:00:00+01:00"),
        ("2 business days after each request", "2027-03-31"),
        ("1 business week after each request", "2027-04-05"),
        ("3 calendar days after each request", "2027-03-27"),
        ("2 weeks after each request", "2027-04-07"),
        ("1 month after each request", "2027-04-24"),
    ],
)
def test_due_counts_every_kind_of_duration(deadline: str, expected: str) -> None:
    parsed = deadlines.parse(deadline)
    assert isinstance(parsed, deadlines.Within)
    assert clock.due(DK, parsed, at(DK, 2027, 3, 24, 15)).isoformat() == expected


def test_due_refuses_deadlines_that_do_not_run_from_a_moment() -> None:
    parsed = deadlines.parse("2 business days before launch")
    assert isinstance(parsed, deadlines.Within)
    with pytest.raises(clock.ClockError) as caught:
        clock.due(DK, parsed, at(DK, 2027, 3, 24, 15))
    assert caught.value.message == (
        "the deadline '2 business days before launch' is not counted from a request"
    )
    assert not clock.counts_from_request(deadlines.parse("every friday"))
    assert not clock.counts_from_request(deadlines.parse("2027-03-01"))
    assert clock.counts_from_request(deadlines.parse("4 business hours"))


# Properties. Business hours from 05:00 on stay clear of the hours clocks skip or repeat.
@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    opening = draw(st.integers(5, 20))
    closing = draw(st.integers(opening + 1, 23))
    minutes = draw(st.sampled_from([0, 30]))
    return Calendar(
        country=draw(st.sampled_from([None, "DK", "US", "EE"])),
        workdays=sorted(
            draw(st.sets(st.sampled_from(WEEKDAY_ORDER), min_size=1)), key=WEEKDAY_ORDER.index
        ),
        closed=[
            f"{day.isoformat()}..{(day + dt.timedelta(days=length)).isoformat()}"
            for day, length in draw(
                st.lists(
                    st.tuples(st.dates(D(2026, 1, 1), D(2028, 12, 31)), st.integers(0, 20)),
                    max_size=3,
                )
            )
        ],
        hours=f"{opening:02d}:{minutes:02d}-{closing:02d}:00",
        timezone=draw(st.sampled_from([None, CPH, "America/New_York", "Asia/Kolkata"])),
    )


moments = st.datetimes(T(2026, 1, 1), T(2028, 12, 31))
amounts = st.integers(0, 120)


def within_business_hours(calendar: Calendar, moment: dt.datetime) -> bool:
    wall = moment.astimezone(clock.zone(calendar)).replace(tzinfo=None)
    span = clock.opening_hours(calendar)
    return (
        BusinessCalendar(calendar).is_business_day(wall.date())
        and span.start <= wall.time() <= span.end
    )


@given(calendar=calendars(), start=moments, hours=amounts)
def test_the_result_is_always_within_business_hours(
    calendar: Calendar, start: dt.datetime, hours: int
) -> None:
    result = clock.add_business_hours(calendar, start, hours)
    assert within_business_hours(calendar, result)
    assert result.astimezone(dt.UTC) >= clock.in_zone(calendar, start).astimezone(dt.UTC)
    assert clock.business_hours_between(calendar, start, result) == dt.timedelta(hours=hours)


@given(calendar=calendars(), start=moments, first=amounts, second=amounts)
def test_more_hours_are_never_earlier_and_counts_add_up(
    calendar: Calendar, start: dt.datetime, first: int, second: int
) -> None:
    assume(first <= second)
    sooner = clock.add_business_hours(calendar, start, first)
    assert sooner <= clock.add_business_hours(calendar, start, second)
    assert clock.add_business_hours(calendar, start, first + second) == (
        clock.add_business_hours(calendar, sooner, second)
    )


@given(calendar=calendars(), start=moments, end=moments)
def test_business_time_between_is_antisymmetric_and_bounded(
    calendar: Calendar, start: dt.datetime, end: dt.datetime
) -> None:
    between = clock.business_hours_between(calendar, start, end)
    assert between == -clock.business_hours_between(calendar, end, start)
    elapsed = clock.in_zone(calendar, end) - clock.in_zone(calendar, start)
    assert abs(between) <= abs(elapsed) + dt.timedelta(hours=1)  # a clock change


@given(
    calendar=calendars(), start=st.dates(D(2026, 1, 1), D(2028, 12, 31)), days=st.integers(1, 40)
)
def test_business_days_land_on_business_days(calendar: Calendar, start: dt.date, days: int) -> None:
    result = clock.add_business_days(calendar, start, days)
    assert BusinessCalendar(calendar).is_business_day(result)
    assert BusinessCalendar(calendar).business_days_between(start, result) == days


@given(text=st.text(max_size=40) | st.from_regex(clock._MOMENT, fullmatch=True))
def test_any_text_is_a_moment_or_a_clear_error(text: str) -> None:
    try:
        moment = clock.parse_moment(DK, text)
    except clock.ClockError as exc:
        assert exc.message
        assert exc.hint
    else:
        assert moment.tzinfo is not None
        assert moment.utcoffset() is not None


@given(
    start=st.datetimes(
        T(1, 1, 2), T(9999, 12, 30), timezones=st.sampled_from([dt.UTC, clock.zone(DK)])
    )
    | st.datetimes(T(9999, 12, 1), T(9999, 12, 31, 23, 59)),
    deadline=st.sampled_from(
        [
            "4 business hours after each request",
            "999 business hours after each request",
            "24 hours after each request",
            "5 business days after each request",
            "999 months after each request",
        ]
    ),
)
def test_a_reply_is_due_or_the_calendar_has_ended(start: dt.datetime, deadline: str) -> None:
    from workagree.api import load_text
    from workagree.dates.replies import reply_due
    from workagree.errors import UsageError

    text = (
        "workagree: 1\nproject: P\ncalendar: {country: DK, hours: '09:00-17:00', "
        "timezone: Europe/Copenhagen}\nparties: {a: {name: A, role: provider}, "
        "b: {name: B, role: client}}\nresponsibilities:\n"
        f"  - {{id: r, owner: a, what: Answer, deadline: {deadline}, if_missed: p}}\n"
        "  - {id: s, owner: b, what: Pay, deadline: 2027-01-01, if_missed: p}\n"
        "consequences: {p: Pause.}\n"
    )
    agreement = load_text(text)
    try:
        reply = reply_due(agreement, "r", start)
    except UsageError as exc:
        assert "9999-12-31" in exc.problems[0].message
    else:
        due = reply.due
        if isinstance(due, dt.datetime):
            assert due.astimezone(dt.UTC) >= reply.received.astimezone(dt.UTC)
        else:
            assert due >= reply.received.date()

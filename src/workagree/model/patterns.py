"""The JSON Schema patterns of rules the validators check in code.

An editor reads the JSON Schema, not the validators, so each rule a field checks in
Python is written here once more as a regular expression the editor can run: real dates,
business hours, the deadline grammar, text that is stripped before its length counts.
They are plain ECMAScript (what editors and ``check-jsonschema`` run) that Python's ``re``
reads the same way: no inline flags (a case-insensitive word is spelt ``[Ee][Vv]...``),
no escapes that only one of them knows, ``[0-9]`` rather than ``\\d`` (which is ASCII in
ECMAScript and any script's digits in Python; the validators take ASCII digits too).
A pattern accepts exactly the text its validator accepts; ``tests/test_schema_rules.py``
holds them to that.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..dates import deadlines


def any_case(words: str) -> str:
    """``words`` in any case, with any run of spaces between them: ``[Bb][Yy]``."""
    return r"\s+".join(
        "".join(f"[{char.upper()}{char.lower()}]" if char.isalpha() else char for char in word)
        for word in words.split()
    )


def one_of(choices: Iterable[str], *, ignore_case: bool = False) -> str:
    """A group matching any one of ``choices`` (longest first, so none hides another)."""
    ordered = sorted(choices, key=len, reverse=True)
    return "(?:" + "|".join(any_case(c) if ignore_case else c for c in ordered) + ")"


def whole(pattern: str) -> str:
    """``pattern`` as the whole value, with spaces allowed around it (they are stripped)."""
    return rf"^\s*{pattern}\s*$"


def text(max_length: int | None, *, required: bool = True) -> str:
    """Text of at most ``max_length`` characters once the spaces around it are stripped.

    ``required``: at least one character that is not a space. The first and last
    characters that are not spaces bound what is counted, so spaces around the text
    (a block scalar's final line break) never count towards the limit.
    """
    if max_length is None:
        return r"\S" if required else ""
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    body = r"\S" if max_length == 1 else rf"\S(?:[\s\S]{{0,{max_length - 2}}}\S)?"
    return whole(body if required else f"(?:{body})?")


# A real date, YYYY-MM-DD, as ``datetime.date.fromisoformat`` reads it: year 0001 to 9999,
# each month's own number of days, and 29 February in leap years only.
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DATE = rf"(?!0000)(?:[0-9]{{4}}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"

# A time of day, 0:00 to 23:59, and business hours "09:00-17:00".
TIME = r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9]"
HOURS = rf"{TIME}\s*[-–]\s*{TIME}"

# A closed day or an inclusive range of days.
CLOSED = rf"{DATE}(?:\s*\.\.\s*{DATE})?"


def _deadline() -> str:
    """The deadline grammar of :mod:`workagree.dates.deadlines` as one expression."""
    if deadlines.MAX_AMOUNT != 999:
        raise AssertionError("the amount below is written for 1..999")
    # 1 to 999, written with at most six digits (leading zeros allowed), an optional '+'
    amount = r"\+?(?:0{0,5}[1-9]|0{0,4}[1-9][0-9]|0{0,3}[1-9][0-9]{2})"
    plural = [f"{unit.singular}s?" for unit in deadlines.Unit]
    business = [f"{unit.singular}s?" for unit in deadlines.Unit if unit != deadlines.Unit.MONTHS]
    units = "(?:" + "|".join(any_case(unit) for unit in plural) + ")"
    business_units = "(?:" + "|".join(any_case(unit) for unit in business) + ")"
    counted = (
        rf"(?:{one_of(['business', 'working'], ignore_case=True)}\s+{business_units}"
        rf"|{any_case('calendar')}\s+{units}|{units})"
    )
    event = rf"\s+{one_of(list(deadlines.Direction), ignore_case=True)}\s+\S[\s\S]*?"
    duration = rf"(?:{any_case('within')}\s+)?{amount}\s+{counted}(?:{event})?"
    weekdays = [f"{day}s?" for day in deadlines.WEEKDAYS]
    periods = [*weekdays, *(p for p in deadlines.PERIODS if p not in deadlines.WEEKDAYS)]
    periods += ["working day", "weekday"]  # the grammar's other names for a business day
    every = rf"{any_case('every')}\s*{one_of(periods, ignore_case=True)}"
    on_date = rf"(?:{any_case('by')}\s+)?{DATE}"
    return whole(f"(?:{on_date}|{every}|{duration})")


DEADLINE = _deadline()

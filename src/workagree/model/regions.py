"""Look-ups of countries, their subdivisions and time zones, done only when a spec names one.

The ``holidays`` package is imported here on first use, so checking a spec without
a ``calendar.country`` never loads it; loading one country's rules stays cheap.
"""

from __future__ import annotations

import ast
import importlib.util
import zoneinfo
from functools import cache
from pathlib import Path

from pydantic_core import PydanticCustomError

from ..errors import did_you_mean


def _registry_codes() -> frozenset[str] | None:
    """The country codes in holidays' registry, read from its source without importing it.

    Importing ``holidays`` costs more than the rest of ``validate`` together; its registry
    is a plain dict literal, so reading it is enough to check a country code.
    """
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    registry = Path(next(iter(spec.submodule_search_locations))) / "registry.py"
    try:
        tree = ast.parse(registry.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    target: ast.expr
    value: ast.expr | None
    for node in tree.body:
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if not (isinstance(target, ast.Name) and target.id == "COUNTRIES") or value is None:
            continue
        try:
            entries = ast.literal_eval(value)
        except ValueError:
            return None
        return frozenset(code for names in entries.values() for code in names[1:] if len(code) == 2)
    return None


@cache
def country_codes() -> frozenset[str]:
    """Two-letter codes of every country with a public-holiday calendar (aliases included)."""
    codes = _registry_codes()
    if codes:
        return codes
    from holidays.registry import EntityLoader

    return frozenset(code for code in EntityLoader.get_country_codes() if len(code) == 2)


@cache
def subdivisions(country: str) -> dict[str, str]:
    """A country's subdivisions: every accepted spelling (code or name, upper case) → code."""
    import holidays

    entity = holidays.country_holidays(country, years=[])
    names = {str(code).upper(): str(code) for code in entity.subdivisions}
    aliases = getattr(entity, "subdivisions_aliases", {}) or {}
    names.update({str(alias).upper(): str(code) for alias, code in aliases.items()})
    return names


def subdivision_code(country: str, value: str) -> str:
    """The holidays code for a subdivision written as a code or a name, in any case."""
    known = subdivisions(country)
    code = known.get(value.upper())
    if code is not None:
        return code
    codes = sorted(set(known.values()))
    if not codes:
        raise PydanticCustomError(
            "subdivision",
            "{country} has no subdivisions with their own public holidays",
            {"country": country, "hint": "remove 'subdivision'"},
        )
    close = did_you_mean(value.upper(), known)
    raise PydanticCustomError(
        "subdivision",
        "'{value}' is not a subdivision of {country}{close}",
        {
            "value": value,
            "country": country,
            "close": f" (did you mean '{known[close]}'?)" if close else "",
            "hint": "use one of: " + ", ".join(codes),
        },
    )


def timezone_name(value: str) -> str:
    """``value`` if it names an IANA time zone; a problem with a suggestion otherwise."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    else:
        return value
    names = zoneinfo.available_timezones()
    by_upper = {name.upper(): name for name in names}
    close = by_upper.get(value.upper().replace(" ", "_")) or did_you_mean(value, names)
    raise PydanticCustomError(
        "timezone",
        "'{value}' is not a time zone{close}",
        {
            "value": value,
            "close": f" (did you mean '{close}'?)" if close else "",
            "hint": "use an IANA time zone name such as Europe/Copenhagen or America/New_York",
        },
    )

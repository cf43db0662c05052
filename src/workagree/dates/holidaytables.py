"""Public holidays by country and year, kept in workagree's cache folder.

Importing the ``holidays`` package imports every one of its few hundred country modules
(about a tenth of a second), although an agreement needs one country and a few years.
``validate`` looks up the dates of milestones and repetitions to warn about public
holidays, so every ``validate`` of a spec with a ``country`` would pay that. Instead the
holidays of each (country, subdivision, year) looked up are kept as JSON in the cache
folder (see :mod:`workagree.cache`), under the ``holidays`` version they came from, and
``holidays`` is imported only for a year not kept yet. The table is the same either way;
a cache that cannot be read or written is passed over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from ..cache import cache_root, private_folder
from ..spec.characters import FORBIDDEN


@cache
def _version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:  # pragma: no cover - a dependency of workagree
        return None


def _file(country: str, subdivision: str | None) -> Path | None:
    root, version = cache_root(), _version()
    if root is None or version is None:
        return None
    folder = private_folder(root / f"holidays-{version}")
    return None if folder is None else folder / f"{country}-{subdivision or ''}.json"


def _plain(item: tuple[object, object]) -> bool:
    """A ``date -> name`` entry of plain text: no control, bidi or surrogate characters."""
    day, name = item
    return (
        isinstance(day, str)
        and isinstance(name, str)
        and not FORBIDDEN.search(day)
        and not FORBIDDEN.search(name)
    )


class HolidayTable:
    """``day -> name`` for one country (and subdivision), as ``holidays`` says."""

    def __init__(self, country: str, subdivision: str | None) -> None:
        self.country = country
        self.subdivision = subdivision
        self._years: dict[int, dict[str, str]] = {}
        self._stored: dict[str, dict[str, str]] | None = None

    def get(self, day: dt.date) -> str | None:
        return self._year(day.year).get(day.isoformat())

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.get(day) is not None

    def _year(self, year: int) -> dict[str, str]:
        if year not in self._years:
            stored = self._read()
            if str(year) not in stored:
                stored[str(year)] = self._compute(year)
                self._write(stored)
            self._years[year] = stored[str(year)]
        return self._years[year]

    def _compute(self, year: int) -> dict[str, str]:
        import holidays

        table = holidays.country_holidays(self.country, subdiv=self.subdivision, years=year)
        return {day.isoformat(): str(name) for day, name in sorted(table.items())}

    def _read(self) -> dict[str, dict[str, str]]:
        if self._stored is None:
            self._stored = {}
            path = _file(self.country, self.subdivision)
            # Anything unexpected (damaged, nested too deep, names that are not plain
            # text) means the file is computed again, never that a command fails.
            with contextlib.suppress(Exception):
                if path is not None and path.is_file():
                    data = json.loads(path.read_text(encoding="utf-8"))
                    if isinstance(data, dict) and all(
                        isinstance(days, dict) and all(map(_plain, days.items()))
                        for days in data.values()
                    ):
                        self._stored = data
        return self._stored

    def _write(self, stored: dict[str, dict[str, str]]) -> None:
        path = _file(self.country, self.subdivision)
        if path is None:
            return
        with contextlib.suppress(OSError):
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(stored, handle, sort_keys=True)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise


@cache
def holiday_table(country: str, subdivision: str | None) -> HolidayTable:
    """The one table of a country (and subdivision) in this process: each calendar that
    counts business days asks it, and its cache file is read once, not once per count."""
    return HolidayTable(country, subdivision)

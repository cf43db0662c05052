"""Which messages a language's catalog leaves untranslated (they come out in English).

Reads the ``.po`` files with the standard library only, so checking a spec never
imports Babel.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .. import i18n


@dataclass
class Entry:
    """One message of a catalog: its English text and its translations (one per plural form)."""

    msgid: str = ""
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.msgstr) and all(self.msgstr)


def _string(line: str) -> str:
    """The text of a quoted ``.po`` string (C-style escapes, as Python reads them)."""
    return str(ast.literal_eval(line))


@cache
def entries(text: str) -> dict[str, Entry]:
    """The messages of a ``.po`` or ``.pot`` text by English text (the header left out)."""
    found: dict[str, Entry] = {}
    entry, target = Entry(), ""
    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line or line.startswith("#~"):
            if entry.msgid:
                found[entry.msgid] = entry
            entry, target = Entry(), ""
        elif line.startswith("#,"):
            entry.fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            target = "plural"
        elif line.startswith("msgid "):
            entry.msgid, target = _string(line[6:]), "msgid"
        elif line.startswith("msgstr"):
            entry.msgstr.append(_string(line.split(" ", 1)[1]))
            target = "msgstr"
        elif line.startswith('"') and target == "msgid":
            entry.msgid += _string(line)
        elif line.startswith('"') and target == "msgstr":
            entry.msgstr[-1] += _string(line)
    return found


def template_text() -> str:
    """The text of ``workagree.pot``: every message workagree writes."""
    return resources.files(__package__).joinpath("catalogs", "workagree.pot").read_text("utf-8")


def untranslated(locale: str) -> list[str]:
    """The English text of every message ``locale``'s catalog does not translate, sorted.

    Empty for English, the source language.
    """
    text = i18n.catalog_text(locale)
    if text is None:
        return []
    catalog = entries(text)
    return sorted(
        msgid
        for msgid in entries(template_text())
        if msgid not in catalog or not catalog[msgid].translated
    )

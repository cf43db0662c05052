"""Changes for people (text, Markdown) and for programs (JSON).

Renderers are plain functions ``list[Change] -> str`` (text goes to a rich console,
which colours it on a terminal and leaves it plain when piped).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from ..spec.characters import json_safe
from .change import Change
from .kinds import Kind, Section
from .words import Op, unmarked

_MARK = {Kind.ADDED: "+", Kind.REMOVED: "-"}
_STYLE = {Kind.ADDED: "green", Kind.REMOVED: "red"}
_GLANCE = {Kind.ADDED: "➕ **added**", Kind.REMOVED: "➖ **removed**"}
_DELETED = r"\[-.*?-\]"
_INSERTED = r"\{\+.*?\+\}"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_<>|#])")


def plural(noun: str) -> str:
    """``deadline`` → ``deadlines``, ``new party`` → ``new parties``."""
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def summary_line(changes: Sequence[Change]) -> str:
    """``3 changes: 1 stricter deadline, 1 new responsibility, 1 removed consequence``."""
    if not changes:
        return "no changes"
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.label] = counts.get(change.label, 0) + 1
    parts = [f"{n} {label if n == 1 else plural(label)}" for label, n in counts.items()]
    total = len(changes)
    return f"{total} change{'s' if total != 1 else ''}: {', '.join(parts)}"


def by_section(changes: Sequence[Change]) -> dict[Section, list[Change]]:
    """The changes grouped by section, sections in document order."""
    grouped: dict[Section, list[Change]] = {section: [] for section in Section}
    for change in changes:
        grouped[change.section].append(change)
    return {section: items for section, items in grouped.items() if items}


def print_text(console: Console, changes: Sequence[Change]) -> None:
    """The summary line, then each section's changes, coloured where the console allows."""
    console.print(Text(summary_line(changes), style="bold"), soft_wrap=True)
    for section, items in by_section(changes).items():
        console.print()
        console.print(Text(section.heading, style="bold underline"), soft_wrap=True)
        for change in items:
            line = Text(
                f"  {_MARK.get(change.kind, '~')} ", style=_STYLE.get(change.kind, "yellow")
            )
            body = Text(change.summary)
            body.highlight_regex(_DELETED, "red strike")
            body.highlight_regex(_INSERTED, "green underline")
            line.append_text(body)
            console.print(line, soft_wrap=True)


def to_text(changes: Sequence[Change]) -> str:
    """The text form without colour, as a string."""
    buffer = io.StringIO()
    print_text(Console(file=buffer, width=10_000, no_color=True, highlight=False), changes)
    return buffer.getvalue()


def to_markdown(changes: Sequence[Change]) -> str:
    """A summary and a list per section, for a pull-request comment.

    Each item starts with what happened (➕ added, ➖ removed, ✏️ and the kind otherwise);
    changed words are <del>/<ins>, which GitHub and GitLab show struck through and
    underlined (they show ``[-…-]``/``{+…+}`` as typed).
    """
    lines = [f"**{_md(summary_line(changes))}**"]
    for section, items in by_section(changes).items():
        lines += ["", f"#### {section.heading}", ""]
        lines += [f"- {_glance(change.kind)}: {_md_marked(change.summary)}" for change in items]
    return "\n".join(lines) + "\n"


def _glance(kind: Kind) -> str:
    return _GLANCE.get(kind, f"✏️ **{kind}**")


def _md_marked(text: str) -> str:
    tags = {Op.DELETE: "del", Op.INSERT: "ins"}
    parts = []
    for run in unmarked(text):
        tag = tags.get(run.op)
        parts.append(f"<{tag}>{_md(run.text)}</{tag}>" if tag else _md(run.text))
    return "".join(parts)


def to_json(changes: Sequence[Change]) -> str:
    """The documented JSON list of changes (see docs/diff.md), with no raw control character."""
    return (
        json_safe(json.dumps([c.as_dict() for c in changes], indent=2, ensure_ascii=False)) + "\n"
    )


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)

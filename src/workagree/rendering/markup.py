"""Light Markdown for the free ``terms`` text: emphasis and lists, nothing else.

User text is parsed into a tiny tree first (paragraphs and bullet lists of runs of
plain, *emphasised* and **strong** text), and every run is escaped for the output
format when it is written out. Links, HTML, images and headings stay literal text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape as html_escape

_LIST_ITEM = re.compile(r"^\s*[-*+]\s+(?P<text>.+)$")
_INLINE = re.compile(
    r"\*\*(?P<strong>[^*\s](?:[^*\n]*?[^*\s])?)\*\*"
    r"|(?<![*\w])\*(?P<em>[^*\s](?:[^*\n]*?[^*\s])?)\*(?![*\w])"
)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


@dataclass(frozen=True)
class Run:
    text: str
    style: str = ""  # "", "em" or "strong"


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    items: tuple[tuple[Run, ...], ...]


def _inline(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _line_start(text: str) -> str:
    # A leading "1." or "-" would start a list, a leading "=", "+" or "#" a heading or list.
    text = re.sub(r"^(\d+)\.", r"\1\\.", text)
    return re.sub(r"^([-=+#])", r"\\\1", text)


def md_escape(text: str) -> str:
    """``text`` as literal Markdown: no emphasis, links, HTML, table cells or headings."""
    return _line_start(_inline(text.strip()))


def _runs(text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position : match.start()]))
        if match["strong"] is not None:
            runs.append(Run(match["strong"], "strong"))
        else:
            runs.append(Run(match["em"], "em"))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    return tuple(runs)


def parse(text: str) -> list[Block]:
    """Paragraphs (separated by blank lines) and bullet lists (lines starting with ``-``)."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("p", (_runs(" ".join(paragraph)),)))
            paragraph.clear()
        if items:
            blocks.append(Block("ul", tuple(_runs(item) for item in items)))
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif match := _LIST_ITEM.match(line):
            if paragraph:
                flush()
            items.append(" ".join(match["text"].split()))
        elif items:
            items[-1] += " " + line
        else:
            paragraph.append(line)
    flush()
    return blocks


def _html_runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = html_escape(run.text, quote=True)
        out.append(f"<{run.style}>{text}</{run.style}>" if run.style else text)
    return "".join(out)


def _md_runs(runs: tuple[Run, ...]) -> str:
    marks = {"": "", "em": "*", "strong": "**"}
    return _line_start("".join(f"{marks[r.style]}{_inline(r.text)}{marks[r.style]}" for r in runs))


def to_html(text: str) -> str:
    """The light-Markdown ``text`` as safe HTML."""
    parts = []
    for block in parse(text):
        if block.kind == "p":
            parts.append(f"<p>{_html_runs(block.items[0])}</p>")
        else:
            items = "".join(f"<li>{_html_runs(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def to_markdown(text: str) -> str:
    """The light-Markdown ``text`` as Markdown in which only emphasis and lists are live."""
    parts = []
    for block in parse(text):
        if block.kind == "p":
            parts.append(_md_runs(block.items[0]))
        else:
            parts.append("\n".join(f"- {_md_runs(item)}" for item in block.items))
    return "\n\n".join(parts)

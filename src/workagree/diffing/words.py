"""Word-level differences between two texts, for `what` and other free text."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

_MARKED = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")


class Op(StrEnum):
    """What happened to a run of words."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True)
class Segment:
    """A run of words that was kept, deleted or inserted."""

    op: Op
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"op": str(self.op), "text": self.text}


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The words of ``old`` and ``new`` as kept, deleted and inserted runs.

    Words are split on whitespace and joined with single spaces; a replaced run is
    a deletion followed by an insertion. The equal and deleted runs spell ``old``,
    the equal and inserted runs spell ``new``.
    """
    a, b = old.split(), new.split()
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment(Op.EQUAL, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment(Op.DELETE, " ".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment(Op.INSERT, " ".join(b[j1:j2])))
    return tuple(segments)


def side(segments: tuple[Segment, ...], op: Op) -> str:
    """The text on one side: ``Op.DELETE`` gives the old text, ``Op.INSERT`` the new."""
    return " ".join(s.text for s in segments if s.op in (Op.EQUAL, op))


def marked(segments: tuple[Segment, ...]) -> str:
    """``kept [-deleted-]{+inserted+}`` (the notation of ``git diff --word-diff``)."""
    text = ""
    previous: Op | None = None
    for segment in segments:
        if previous is not None and not (previous is Op.DELETE and segment.op is Op.INSERT):
            text += " "
        if segment.op is Op.DELETE:
            text += f"[-{segment.text}-]"
        elif segment.op is Op.INSERT:
            text += f"{{+{segment.text}+}}"
        else:
            text += segment.text
        previous = segment.op
    return text


def unmarked(text: str) -> list[Segment]:
    """The runs of a text that :func:`marked` wrote: kept text, deletions and insertions.

    Every format that shows marks (Markdown, the redline) reads summaries through this.
    """
    runs: list[Segment] = []
    last = 0
    for match in _MARKED.finditer(text):
        if match.start() > last:
            runs.append(Segment(Op.EQUAL, text[last : match.start()]))
        gone, came = match.groups()
        runs.append(Segment(Op.DELETE, gone) if gone is not None else Segment(Op.INSERT, came))
        last = match.end()
    if last < len(text):
        runs.append(Segment(Op.EQUAL, text[last:]))
    return runs

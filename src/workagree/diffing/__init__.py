"""Diffing: what changed between two versions of an agreement, in terms of obligations.

diff(old, new) -> list[Change]        format_text / format_markdown / format_json
"""

from .change import Change
from .changes import diff
from .kinds import Direction, Kind, Section
from .words import Op, Segment

__all__ = ["Change", "Direction", "Kind", "Op", "Section", "Segment", "diff"]

"""Characters that control a terminal or disguise text: one definition for reading and printing.

The loader refuses them in specs (raw or written as YAML escapes such as ``"\\e"``),
and the consoles print them as visible escapes (``\\x1b``) wherever else they come
from: file names, git revisions, settings. Both use :data:`FORBIDDEN`, so what a
spec may contain and what the terminal is protected from cannot drift apart.

Forbidden: control characters (C0, DEL, C1) other than tab and line feed, lone
surrogates, the noncharacters U+FFFE/U+FFFF, and the bidi embeddings, overrides
and isolates (U+202A-U+202E, U+2066-U+2069) that reorder text so it reads as
something else. Tab and line feed stay: multi-line text needs line feeds and a
tab is harmless. The directional *marks* (U+200E, U+200F, U+061C) stay too:
right-to-left text needs them and they cannot reorder a run of text.
"""

from __future__ import annotations

import re
import unicodedata

_OVERRIDE = "a text-direction override that can disguise text"
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
_UNNAMED = {"Cc": "control character", "Cs": "surrogate", "Cn": "noncharacter"}
HINT = "delete it (it is invisible in most editors)"


def is_forbidden(char: str) -> bool:
    """Whether one character may not appear in a spec nor be printed as it is."""
    return FORBIDDEN.fullmatch(char) is not None


def message(char: str) -> str:
    """``character U+001B (control character) is not allowed`` (bidi controls say why)."""
    name = unicodedata.name(char, _UNNAMED.get(unicodedata.category(char), "")).lower()
    kind = _OVERRIDE if char in BIDI_CONTROLS else "not allowed"
    return f"character U+{ord(char):04X} ({name}) is {kind}"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every forbidden character written as an escape: ESC becomes ``\\x1b``."""
    return FORBIDDEN.sub(_escape, text)


def json_safe(text: str) -> str:
    """JSON text with the forbidden characters ``json.dumps`` leaves raw written as ``\\uXXXX``.

    Only valid for JSON (they can only occur inside its strings); the decoded data
    is unchanged.
    """
    return FORBIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", text)

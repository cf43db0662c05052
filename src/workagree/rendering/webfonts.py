"""The fonts of a standalone HTML file: the bundled faces, cut down to what it shows.

An HTML file is opened from a mail or a download folder on its own, so it cannot load
``fonts/*.ttf`` from beside itself. Its ``@font-face`` rules carry the fonts instead, as
``data:`` URLs: each bundled face subset to the characters of the document (both cases
of each letter, for ``text-transform``), in WOFF2. A page of agreement then weighs
about 200 KB rather than the 700 KB of the whole fonts.

The PDF engine reads the same template with the font files' own URLs (fetched through
its confined fetcher, :func:`workagree.engine.weasy.make_fetcher`): WeasyPrint makes its
own subset of each font for the PDF. Only the ``src`` of each ``@font-face`` differs
between the two; templates read it from ``fonts``, a mapping from file name to source.

The same document gives the same bytes: fontTools' timestamp in each font's ``head``
table is the document's date (see :func:`workagree.engine.subsetting.stamped`), and
subsetting and WOFF2's Brotli compression are otherwise deterministic.

Subsetting six faces takes a second or more, so each subset is also kept in the cache
folder (:mod:`workagree.cache`), named by a hash of everything that makes it: the font
file, the characters, the timestamp and the fontTools version. A cached subset that
cannot be read or written is made again.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path

from markupsafe import Markup

from .themes import templates_root

FOLDER = "fonts"
SUFFIXES = (".ttf", ".otf")
# Always in the subset, whatever the text: digits and punctuation that CSS may generate
# (page counters, list markers, the redline's "+" and "−", quotes) and a browser may use.
ALWAYS = "".join(chr(code) for code in range(0x20, 0x7F)) + "\u00a0«»·–—‐‑‒−‘’‚“”„…•›‹"
# The OpenType features browsers apply by default (as HarfBuzz does for the PDF):
# kerning, ligatures, contextual forms, marks. Any other feature is dropped with its glyphs.
FEATURES = ("kern", "liga", "clig", "calt", "rlig", "ccmp", "locl", "mark", "mkmk")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})")


@cache
def faces() -> tuple[str, ...]:
    """The file names of the bundled fonts, sorted."""
    folder = templates_root() / FOLDER
    return tuple(sorted(p.name for p in folder.iterdir() if p.suffix.lower() in SUFFIXES))


def linked() -> Mapping[str, str]:
    """Each bundled font's source as a URL beside the templates: what the PDF engine reads."""
    return {name: Markup('url("{}/{}")').format(FOLDER, name) for name in faces()}


def characters(document: str) -> str:
    """Every character ``document`` can show, in code point order.

    That is every character of its source with entities and CSS escapes decoded (text,
    attribute values and CSS ``content`` alike: a little more than is shown, never less),
    each letter in both cases, and :data:`ALWAYS`.
    """
    text = html.unescape(document)
    text += "".join(chr(int(code, 16)) for code in _CSS_ESCAPE.findall(text) if _valid(code))
    found = set(text) | set(ALWAYS)
    for char in list(found):
        found.update(char.upper(), char.lower(), char.casefold())
    return "".join(sorted(c for c in found if c.isprintable() or c in "\u00a0"))


def _valid(code: str) -> bool:
    value = int(code, 16)
    return 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF


def embedded(chars: str, created: str | None, names: Iterable[str]) -> Mapping[str, str]:
    """Each of the bundled fonts ``names`` as a WOFF2 ``data:`` URL holding just ``chars``.

    ``created`` (a W3C date, or None) is the timestamp written into each font. Fonts not
    named keep their own URLs (a document that does not use them never shows them).
    """
    sources = dict(linked())
    for name in names:
        sources[name] = Markup('url("data:font/woff2;base64,{}") format("woff2")').format(
            base64.b64encode(_subset(name, chars, created)).decode("ascii")
        )
    return sources


def standalone(render: Callable[[Mapping[str, str]], str], *, created: str | None) -> str:
    """The document ``render`` makes, with the fonts it shows inside it.

    ``render`` is called with the fonts' own URLs, to learn what the document shows and
    which fonts it uses; then, if it uses any, with those fonts as ``data:`` URLs holding
    its characters. A document (a user's template) that uses no bundled font is left as
    it is, with nothing subset.
    """
    own = linked()
    draft = render(own)
    used = [name for name, url in own.items() if url in draft]
    if not used:
        return draft
    return render(embedded(characters(draft), created, used))


@lru_cache(maxsize=128)  # a watch, a build or a test renders the same text more than once
def _subset(name: str, chars: str, created: str | None) -> bytes:
    from fontTools import version as fonttools_version

    source = _path(name).read_bytes()
    key = hashlib.sha256(
        "\0".join(["woff2-1", fonttools_version, created or "", chars]).encode()
        + hashlib.sha256(source).digest()
    ).hexdigest()
    folder = _cache_folder()
    if folder is not None:
        try:
            kept = (folder / f"{key}.woff2").read_bytes()
        except OSError:
            kept = b""
        # A WOFF2 file starts with its signature and states its own length: a cut-off
        # or damaged file is made again rather than sent.
        if kept[:4] == b"wOF2" and int.from_bytes(kept[8:12], "big") == len(kept):
            return kept
    made = _make_subset(source, chars, created)
    if folder is not None:
        _keep(folder / f"{key}.woff2", made)
    return made


def _make_subset(source: bytes, chars: str, created: str | None) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from ..engine import subsetting

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = list(FEATURES)
    options.hinting = False  # browsers rasterise unhinted text well; a third of the size
    options.notdef_outline = True
    options.name_IDs = ["*"]  # the copyright and licence names the fonts' licences ask for
    font = TTFont(io.BytesIO(source), lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    out = io.BytesIO()
    with subsetting.stamped(created):
        font.save(out)
    return out.getvalue()


def _cache_folder() -> Path | None:
    from ..cache import cache_root, private_folder

    root = cache_root()
    return None if root is None else private_folder(root / "webfonts")


def _keep(path: Path, data: bytes) -> None:
    """Write a cached subset atomically; a cache that cannot be written is passed over."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


def _path(name: str) -> Path:
    return templates_root() / FOLDER / name

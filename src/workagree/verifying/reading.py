"""Reading what a PDF says of its agreement, within limits: the PDF is attacker input.

What is read: the agreement the PDF carries (the associated file ``agreement.json``, see
:mod:`workagree.engine.archival`), the fingerprint its pages show, and its digital
signatures with the bytes each one covers (:mod:`.signatures`).

A PDF may be damaged or built to hurt its reader: huge, deeply nested, or with a small
stream that inflates to gigabytes. pypdf (imported here only, so that `--help` stays
quick) reads it with its own limits lowered (no stream inflates past
:data:`MAX_STREAM`, the spec past :data:`MAX_SOURCE`), inside the same address-space
cap as a render, and only the first :data:`MAX_PAGES` pages are searched for the
fingerprint. Whatever goes wrong while reading (pypdf raises many kinds of exception on
damaged files) is one clear message with exit 2.
"""

from __future__ import annotations

import contextlib
import logging
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine.archival import SOURCE_NAME
from ..errors import WorkagreeError
from ..spec.files import NOT_REGULAR, NOT_REGULAR_HINT, NotRegularFile, read_regular
from .signatures import Signature, signatures

MAX_FILE = 32 << 20  # bytes of PDF read at all
MAX_SOURCE = 4 << 20  # bytes the embedded spec may inflate to
MAX_STREAM = 16 << 20  # bytes any other stream may inflate to
MAX_PAGES = 5  # pages searched for the fingerprint
MAX_DEPTH = 16  # levels of a name tree or field tree followed
MAX_ENTRIES = 1000  # names in the embedded-files tree looked at
_HEADER = b"%PDF-"


@dataclass(frozen=True)
class Evidence:
    """What one PDF says of the agreement it shows."""

    file: str
    size: int
    source: bytes | None  # the agreement it carries (canonical JSON), if any
    source_offsets: tuple[int, ...]  # where the objects holding it start in the file
    footer: str | None  # the fingerprint its pages show, if any
    signatures: tuple[Signature, ...]
    pages: int


def read_evidence(path: Path, *, display: str | None = None) -> Evidence:
    """Read ``path`` as a PDF. Raises :class:`WorkagreeError` (exit 2) when it cannot be read."""
    name = display or str(path)
    data = _read_bytes(path, name)
    start = data.find(_HEADER, 0, 1024)
    if start < 0:
        raise _unreadable(name, "is not a PDF (it does not start with %PDF-)", "not-a-pdf")
    try:
        with _bounded():
            return _evidence(name, data)
    except WorkagreeError:
        raise
    except MemoryError:
        raise _unreadable(
            name, "needs too much memory to read; it is not a PDF workagree made"
        ) from None
    except RecursionError:
        raise _unreadable(name, "is nested too deeply to read; it is damaged or hostile") from None
    except Exception as exc:  # pypdf's many exceptions on a damaged file: all mean "unreadable"
        import pypdf.errors

        if isinstance(exc, pypdf.errors.LimitReachedError):
            raise _unreadable(
                name, f"is past the limits workagree reads a PDF within ({exc})"
            ) from None
        if isinstance(exc, pypdf.errors.FileNotDecryptedError):
            raise _unreadable(name, "is encrypted with a password", "encrypted") from None
        reason = str(exc).strip() or type(exc).__name__
        if isinstance(exc, KeyError):
            reason = f"{exc.args[0] if exc.args else 'an entry'} is missing"
        raise _unreadable(name, f"is damaged and cannot be read ({reason[:200]})") from None


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        data = read_regular(path, MAX_FILE + 1)
    except NotRegularFile:
        raise WorkagreeError.single(
            name, NOT_REGULAR, "not-a-file", hint=NOT_REGULAR_HINT, exit_code=2
        ) from None
    except IsADirectoryError:
        raise _unreadable(name, "is a folder, not a file", "not-a-file") from None
    except FileNotFoundError:
        raise _unreadable(name, "no such file", "file-not-found") from None
    except OSError as exc:
        raise _unreadable(name, f"cannot be read: {exc.strerror or exc}", "unreadable") from None
    if len(data) > MAX_FILE:
        raise _unreadable(
            name, f"is larger than {MAX_FILE >> 20} MiB; an agreement PDF is one page", "too-large"
        )
    return data


def _unreadable(name: str, message: str, code: str = "unreadable-pdf") -> WorkagreeError:
    return WorkagreeError.single(
        name,
        message,
        code,
        hint="check that this is the PDF made by `workagree render` (or a signed copy of it)",
        exit_code=2,
    )


@contextlib.contextmanager
def _bounded() -> Iterator[None]:
    """pypdf with lowered limits, quiet (it logs and warns about damage it works around),
    within the address-space cap of a render."""
    import pypdf

    from ..rendering.limits import memory_bound

    logger = logging.getLogger("pypdf")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    try:
        with (
            warnings.catch_warnings(),
            memory_bound(),
            pypdf.apply_configuration(
                maximum_declared_stream_length=MAX_FILE,
                zlib_maximum_output_length=MAX_STREAM,
                lzw_maximum_output_length=MAX_STREAM,
                run_length_maximum_output_length=MAX_STREAM,
                brotli_maximum_output_length=MAX_STREAM,
                array_based_stream_maximum_output_length=MAX_STREAM,
                image_maximum_buffer_size=MAX_STREAM,
                xmp_maximum_input_length=1 << 20,
                outline_maximum_depth=MAX_DEPTH,
                page_tree_maximum_depth=MAX_DEPTH,
                form_fields_maximum_depth=MAX_DEPTH,
                named_destinations_maximum_depth=MAX_DEPTH,
                jbig2dec_binary=None,  # never run a program on attacker input
            ),
        ):
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


def _evidence(name: str, data: bytes) -> Evidence:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise _unreadable(name, "is encrypted with a password", "encrypted")
    root = reader.trailer["/Root"].get_object()
    source, offsets = _source(reader, root, name)
    return Evidence(
        file=name,
        size=len(data),
        source=source,
        source_offsets=offsets,
        footer=_footer(reader),
        signatures=tuple(signatures(reader, root, len(data), MAX_DEPTH)),
        pages=len(reader.pages),
    )


def _source(reader: Any, root: Any, name: str) -> tuple[bytes | None, tuple[int, ...]]:
    """The spec the PDF carries as its associated ``agreement.json``, and where it lies."""
    from pypdf.generic import IndirectObject

    names = root.get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    found = [spec for key, spec in _name_tree(tree, 0, [0]) if key == SOURCE_NAME]
    found = [s for s in found if str(s.get_object().get("/AFRelationship")) == "/Source"]
    if not found:
        return None, ()
    if len(found) > 1:
        raise _unreadable(name, f"carries {len(found)} agreements; workagree makes PDFs with one")
    reference = found[0]
    filespec = reference.get_object()
    stream_reference = filespec["/EF"].get_object()["/F"]
    stream = stream_reference.get_object()
    params = stream.get("/Params")
    declared = params.get_object().get("/Size") if params is not None else None
    if isinstance(declared, int) and declared > MAX_SOURCE:
        raise _unreadable(name, f"carries an agreement of {declared:,} bytes; the limit is 4 MiB")
    import pypdf

    with pypdf.apply_configuration(zlib_maximum_output_length=MAX_SOURCE + 1):
        content = stream.get_data()
    if len(content) > MAX_SOURCE:
        raise _unreadable(name, "carries an agreement that inflates past 4 MiB")
    objects = [r for r in (reference, stream_reference) if isinstance(r, IndirectObject)]
    return bytes(content), tuple(_offset(reader, r.idnum, r.generation) for r in objects)


def _name_tree(node: Any, depth: int, seen: list[int]) -> Iterator[tuple[str, Any]]:
    """The (name, value) pairs of a PDF name tree, followed only so far and so wide."""
    if node is None or depth > MAX_DEPTH:
        return
    node = node.get_object()
    pairs = node.get("/Names")
    if pairs is not None:
        pairs = pairs.get_object()
        for index in range(0, len(pairs) - 1, 2):
            seen[0] += 1
            if seen[0] > MAX_ENTRIES:
                return
            key = pairs[index].get_object()
            yield str(key), pairs[index + 1]
    for kid in node.get("/Kids") or []:
        yield from _name_tree(kid, depth + 1, seen)


def _offset(reader: Any, number: int, generation: int) -> int:
    """Where object ``number`` starts in the file (for one in an object stream: that stream)."""
    if number in reader.xref_objStm:
        container = reader.xref_objStm[number][0]
        return int(reader.xref.get(0, {}).get(container, -1))
    return int(reader.xref.get(generation, {}).get(number, -1))


def _footer(reader: Any) -> str | None:
    """The fingerprint the first pages show, as the footer writes it in any language."""
    pattern = footer_pattern()
    for page in reader.pages[:MAX_PAGES]:
        text = " ".join((page.extract_text() or "").split())
        found = pattern.search(text)
        if found:
            return found.group(1)
    return None


def footer_pattern() -> re.Pattern[str]:
    """``Fingerprint 0123456789ab`` in every language the templates speak."""
    from ..i18n import translate
    from ..locales import SUPPORTED_LOCALES

    words = set()
    for locale in SUPPORTED_LOCALES:
        text = translate(locale, "Fingerprint %(fingerprint)s", fingerprint="\0")
        words.add(" ".join(text.partition("\0")[0].split()))
    labels = "|".join(sorted((re.escape(word) for word in words if word), key=len, reverse=True))
    return re.compile(rf"(?:{labels})\s*([0-9a-f]{{12}})(?![0-9a-f])", re.IGNORECASE)

"""Digital signatures in a PDF, and which bytes each one covers.

A PDF signature signs the bytes its ``/ByteRange`` names: the whole file as it was when
signed, except the hole where the signature itself is written. Tools that change a PDF
later (another signature, a form filled in, a note added) append an incremental update
after those bytes, so the signed revision stays as it was and the file grows.

What matters here is whether the agreement the PDF carries was among the signed bytes:
the objects holding it must start inside the signed revision and not in the hole. If a
later update put a different agreement in its place, the objects pypdf reads are those
of the update, after the signed bytes, and the agreement is reported as not covered.

This says nothing of who signed or whether the signature is valid: that is for a
signature validator (pyHanko, Adobe Acrobat), with the signer's certificate.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..spec.characters import visible

_TEXT_LIMIT = 200  # characters of a signer's name or reason kept


@dataclass(frozen=True)
class Signature:
    """One signature field with a value: its name, signer, time and the bytes it covers."""

    field: str
    signer: str | None
    signed_at: str | None  # as the PDF writes it (D:20270111093000+01'00')
    byte_range: tuple[int, int, int, int]
    whole_file: bool  # no update was appended after it
    covers_source: bool | None = None  # whether the carried agreement is signed; None: no copy

    @property
    def end(self) -> int:
        """Where the signed revision ends."""
        start, length, second, second_length = self.byte_range
        return max(start + length, second + second_length)

    def covers(self, offset: int) -> bool:
        """Whether an object starting at ``offset`` is among the signed bytes."""
        start, length, second, second_length = self.byte_range
        return start <= offset < start + length or second <= offset < second + second_length

    def as_dict(self) -> dict[str, object]:
        return {
            "field": self.field,
            "signer": self.signer,
            "signed_at": self.signed_at,
            "byte_range": list(self.byte_range),
            "whole_file": self.whole_file,
            "covers_agreement": self.covers_source,
        }


def signatures(reader: Any, root: Any, size: int, max_depth: int) -> Iterator[Signature]:
    """The signed signature fields of the form in ``root`` (at most 100)."""
    form = root.get("/AcroForm")
    if form is None:
        return
    found = 0
    for field in _fields(form.get_object().get("/Fields"), 0, max_depth):
        value: Any = field.get("/V")
        value = value.get_object() if value is not None else None
        if str(field.get("/FT")) != "/Sig" or not hasattr(value, "get"):
            continue
        byte_range = _byte_range(value.get("/ByteRange"))
        if byte_range is None:
            continue
        found += 1
        if found > 100:
            return
        start, length, second, second_length = byte_range
        yield Signature(
            field=_text(field.get("/T")) or "(unnamed)",
            signer=_text(value.get("/Name")),
            signed_at=_text(value.get("/M")),
            byte_range=byte_range,
            whole_file=start == 0 and max(start + length, second + second_length) == size,
        )


def _fields(fields: Any, depth: int, max_depth: int) -> Iterator[Any]:
    if fields is None or depth > max_depth:
        return
    for reference in fields.get_object():
        field = reference.get_object()
        if not hasattr(field, "get"):
            continue
        yield field
        yield from _fields(field.get("/Kids"), depth + 1, max_depth)


def _byte_range(value: Any) -> tuple[int, int, int, int] | None:
    if value is None:
        return None
    numbers = value.get_object()
    if len(numbers) != 4 or not all(isinstance(n, int) and n >= 0 for n in numbers):
        return None
    first, length, second, second_length = (int(n) for n in numbers)
    return first, length, second, second_length


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value.get_object()).strip()
    return visible(text[:_TEXT_LIMIT]) if text else None

"""PDF/A-3b: the PDF as an archival document that carries the agreement it shows.

Every agreement PDF is written as PDF/A-3b (WeasyPrint's ``pdf/a-3b`` variant): XMP
metadata with the title, author, subject, language and the PDF/A identification, an
sRGB output intent, every font embedded, and the agreement's canonical spec embedded as
an associated file (``/AFRelationship /Source``), so the document is its own evidence
and ``workagree verify`` can compare it with a spec months later.

The spec is the only file a PDF may carry. A template could ask WeasyPrint for more
(``<link rel=attachment>``, ``<a rel=attachment>``); such a document is refused, the
same way a template's refused resource is, before anything is written.

Nothing here depends on the time: the attachment's dates and the XMP ``CreateDate``
are the document's creation date, which the templates take from the spec.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..errors import WorkagreeError

VARIANT = "pdf/a-3b"
SOURCE_NAME = "agreement.json"
SOURCE_DESCRIPTION = (
    "The agreement this document shows, in workagree's canonical form; "
    "the first 12 hex digits of its SHA-256 are the fingerprint on the page"
)
_DC = "http://purl.org/dc/elements/1.1/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def refuse_other_attachments(document: Any) -> None:
    """Refuse a document whose templates ask for files to be attached to the PDF."""
    asked: list[str] = []
    if document.metadata.attachments:
        asked.append("<link rel=attachment>")
    if any(link[0] == "attachment" for page in document.pages for link in page.links):
        asked.append("<a rel=attachment>")
    if asked:
        raise WorkagreeError.single(
            "templates",
            f"the template attaches a file to the PDF ({' and '.join(asked)}); "
            "the only file a PDF carries is its agreement",
            "attachment-refused",
            hint="remove rel=attachment from the template's links; "
            "`render --no-embed-source` leaves out the agreement too",
        )


def finish(document: Any, pdf: Any) -> None:
    """Name each associated file once in the catalog's ``/AF`` (WeasyPrint lists it twice)."""
    associated = pdf.catalog.get("AF")
    if associated:
        unique = list(dict.fromkeys(associated))
        associated.clear()
        associated.extend(unique)


def source_attachment(engine: Any, source: str, created: str | None) -> Any:
    """The canonical spec as WeasyPrint's associated file, dated ``created`` (the spec's date)."""
    moment = created_moment(created)
    return engine.Attachment(
        string=source,
        name=SOURCE_NAME,
        description=SOURCE_DESCRIPTION,
        created=moment,
        modified=moment,
        relationship="Source",
    )


def created_moment(created: str | None) -> datetime:
    """``created`` (a W3C date, as in ``dcterms.created``) as a UTC time; 1970 when absent."""
    from .subsetting import DEFAULT_CREATED

    for text in (created or "", DEFAULT_CREATED):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            continue
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    raise AssertionError("DEFAULT_CREATED is a date")  # pragma: no cover


def add_language(metadata: Any) -> None:
    """Have the XMP packet name the document's language (``dc:language``) as well.

    WeasyPrint writes the language to the catalog's ``/Lang`` only; PDF/A readers look for
    it in the XMP metadata. Only this document's metadata object is changed.
    """
    language = metadata.lang
    if not language:
        return
    original = metadata.generate_rdf_metadata

    def generate(variant: str, version: int, conformance: str) -> bytes:
        from xml.etree.ElementTree import SubElement, fromstring, tostring

        rdf = fromstring(original(variant, version, conformance))
        description = SubElement(rdf, f"{{{_RDF}}}Description", {f"{{{_RDF}}}about": ""})
        bag = SubElement(SubElement(description, f"{{{_DC}}}language"), f"{{{_RDF}}}Bag")
        SubElement(bag, f"{{{_RDF}}}li").text = str(language)
        return bytes(tostring(rdf, encoding="utf-8"))

    metadata.generate_rdf_metadata = generate

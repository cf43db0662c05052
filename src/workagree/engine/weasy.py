"""WeasyPrint in this process: imported lazily, fetching only bundled files, deterministic.

This module imports nothing heavy at load time, so that the helper process (see
:mod:`workagree.engine.helper`) can load WeasyPrint without Jinja, Babel or the models.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import WorkagreeError
from . import archival, subsetting
from .overflow import overflow

MISSING_ENGINE_HINT = (
    "install the Pango libraries WeasyPrint needs, e.g. on Debian/Ubuntu: "
    "sudo apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; "
    "Markdown and HTML output work without them"
)

SLOW_SUBSETTING_NOTE = (
    "note: fonts are subset with fontTools, not HarfBuzz's subsetter (libharfbuzz-subset0), "
    "so PDFs render a little more slowly; see `workagree doctor`"
)


def weasyprint() -> Any:
    """The WeasyPrint module, or one clear error when it (or its system libraries) is missing.

    Its font subsetting is set up here (see :mod:`workagree.engine.subsetting`), so that
    every PDF, in this process, the helper or a build worker, is made the same way.
    """
    try:
        import weasyprint as engine
        from weasyprint.pdf import fonts
    except (ImportError, OSError) as exc:
        raise WorkagreeError.single(
            "workagree",
            f"PDF output needs WeasyPrint and its system libraries ({exc})",
            "no-pdf-engine",
            hint=MISSING_ENGINE_HINT,
        ) from None
    subsetting.install(fonts)
    return engine


def make_fetcher(folders: list[Path]) -> Any:
    """A fetcher serving ``data:`` URLs and files inside ``folders``; it refuses the rest."""
    urls = weasyprint().urls
    allowed = [folder.resolve() for folder in folders]

    class Refused(urls.FatalURLFetchingError):  # type: ignore[name-defined,misc]
        def __init__(self, url: str, why: str) -> None:
            super().__init__(f"'{url[:120]}' was not loaded: {why}")
            self.url = url
            self.why = why

    class BundledOnly(urls.URLFetcher):  # type: ignore[name-defined,misc]
        refused = Refused

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise Refused(url, "only bundled template files and data: URLs may be used")
            try:
                path = Path(unquote(parts.path)).resolve()
            except (ValueError, OSError):  # a NUL in the path, a loop of links
                raise Refused(url, "it is not the path of a file") from None
            if not any(path.is_relative_to(folder) for folder in allowed) or not path.is_file():
                raise Refused(url, "it is outside the template folders")
            return urls.URLFetcherResponse(url, path.read_bytes())

    return BundledOnly(fail_on_errors=True)


@dataclass(frozen=True)
class PdfResult:
    pdf: bytes
    pages: int
    spill: str | None  # the first section (its heading) that reaches past page 1
    overflow: str | None  # where text first runs outside its box or the page


@dataclass(frozen=True)
class PdfRequest:
    """One HTML document to lay out: everything the engine needs, and nothing it could fetch."""

    html: str
    base_url: str
    folders: list[Path]  # the only folders its resources may come from
    identifier: str  # ASCII; makes the PDF's /ID, so the same document gives the same bytes
    source: str | None = None  # the canonical spec to embed (see engine.archival); None: none


def _spill(document: Any) -> str | None:
    for page in document.pages[1:]:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.get("data-section"):
                return str(element.get("data-section"))
    return None


def html_to_pdf(request: PdfRequest) -> PdfResult:
    """PDF bytes for rendered HTML, fetching only files inside ``request.folders``."""
    engine = weasyprint()
    fetcher = make_fetcher(request.folders)
    failures = _Failures()
    engine.LOGGER.addHandler(failures)
    try:
        document = engine.HTML(
            string=request.html, base_url=request.base_url, url_fetcher=fetcher
        ).render(pdf_tags=True, pdf_variant=archival.VARIANT)
        archival.refuse_other_attachments(document)
        archival.add_language(document.metadata)
        created = document.metadata.created
        attachments = []
        if request.source is not None:
            attachments.append(archival.source_attachment(engine, request.source, created))
        with subsetting.stamped(created):
            data = document.write_pdf(
                pdf_identifier=request.identifier.encode("ascii"),
                pdf_tags=True,
                pdf_variant=archival.VARIANT,
                attachments=attachments,
                finisher=archival.finish,
            )
    except engine.urls.FatalURLFetchingError as exc:  # ours (Refused), or one it wraps
        raise _refused(str(exc)) from None
    except OSError as exc:  # WeasyPrint writes the fonts it embeds to a temporary folder
        raise _write_failed(exc) from None
    finally:
        engine.LOGGER.removeHandler(failures)
    if failures.messages:  # a resource WeasyPrint could not use: left out, but not silently
        raise _refused(failures.messages[0])
    return PdfResult(bytes(data), len(document.pages), _spill(document), overflow(document))


class _Failures(logging.Handler):
    """WeasyPrint's reports of resources it failed to load or draw ("Failed to load image
    at ..."), which it otherwise leaves out of the PDF without stopping."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Failed to"):
            self.messages.append(message[:300])


def _refused(why: str) -> WorkagreeError:
    return WorkagreeError.single(
        "templates",
        f"a resource in the template was refused: {why}",
        "resource-refused",
        hint="templates may load only files inside their own folders, or data: URLs",
    )


def _write_failed(exc: OSError) -> WorkagreeError:
    """The same error as any other file that cannot be written, naming where it was."""
    import tempfile

    folder = str(Path(exc.filename).parent) if exc.filename else tempfile.gettempdir()
    return WorkagreeError.single(
        folder,
        f"cannot be written: {exc.strerror or exc} (WeasyPrint writes the PDF's fonts here)",
        "write-failed",
        hint="check free disk space and the file size limit (ulimit -f), or set TMPDIR to "
        "another folder; the previous PDF is unchanged",
    )


def fast_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz, not fontTools, in this process."""
    weasyprint()
    from weasyprint.pdf import fonts

    return subsetting.harfbuzz(fonts)

"""Writing a Word document with python-docx: styles from the theme, text, tracked changes.

python-docx does the writing. What its API lacks is added with its own element API
(``OxmlElement``, ``qn``), and only that: tracked insertions and deletions
(``w:ins``, ``w:del`` with ``w:delText``), a table header row that repeats on every
page (``w:tblHeader``), the document's language (``w:lang``) and borders.

Text from a spec is attacker input. It only ever becomes the text of a run (``w:t``):
no field codes, no hyperlinks, no external relationships, no macros; characters that
XML 1.0 forbids are dropped. The package is rewritten with fixed timestamps, so the
same spec gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Row
    from docx.text.paragraph import Paragraph

# Characters XML 1.0 does not allow (the loader refuses controls already; this is the floor).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Parts of python-docx's default template that say nothing about this document.
_DROPPED = ("/thumbnail", "/stylesWithEffects", "/customXml")
INSERTED, DELETED = "ins", "del"
PAGES = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}  # width and height in points
MARGINS = (48.2, 39.7)  # left and right, top and bottom, in points (1.7 cm, 1.4 cm)
CELL_PADDING = 10.8  # a table cell's left and right padding together (Word's default)


@dataclass(frozen=True)
class Seg:
    """A run of text: ``op`` is ``""``, ``"ins"`` or ``"del"``; ``style`` ``""``, ``"em"``
    or ``"strong"``."""

    text: str
    op: str = ""
    style: str = ""


@dataclass
class Para:
    """A paragraph of a cell: ``kind`` is ``"p"`` or ``"li"`` (a bullet)."""

    kind: str = "p"
    segs: list[Seg] = field(default_factory=list)


class _Marks(HTMLParser):
    """Reads the redline's own HTML (see :mod:`workagree.rendering.marks`) back into runs.

    That HTML is made by workagree with every piece of user text escaped, so its only
    tags are ``ins``, ``del``, ``p``, ``ul``, ``li``, ``em`` and ``strong``.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[Para] = [Para()]
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("p", "li"):
            if self.paras[-1].segs:
                self.paras.append(Para(tag))
            else:
                self.paras[-1].kind = tag
        elif tag in ("ins", "del", "em", "strong"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            self.open.reverse()
            self.open.remove(tag)
            self.open.reverse()

    def handle_data(self, data: str) -> None:
        op = next((t for t in reversed(self.open) if t in (INSERTED, DELETED)), "")
        style = next((t for t in reversed(self.open) if t in ("em", "strong")), "")
        self.paras[-1].segs.append(Seg(data, op, style))


def paragraphs(markup: str) -> list[Para]:
    """Redline HTML as paragraphs of runs, the spaces beside a change moved into it."""
    parser = _Marks()
    parser.feed(str(markup))
    parser.close()
    return [Para(p.kind, _spaced(p.segs)) for p in parser.paras if p.segs]


def runs(markup: str) -> list[Seg]:
    """Redline HTML of one line as runs."""
    return [seg for para in paragraphs(markup) for seg in para.segs]


def _spaced(segs: list[Seg]) -> list[Seg]:
    """A change takes the space after it (or, at the end, the space before it), so that
    accepting or rejecting it leaves single spaces: ``a [b ]c``, not ``a  c``."""
    out = [s for s in segs if s.text]
    for i, seg in enumerate(out):
        if not seg.op:
            continue
        after = out[i + 1] if i + 1 < len(out) else None
        before = out[i - 1] if i else None
        if after is not None and not after.op and after.text[:1] == " ":
            out[i] = Seg(seg.text + " ", seg.op, seg.style)
            out[i + 1] = Seg(after.text[1:], after.op, after.style)
        elif after is None and before is not None and not before.op and before.text[-1:] == " ":
            out[i] = Seg(" " + seg.text, seg.op, seg.style)
            out[i - 1] = Seg(before.text[:-1], before.op, before.style)
    return [s for s in out if s.text]


def clean(text: str) -> str:
    """``text`` with what XML 1.0 forbids removed, tabs and line breaks as spaces."""
    return _NOT_XML.sub("", text).replace("\t", " ").replace("\r", " ").replace("\n", " ")


@dataclass(frozen=True)
class Look:
    """A theme's Word styles: the font, the accent colour, where the title sits."""

    font: str = "Georgia"
    heading_font: str = ""
    accent: str = "1D1D1F"
    muted: str = "5B5B60"
    title_align: str = "center"
    size: float = 9.5  # the body's size in points


@dataclass(frozen=True)
class Revision:
    """Who made the tracked changes, and when."""

    author: str
    date: dt.date | None


class Writer:
    """One Word document being written, with its styles and tracked-change ids."""

    def __init__(self, look: Look, *, page: str, language: str, revision: Revision) -> None:
        import docx

        self.look = look
        self.language = language
        self.revision = revision
        self._ids = 0
        self.doc: Document = docx.Document()
        self._page(page)
        self._styles()

    # -- the page and the styles ------------------------------------------------------

    def _page(self, page: str) -> None:
        from docx.shared import Cm, Pt

        section = self.doc.sections[0]
        width, height = PAGES.get(page, PAGES["a4"])
        section.page_width, section.page_height = Pt(width), Pt(height)
        section.top_margin = section.bottom_margin = Pt(MARGINS[1])
        section.left_margin = section.right_margin = Pt(MARGINS[0])
        section.header_distance = section.footer_distance = Cm(0.7)

    @property
    def width(self) -> int:
        """The width between the margins, in EMU."""
        section = self.doc.sections[0]
        return int(section.page_width or 0) - int(section.left_margin or 0) * 2

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        look, styles, size = self.look, self.doc.styles, self.look.size
        accent, muted = RGBColor.from_string(look.accent), RGBColor.from_string(look.muted)
        # The document's language and font, for every run that does not say otherwise.
        defaults = styles.element.find(qn("w:docDefaults"))
        assert defaults is not None  # python-docx's template has them
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        assert r_pr is not None
        for old in r_pr.findall(qn("w:lang")):
            r_pr.remove(old)
        lang = OxmlElement("w:lang")
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), self.language)
        r_pr.append(lang)
        self._font(r_pr, look.font)
        headings = look.heading_font or look.font
        for name, points, bold, colour, before, after in (
            ("Normal", size, False, None, 0, 0),
            ("Title", size * 1.9, True, accent, 0, size * 0.2),
            ("Subtitle", size * 1.12, False, None, 0, size * 0.1),
            ("Heading 1", size * 1.12, True, accent, size * 0.8, size * 0.25),
            ("Heading 2", size * 0.95, True, accent, 0, size * 0.1),
            ("List Bullet", size * 0.95, False, None, 0, 0),
            ("Footer", size * 0.75, False, muted, 0, 0),
        ):
            style: Any = styles[name]
            style.font.size = Pt(points)
            style.font.bold = bold
            style.font.italic = name == "Subtitle" and look.title_align == "center"
            style.font.color.rgb = colour
            for attribute in ("spacing", "kern"):
                for old in style.element.findall(f"{qn('w:rPr')}/{qn('w:' + attribute)}"):
                    old.getparent().remove(old)
            font = style.element.get_or_add_rPr()
            self._font(font, headings if name.startswith(("Title", "Heading")) else look.font)
            fmt = style.paragraph_format
            fmt.space_before, fmt.space_after = Pt(before), Pt(after)
            fmt.line_spacing = 1.0
            if name.startswith("Heading"):
                fmt.keep_with_next = True
            if name in ("Title", "Subtitle"):
                align = look.title_align == "center"
                fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if align else WD_ALIGN_PARAGRAPH.LEFT
        title_rule = styles["Title"].element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        if title_rule is not None:
            title_rule.getparent().remove(title_rule)
        styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # The responsibilities table: its rules live in a table style, to restyle in Word.
        table: Any = styles.add_style("Responsibilities", WD_STYLE_TYPE.TABLE)
        table.base_style = styles["Normal Table"]
        table.font.size = Pt(size * 0.95)
        tbl_pr = OxmlElement("w:tblPr")  # after the style's w:rPr, where the schema wants it
        table.element.append(tbl_pr)
        borders = OxmlElement("w:tblBorders")
        for edge, weight in (("top", 8), ("bottom", 8), ("insideH", 4)):
            borders.append(_border(edge, weight, look.accent if edge != "insideH" else "C9CDD2"))
        tbl_pr.append(borders)

    @staticmethod
    def _font(r_pr: Any, name: str) -> None:
        """Set ``name`` for every script; a theme font would otherwise win in Word."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.insert(0, fonts)
        for key in list(fonts.attrib):
            fonts.attrib.pop(key)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), name)

    # -- text ---------------------------------------------------------------------------

    def paragraph(
        self,
        segs: list[Seg],
        *,
        style: str | None = None,
        state: str = "same",
        into: Any = None,
        bold: bool = False,
        muted: bool = False,
        size: float | None = None,
    ) -> Paragraph:
        """A paragraph of ``segs`` at the end of ``into`` (the body, a cell or a footer);
        ``state`` ``added`` or ``removed`` tracks the paragraph itself as inserted or deleted."""
        container = self.doc if into is None else into
        paragraph: Paragraph = container.add_paragraph(style=style)
        self.add(paragraph, segs, bold=bold, muted=muted, size=size)
        self.track_paragraph(paragraph, state)
        return paragraph

    def add(
        self,
        paragraph: Paragraph,
        segs: list[Seg],
        *,
        bold: bool = False,
        muted: bool = False,
        size: float | None = None,
    ) -> None:
        """Append ``segs`` to ``paragraph`` as runs, each change tracked."""
        from docx.shared import Pt, RGBColor

        for seg in segs:
            text = clean(seg.text)
            if not text:
                continue
            run = paragraph.add_run(text)
            run.bold = True if bold or seg.style == "strong" else None
            run.italic = True if seg.style == "em" else None
            if muted:
                run.font.color.rgb = RGBColor.from_string(self.look.muted)
            if size is not None:
                run.font.size = Pt(size)
            if seg.op:
                self._track_run(run._r, seg.op)

    def _change(self, tag: str) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self._ids += 1
        change = OxmlElement(tag)
        change.set(qn("w:id"), str(self._ids))
        change.set(qn("w:author"), clean(self.revision.author))
        if self.revision.date is not None:
            change.set(qn("w:date"), f"{self.revision.date.isoformat()}T00:00:00Z")
        return change

    def _track_run(self, r: Any, op: str) -> None:
        from docx.oxml.ns import qn

        change = self._change(f"w:{op}")
        r.addprevious(change)
        change.append(r)
        if op == DELETED:
            for text in r.findall(qn("w:t")):
                text.tag = qn("w:delText")

    def track_paragraph(self, paragraph: Paragraph, state: str) -> None:
        """Track the paragraph mark of an added or removed item, so that accepting or
        rejecting the change removes the paragraph too, not only its words."""
        from docx.oxml import OxmlElement

        if state not in ("added", "removed"):
            return
        p_pr = paragraph._p.get_or_add_pPr()
        r_pr = OxmlElement("w:rPr")
        r_pr.append(self._change("w:ins" if state == "added" else "w:del"))
        p_pr.append(r_pr)

    def track_row(self, row: _Row, state: str) -> None:
        """Track a whole table row as inserted or deleted."""
        if state not in ("added", "removed"):
            return
        row._tr.get_or_add_trPr().append(self._change("w:ins" if state == "added" else "w:del"))

    # -- tables --------------------------------------------------------------------------

    def table(self, rows: int, widths: list[float], *, style: str | None = None) -> Table:
        """A table of ``len(widths)`` columns, ``widths`` as fractions of the text width."""
        table: Table = self.doc.add_table(rows=rows, cols=len(widths))
        if style is not None:
            table.style = self.doc.styles[style]
        table.autofit = False
        for index, fraction in enumerate(widths):
            width = int(self.width * fraction)
            table.columns[index].width = width
            for cell in table.columns[index].cells:
                cell.width = width
        return table

    @staticmethod
    def repeat_header(row: _Row) -> None:
        """The row repeats at the top of every page the table runs onto."""
        from docx.oxml import OxmlElement

        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    @staticmethod
    def rule_above(paragraph: Paragraph, colour: str) -> None:
        """A line above the paragraph (where a signature goes)."""
        from docx.oxml import OxmlElement

        borders = OxmlElement("w:pBdr")
        borders.append(_border("top", 6, colour))
        paragraph._p.get_or_add_pPr().append(borders)

    # -- the package ------------------------------------------------------------------

    def save(self, *, title: str, author: str, subject: str, day: dt.date | None) -> bytes:
        """The .docx bytes: core properties from the spec, fixed zip dates and order."""
        from docx.oxml.ns import qn

        core = self.doc.core_properties
        core.title, core.author, core.subject = clean(title), clean(author), clean(subject)
        core.last_modified_by, core.comments, core.keywords = clean(author), "", ""
        core.language, core.revision = self.language, 1
        if day is not None:
            core.created = core.modified = dt.datetime(day.year, day.month, day.day)
        else:
            element = self.doc.part.package.core_properties._element
            for name in ("dcterms:created", "dcterms:modified"):
                for found in element.findall(qn(name)):
                    element.remove(found)
        _drop_template_parts(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return deterministic(buffer.getvalue())


def _border(edge: str, weight: int, colour: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    line = OxmlElement(f"w:{edge}")
    for key, value in (("val", "single"), ("sz", str(weight)), ("space", "1"), ("color", colour)):
        line.set(qn(f"w:{key}"), value)
    return line


def _drop_template_parts(doc: Document) -> None:
    """Leave out the template's thumbnail (a picture of another document), its custom
    XML and its Word 2010 style copy; nothing refers to them."""
    for owner in (doc.part.package, doc.part):
        rels = owner.rels
        for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith(_DROPPED)]:
            del rels[rid]


def deterministic(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, in the order it was written."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(item.filename))
    return out.getvalue()

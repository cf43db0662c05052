"""DOCX: the agreement as a Word document, and a redline as Word's own tracked changes.

The content is the PDF's, in its order: title, parties, each side's responsibilities
with their deadlines in words and dates, consequences, milestones, terms, signatures,
and a footer with the version and fingerprint. It comes from the same place as the
templates' (:func:`workagree.rendering.redline.redline_context`), so words, dates and
translations are the same.

One function writes both documents. The agreement on its own is written as a redline
of itself, in which nothing changed; a redline of two versions marks every change as a
tracked insertion or deletion that Word and LibreOffice can accept or reject. Accepting
all of them gives the new version's text, rejecting all of them the old one's.

The look comes from the theme's ``[docx]`` table in ``theme.toml`` (fonts, accent
colour, title alignment), as Word styles (Title, Heading 1 and 2, a table style
``Responsibilities``), so the document can be restyled in Word. User templates
(``--templates``) are Jinja for Markdown and HTML and do not apply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..i18n import babel_locale, translate
from ..model import Agreement
from . import helpers
from .marks import interleave, words
from .text import document_language
from .wordml import DELETED, INSERTED, Look, Para, Revision, Seg, Writer, paragraphs, runs

if TYPE_CHECKING:
    from .request import Rendered, Request

_HOLE = "\ue000"  # stands for a value inside a translated message


def generate(agreement: Agreement, request: Request) -> Rendered:
    """The agreement as a Word document, sized to fit one page."""
    from .request import Rendered

    return Rendered(document(agreement, agreement, request))


def redline(new: Agreement, old: Agreement, request: Request) -> Rendered:
    """The new version with every change since ``old`` as a tracked change."""
    from .request import Rendered

    return Rendered(document(new, old, request))


def word_language(locale: str) -> str:
    """The language tag Word wants: ``en-GB``, ``da-DK``, ``ru-RU``."""
    from babel.core import get_global

    code = babel_locale(locale)
    if "_" not in code:
        code = str(get_global("likely_subtags").get(code, code))
    parts = code.split("_")
    return parts[0] + ("-" + parts[-1] if len(parts) > 1 else "")


def look(theme: str, size: float) -> Look:
    """The theme's Word styles, from its ``theme.toml`` (or the themes it extends)."""
    import tomllib

    from .themes import CONFIG, chain

    settings: dict[str, Any] = {}
    for folder in reversed(chain(theme)):
        config = folder / CONFIG
        if config.is_file():
            settings.update(tomllib.loads(config.read_text("utf-8")).get("docx", {}))
    known = {k: str(v) for k, v in settings.items() if k in Look.__dataclass_fields__}
    return Look(**known, size=size)


def document(new: Agreement, old: Agreement, request: Request) -> bytes:
    """The .docx bytes of ``new`` with the changes since ``old`` tracked."""
    from .redline import redline_context
    from .wordfit import size_for

    language = document_language(new, request.locale)
    context = redline_context(new, old, theme=request.theme, page=request.page, locale=language)
    marked: dict[str, Any] = context["redline"]  # type: ignore[assignment]
    author = helpers.provider_names(new) or str(context["title"])
    writer = Writer(
        look(request.theme, size_for(marked, request.page)),
        page=request.page,
        language=word_language(language),
        revision=Revision(author, new.effective),
    )
    Body(writer, new, old, language, marked).write()
    return writer.save(
        title=str(context["title"]), author=author, subject=new.project, day=new.effective
    )


class Body:
    """The sections of the document, in the PDF's order."""

    def __init__(
        self, writer: Writer, new: Agreement, old: Agreement, language: str, marked: dict[str, Any]
    ) -> None:
        from ..diffing.changes import compare

        self.w, self.new, self.old, self.language, self.marked = writer, new, old, language, marked
        self.renames = compare(old, new).renames

    def t(self, message: str, **values: object) -> str:
        return translate(self.language, message, **values)

    def filled(self, message: str, value: list[Seg]) -> list[Seg]:
        """A translated message with a placeholder, the placeholder's runs put in."""
        before, _, after = self.t(message, **{_name(message): _HOLE}).partition(_HOLE)
        return [Seg(before), *value, Seg(after)]

    def write(self) -> None:
        self.header()
        self.parties()
        self.duties()
        self.consequences()
        self.milestones()
        self.terms()
        self.signatures()
        self.footer()

    def heading(self, text: str, rows: list[Any]) -> None:
        """A section's heading, itself inserted or deleted when the whole section is."""
        states = {row.state for row in rows}
        state = states.pop() if len(states) == 1 and states <= {"added", "removed"} else "same"
        op = {"added": INSERTED, "removed": DELETED}.get(state, "")
        self.w.paragraph([Seg(text, op)], style="Heading 1", state=state)

    def header(self) -> None:
        m, new, old = self.marked, self.new, self.old
        self.w.paragraph(runs(m["title"]), style="Title")
        self.w.paragraph(runs(m["project"]), style="Subtitle")
        meta: list[Seg] = []
        for key, message in (
            ("effective", "Effective %(date)s"),
            ("version", "Version %(version)s"),
        ):
            was, now = bool(getattr(old, key)), bool(getattr(new, key))
            if not (was or now):
                continue
            part = self.filled(message, runs(m[key]))
            if was != now:
                part = [Seg(s.text, INSERTED if now else DELETED, s.style) for s in part]
            if meta:
                both = bool(old.effective and old.version), bool(new.effective and new.version)
                op = "" if both == (True, True) else (INSERTED if both[1] else DELETED)
                meta.append(Seg(" · ", op))
            meta.extend(part)
        self.w.paragraph(meta, style="Subtitle", muted=True, size=self.w.look.size * 0.85)

    def _placed_parties(self) -> list[Any]:
        old_ids = [side.id for side in helpers.sides(self.old)]
        new_ids = [side.id for side in helpers.sides(self.new)]
        renames = self.renames.parties
        return interleave(old_ids, new_ids, lambda pid: pid, renames)

    def _party_field(self, placed: Any, name: str) -> list[Seg]:
        o = getattr(self.old.parties[placed.old], name) if placed.old else None
        n = getattr(self.new.parties[placed.new], name) if placed.new else None
        return runs(words(o, n))

    def parties(self) -> None:
        rows = self.marked["parties"]
        grid = self.w.table(1, [1 / len(rows)] * len(rows))
        for cell, row in zip(grid.rows[0].cells, rows, strict=True):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            op = {"added": INSERTED, "removed": DELETED}.get(row.state, "")
            role = self.t("Provider") if str(row.cells["role"]) == "provider" else self.t("Client")
            size = self.w.look.size * 0.8
            self.w.paragraph([Seg(role.upper(), op)], into=cell, muted=True, size=size)
            self.w.paragraph(runs(row.cells["name"]), into=cell, bold=True, state=row.state)
            if runs(row.cells["contact"]):
                self.w.paragraph(runs(row.cells["contact"]), into=cell, muted=True)

    def duties(self) -> None:
        sides = self.marked["duties"]
        self.w.paragraph([Seg(self.t("Who does what, by when"))], style="Heading 1")
        table = self.w.table(1, [0.49, 0.36, 0.15], style="Responsibilities")
        header = table.rows[0]
        self.w.repeat_header(header)
        names = (self.t("Responsibility"), self.t("By when"), self.t("If missed"))
        for cell, name in zip(header.cells, names, strict=True):
            self.w.add(
                cell.paragraphs[0], [Seg(name.upper())], muted=True, size=self.w.look.size * 0.75
            )
        for side in sides:
            row = table.add_row()  # type: ignore[no-untyped-call]
            merged = row.cells[0].merge(row.cells[2])
            self.w.add(merged.paragraphs[0], runs(side.name), bold=True)
            self.w.track_row(row, side.state)
            for item in side.rows:
                row = table.add_row()  # type: ignore[no-untyped-call]
                for cell, key in zip(row.cells, ("what", "when", "missed"), strict=True):
                    self.w.add(cell.paragraphs[0], runs(item.cells[key]), muted=key == "missed")
                self.w.track_row(row, item.state)

    def consequences(self) -> None:
        rows = self.marked["consequences"]
        if not rows:
            return
        self.heading(self.t("If a deadline is missed"), rows)
        self.grid(
            rows,
            2,
            lambda row: [
                Para("p", [*_bold(runs(row.cells["label"])), Seg(" "), *runs(row.cells["text"])])
            ],
        )

    def milestones(self) -> None:
        rows = self.marked["milestones"]
        if not rows:
            return
        self.heading(self.t("Milestones"), rows)
        renames = self.renames.milestones
        placed = interleave(self.old.milestones, self.new.milestones, lambda m: m.id, renames)
        notes = {
            id(row): runs(
                words(
                    helpers.moved_note(self.old, p.old, self.language) if p.old else None,
                    helpers.moved_note(self.new, p.new, self.language) if p.new else None,
                )
            )
            for row, p in zip(rows, placed, strict=True)
        }

        def item(row: Any) -> list[Para]:
            segs = [*_bold(runs(row.cells["date"])), Seg(" "), *runs(row.cells["what"])]
            if notes[id(row)]:
                segs += [Seg(" · "), *notes[id(row)]]
            return [Para("p", segs)]

        self.grid(rows, 2, item)

    def terms(self) -> None:
        rows = self.marked["terms"]
        if not rows:
            return
        self.heading(self.t("Terms"), rows)

        def item(row: Any) -> list[Para]:
            return [Para("h", runs(row.cells["heading"])), *paragraphs(row.cells["text"])]

        self.grid(rows, min(len(rows), 3), item)

    def grid(self, rows: list[Any], columns: int, content: Callable[[Any], list[Para]]) -> None:
        """Items side by side, ``columns`` to a line, as a table without rules."""
        count = -(-len(rows) // columns)
        table = self.w.table(count, [1 / columns] * columns)
        for index, row in enumerate(rows):
            cell = table.cell(index // columns, index % columns)
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            for para in content(row):
                style = {"h": "Heading 2", "li": "List Bullet"}.get(para.kind)
                self.w.paragraph(para.segs, into=cell, style=style, state=row.state)
        for cell in table._cells:
            if not cell.paragraphs:
                cell.add_paragraph()

    def signatures(self) -> None:
        placed = self._placed_parties()
        self.w.paragraph([], size=self.w.look.size * 1.6)
        grid = self.w.table(1, [1 / len(placed)] * len(placed))
        for cell, p in zip(grid.rows[0].cells, placed, strict=True):
            state = "added" if p.old is None else "removed" if p.new is None else "same"
            name = self.w.paragraph(self._party_field(p, "name"), into=cell, bold=True, state=state)
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            self.w.rule_above(name, self.w.look.accent)
            signatory = self._party_field(p, "signatory")
            if signatory:
                self.w.paragraph(signatory, into=cell, state=state)
            line = f"{self.t('Signature')} · {self.t('Date')} ____________"
            op = {"added": INSERTED, "removed": DELETED}.get(state, "")
            self.w.paragraph([Seg(line, op)], into=cell, muted=True, size=self.w.look.size * 0.85)

    def footer(self) -> None:
        footer = self.w.doc.sections[0].footer
        paragraph = footer.paragraphs[0]
        paragraph.style = self.w.doc.styles["Footer"]
        segs = runs(self.marked["title"])
        was, now = bool(self.old.version), bool(self.new.version)
        if was or now:
            version = self.filled("Version %(version)s", runs(self.marked["version"]))
            op = "" if was == now else (INSERTED if now else DELETED)
            segs += [Seg(" · ", op), *[Seg(s.text, op or s.op) for s in version]]
        fingerprint = runs(words(self.old.fingerprint, self.new.fingerprint))
        segs += [Seg(" · "), *self.filled("Fingerprint %(fingerprint)s", fingerprint)]
        self.w.add(paragraph, segs)


def _name(message: str) -> str:
    """The placeholder's name in ``Effective %(date)s``: ``date``."""
    return message.split("%(", 1)[1].split(")", 1)[0]


def _bold(segs: list[Seg]) -> list[Seg]:
    return [Seg(s.text, s.op, "strong") for s in segs]

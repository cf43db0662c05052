"""Verifying a PDF: which agreement is this, and is it the one in git today?

verify(pdf, spec=None, *, git=None) -> Verification

Every agreement PDF carries its canonical spec (see :mod:`workagree.engine.archival`),
whose fingerprint its footer shows. The spec inside is read back (:mod:`.reading`),
loaded through the normal loader and its checks, and compared with a spec by
fingerprint and, when they differ, by the same semantic diff as ``workagree diff``
(the PDF's side is OLD). A PDF that lost its attachment (printed to PDF again, or made
with ``--no-embed-source``) still shows its fingerprint; then only fingerprints can be
compared, and the verification says so. Signatures are reported with whether the signed
bytes include the agreement (:mod:`.signatures`); commits holding the agreement come
from :mod:`.history`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkagreeError
from .history import History
from .reading import Evidence
from .signatures import Signature

if TYPE_CHECKING:
    from ..diffing import Change
    from ..model import Agreement

__all__ = ["Verification", "verify"]


@dataclass(frozen=True)
class Verification:
    """What a PDF is, and how it compares with a spec or with a file's git history.

    ``agreement`` is the agreement the PDF carries (None when it carries none, and only
    its fingerprint could be read); ``notes`` are what is wrong with the PDF itself (its
    page and the agreement inside disagree). ``changes`` (PDF as OLD, spec as NEW) is
    there when the PDF and the spec differ and the PDF carries its agreement.
    """

    pdf: str
    fingerprint: str
    agreement: Agreement | None
    footer: str | None
    signatures: tuple[Signature, ...] = ()
    notes: tuple[str, ...] = ()
    spec: str | None = None
    spec_fingerprint: str | None = None
    changes: list[Change] | None = None
    history: History | None = None

    @property
    def only_fingerprints(self) -> bool:
        """Whether the PDF carries no agreement, so that only fingerprints were compared."""
        return self.agreement is None

    @property
    def matches(self) -> bool | None:
        """Whether the PDF is the spec's agreement; None when no spec was given."""
        return None if self.spec is None else self.fingerprint == self.spec_fingerprint

    @property
    def exit_code(self) -> int:
        """0 when all is well; 1 when it does not match, is not in the history, or is at odds
        with itself."""
        if self.notes or self.matches is False:
            return 1
        if self.history is not None and not self.history.commits:
            return 1
        return 0

    def as_dict(self) -> dict[str, object]:
        """The documented JSON form (see docs/verify.md)."""
        agreement = self.agreement
        return {
            "pdf": self.pdf,
            "fingerprint": self.fingerprint,
            "evidence": "fingerprint" if agreement is None else "embedded",
            "footer_fingerprint": self.footer,
            "agreement": None if agreement is None else _summary(agreement),
            "signatures": [s.as_dict() for s in self.signatures],
            "notes": list(self.notes),
            "spec": None
            if self.spec is None
            else {"file": self.spec, "fingerprint": self.spec_fingerprint},
            "matches": self.matches,
            "changes": None if self.changes is None else [c.as_dict() for c in self.changes],
            "history": None
            if self.history is None
            else {
                "path": self.history.path,
                "commits": [c.as_dict() for c in self.history.commits],
                "looked_at": self.history.looked_at,
                "truncated": self.history.truncated,
            },
        }


def _summary(agreement: Agreement) -> dict[str, object]:
    return {
        "project": agreement.project,
        "version": agreement.version,
        "effective": agreement.effective.isoformat() if agreement.effective else None,
        "parties": {
            pid: {"name": party.name, "role": party.role}
            for pid, party in agreement.parties.items()
        },
    }


def verify(
    pdf: str | Path, spec: str | Path | None = None, *, git: str | Path | None = None
) -> Verification:
    """Which agreement ``pdf`` is, compared with ``spec`` (a file or ``REV:PATH``) when given,
    and with the commits of the spec at ``git`` (a path in this repository) when given.

    Raises :class:`~workagree.WorkagreeError`: exit 2 when the PDF or the spec cannot be
    read, exit 1 when the PDF is readable but not an agreement workagree made.
    """
    from .reading import read_evidence

    name = str(pdf)
    evidence = read_evidence(Path(pdf), display=name)
    agreement, notes = _carried(evidence)
    fingerprint = agreement.fingerprint if agreement is not None else evidence.footer
    if fingerprint is None and notes:
        raise WorkagreeError.single(
            name,
            f"{notes[0]}, and its pages show no fingerprint",
            "bad-agreement",
            hint="verify the PDF that `workagree render` wrote, or a signed copy of it",
        )
    if fingerprint is None:
        raise WorkagreeError.single(
            name,
            "is a PDF, but not an agreement made by workagree: it carries no agreement "
            "and shows no fingerprint",
            "not-an-agreement",
            hint="verify the PDF that `workagree render` wrote, or a signed copy of it",
        )
    if agreement is not None and evidence.footer not in (None, fingerprint):
        notes.append(
            f"its page shows fingerprint {evidence.footer}, but the agreement inside it has "
            f"{fingerprint}: one of them was changed after rendering"
        )
    result = Verification(
        pdf=name,
        fingerprint=fingerprint,
        agreement=agreement,
        footer=evidence.footer,
        signatures=_covering(evidence),
        notes=tuple(notes),
    )
    if spec is not None:
        result = _compared(result, str(spec))
    if git is not None:
        from .history import commits_with

        result = replace(result, history=commits_with(str(git), fingerprint))
    return result


def _carried(evidence: Evidence) -> tuple[Agreement | None, list[str]]:
    """The agreement inside the PDF, loaded like any spec, and what is wrong with it."""
    if evidence.source is None:
        return None, []
    from ..api import check_bytes

    file = f"{evidence.file}:agreement.json"
    try:
        result = check_bytes(evidence.source, file=file)
    except WorkagreeError as exc:
        problems = exc.problems
    else:
        if result.agreement is not None:
            notes = []
            written = hashlib.sha256(evidence.source).hexdigest()[:12]
            if written != result.agreement.fingerprint:
                notes.append(
                    f"the agreement inside it is not as workagree wrote it (its text has "
                    f"fingerprint {written}, its content {result.agreement.fingerprint}): it "
                    "was edited, or made by another version of workagree"
                )
            return result.agreement, notes
        problems = result.errors
    first = problems[0].message if problems else "it could not be read"
    return None, [f"the agreement inside it is not a valid agreement ({first})"]


def _covering(evidence: Evidence) -> tuple[Signature, ...]:
    """The signatures, each saying whether its signed bytes hold the agreement inside."""
    offsets = evidence.source_offsets
    return tuple(
        replace(
            signature,
            covers_source=all(signature.covers(offset) for offset in offsets) if offsets else None,
        )
        for signature in evidence.signatures
    )


def _compared(result: Verification, spec: str) -> Verification:
    from ..diffing import diff
    from ..diffing.sides import Side, SidesError, load_source
    from ..spec.gitsource import source

    loaded = load_source(source(spec), label="SPEC")
    if isinstance(loaded, Side):
        raise SidesError([loaded])
    theirs = loaded.fingerprint
    changes = None
    if result.agreement is not None and theirs != result.fingerprint:
        changes = diff(result.agreement, loaded)
    return replace(result, spec=spec, spec_fingerprint=theirs, changes=changes)

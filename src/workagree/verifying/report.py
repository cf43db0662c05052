"""A verification for people (text) and for programs (JSON)."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text

from ..spec.characters import json_safe
from . import Verification
from .signatures import Signature

LIMITS = (
    "This is evidence of content, not a check of the signature: who signed, and whether "
    "the signature is valid, is for a signature validator."
)


def print_text(console: Console, result: Verification) -> None:
    """What the PDF is, how it compares, its signatures and its commits, in plain words."""
    console.print(Text(_headline(result), style="bold"), soft_wrap=True)
    if result.agreement is not None:
        agreement = result.agreement
        parties = ", ".join(f"{p.name} ({p.role})" for p in agreement.parties.values())
        console.print(f"  project:     {agreement.project}", soft_wrap=True)
        console.print(f"  parties:     {parties}", soft_wrap=True)
        if agreement.version:
            console.print(f"  version:     {agreement.version}", soft_wrap=True)
        if agreement.effective:
            console.print(f"  effective:   {agreement.effective.isoformat()}", soft_wrap=True)
    source = "the footer's text" if result.only_fingerprints else "the agreement inside the PDF"
    console.print(f"  fingerprint: {result.fingerprint} (from {source})", soft_wrap=True)
    if result.only_fingerprints:
        console.print(
            "  The PDF carries no copy of its agreement (printed to PDF again, or rendered "
            "with --no-embed-source), so only fingerprints could be compared.",
            soft_wrap=True,
        )
    for note in result.notes:
        console.print(Text(f"  ! {note}", style="red"), soft_wrap=True)
    for signature in result.signatures:
        console.print(f"  signed: {_signature(signature)}", soft_wrap=True)
    if result.signatures:
        console.print(f"  {LIMITS}", soft_wrap=True)
    if result.changes:
        from ..diffing.format import print_text as print_changes

        console.print()
        console.print(f"From the PDF (OLD) to {result.spec} (NEW):", soft_wrap=True)
        print_changes(console, result.changes)
    if result.history is not None:
        _print_history(console, result)


def _headline(result: Verification) -> str:
    if result.spec is None:
        return f"{result.pdf} is the agreement with fingerprint {result.fingerprint}"
    if result.matches:
        return f"{result.pdf} matches {result.spec} (fingerprint {result.fingerprint})"
    return (
        f"{result.pdf} does not match {result.spec}: the PDF's agreement has fingerprint "
        f"{result.fingerprint}, {result.spec} has {result.spec_fingerprint}"
    )


def _signature(signature: Signature) -> str:
    who = f" by {signature.signer}" if signature.signer else ""
    when = f" at {signature.signed_at}" if signature.signed_at else ""
    text = f"digital signature '{signature.field}'{who}{when}"
    if signature.covers_source is True:
        text += "; the signed bytes include the agreement inside the PDF"
    elif signature.covers_source is False:
        text += "; the agreement inside the PDF was replaced after signing: it is NOT signed"
    if not signature.whole_file:
        text += "; the file was changed after this signature (an incremental update)"
    return text


def _print_history(console: Console, result: Verification) -> None:
    history = result.history
    assert history is not None
    looked = f"{history.looked_at} commit{'s' if history.looked_at != 1 else ''}"
    more = f", the newest {looked}" if history.truncated else ""
    if not history.commits:
        console.print(
            f"No commit has this agreement at {history.path} ({looked} looked at{more}).",
            soft_wrap=True,
        )
        return
    console.print(f"Commits with this agreement at {history.path}{more}:", soft_wrap=True)
    for commit in history.commits:
        console.print(f"  {commit.sha[:12]} {commit.date} {commit.subject}", soft_wrap=True)


def to_json(result: Verification) -> str:
    """The documented JSON object (see docs/verify.md), with no raw control character."""
    return json_safe(json.dumps(result.as_dict(), indent=2, ensure_ascii=False)) + "\n"

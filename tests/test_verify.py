"""`workagree verify`: match, mismatch, signed, re-printed, foreign, damaged and hostile PDFs."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

import workagree

from .conftest import EXAMPLES, Run

pytestmark = pytest.mark.pdf

Cli = Callable[..., Run]
CAMPAIGN, DESIGN = EXAMPLES[0], EXAMPLES[1]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The campaign agreement's PDF, as `workagree render` writes it."""
    path = tmp_path_factory.mktemp("pdf") / "campaign.pdf"
    path.write_bytes(workagree.render(workagree.load(CAMPAIGN), format="pdf"))
    return path


def copy(source: Path, tmp_path: Path, data: bytes | None = None, name: str = "copy.pdf") -> Path:
    target = tmp_path / name
    target.write_bytes(source.read_bytes() if data is None else data)
    return target


# -- match and mismatch ---------------------------------------------------------------------


def test_the_pdf_matches_its_spec(cli: Cli, rendered: Path) -> None:
    run = cli("verify", str(rendered), str(CAMPAIGN))
    assert run.exit_code == 0, run.output
    fingerprint = workagree.load(CAMPAIGN).fingerprint
    assert (
        run.stdout.splitlines()[0] == f"{rendered} matches {CAMPAIGN} (fingerprint {fingerprint})"
    )
    assert "  parties:     Contoso Ltd (client), Northwind Studio (provider)" in run.stdout
    assert "(from the agreement inside the PDF)" in run.stdout
    assert "only fingerprints" not in run.stdout


def test_comments_and_key_order_do_not_count(cli: Cli, rendered: Path, tmp_path: Path) -> None:
    lines = CAMPAIGN.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "# reviewed by legal, nothing changed")
    lines.insert(1, "")
    spec = tmp_path / "agreement.yaml"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli("verify", str(rendered), str(spec)).exit_code == 0


def test_a_different_agreement_shows_the_diff_with_the_pdf_as_old(
    cli: Cli, rendered: Path, tmp_path: Path
) -> None:
    text = CAMPAIGN.read_text(encoding="utf-8")
    assert "version: 2" in text or "version: '2'" in text or 'version: "2"' in text
    changed = tmp_path / "agreement.yaml"
    changed.write_text(text.replace("Spring campaign for Contoso", "Summer campaign"), "utf-8")
    run = cli("verify", str(rendered), str(changed))
    assert run.exit_code == 1, run.output
    theirs = workagree.load(changed).fingerprint
    ours = workagree.load(CAMPAIGN).fingerprint
    assert run.stdout.splitlines()[0] == (
        f"{rendered} does not match {changed}: the PDF's agreement has fingerprint {ours}, "
        f"{changed} has {theirs}"
    )
    diff = cli("diff", str(CAMPAIGN), str(changed))
    assert f"From the PDF (OLD) to {changed} (NEW):\n{diff.stdout}" in run.stdout


def test_json_report(cli: Cli, rendered: Path) -> None:
    run = cli("verify", str(rendered), str(DESIGN), "--format", "json")
    assert run.exit_code == 1
    report = json.loads(run.stdout)
    agreement = workagree.load(CAMPAIGN)
    # The PDF's side is the agreement as it carries it: its canonical form, keys sorted.
    carried = workagree.load_text(agreement.canonical_json())
    changes = workagree.diff(carried, workagree.load(DESIGN))
    expected_changes = json.loads(json.dumps([c.as_dict() for c in changes]))
    assert report == {
        "pdf": str(rendered),
        "fingerprint": agreement.fingerprint,
        "evidence": "embedded",
        "footer_fingerprint": agreement.fingerprint,
        "agreement": {
            "project": "Spring campaign for Contoso",
            "version": agreement.version,
            "effective": "2027-01-11",
            "parties": {
                pid: {"name": p.name, "role": p.role} for pid, p in agreement.parties.items()
            },
        },
        "signatures": [],
        "notes": [],
        "spec": {"file": str(DESIGN), "fingerprint": workagree.load(DESIGN).fingerprint},
        "matches": False,
        "changes": expected_changes,
        "history": None,
    }


def test_without_a_spec_it_says_which_agreement_this_is(cli: Cli, rendered: Path) -> None:
    run = cli("verify", str(rendered))
    assert run.exit_code == 0, run.output
    fingerprint = workagree.load(CAMPAIGN).fingerprint
    assert run.stdout.startswith(
        f"{rendered} is the agreement with fingerprint {fingerprint}\n"
        "  project:     Spring campaign for Contoso\n"
    )
    assert "  effective:   2027-01-11\n" in run.stdout


def test_the_python_api(rendered: Path) -> None:
    result = workagree.verify(rendered, CAMPAIGN)
    assert isinstance(result, workagree.Verification)
    assert result.matches is True
    assert result.exit_code == 0
    assert result.agreement == workagree.load(CAMPAIGN)
    other = workagree.verify(rendered, DESIGN)
    assert other.matches is False
    assert other.changes is not None
    expected = workagree.diff(workagree.load(CAMPAIGN), workagree.load(DESIGN))
    assert sorted(other.changes, key=repr) == sorted(expected, key=repr)  # parties sorted by id


def test_an_unreadable_spec_is_a_usage_error(cli: Cli, rendered: Path, tmp_path: Path) -> None:
    run = cli("verify", str(rendered), str(tmp_path / "missing.yaml"))
    assert run.exit_code == 2
    assert f"SPEC ({tmp_path / 'missing.yaml'}) cannot be read:" in run.stderr


# -- copies that lost the agreement ---------------------------------------------------------


def test_a_pdf_made_without_the_attachment_is_compared_by_fingerprint(
    cli: Cli, tmp_path: Path
) -> None:
    pdf = tmp_path / "plain.pdf"
    assert cli("render", str(CAMPAIGN), "-o", str(pdf), "--no-embed-source").exit_code == 0
    run = cli("verify", str(pdf), str(CAMPAIGN))
    assert run.exit_code == 0, run.output
    assert "(from the footer's text)" in run.stdout
    assert "so only fingerprints could be compared" in run.stdout
    run = cli("verify", str(pdf), str(DESIGN))
    assert run.exit_code == 1
    assert "does not match" in run.stdout
    assert "so only fingerprints could be compared" in run.stdout
    assert "From the PDF (OLD)" not in run.stdout  # nothing to show a diff from
    assert json.loads(cli("verify", str(pdf), "-f", "json").stdout)["evidence"] == "fingerprint"


def test_a_pdf_rewritten_without_its_attachments(cli: Cli, rendered: Path, tmp_path: Path) -> None:
    """What printing to PDF again, or an editor that drops attachments, leaves behind."""
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(rendered))
    buffer = io.BytesIO()
    writer.write(buffer)
    assert pypdf.PdfReader(io.BytesIO(buffer.getvalue())).attachments == {}
    pdf = copy(rendered, tmp_path, buffer.getvalue())
    run = cli("verify", str(pdf), str(CAMPAIGN))
    assert run.exit_code == 0, run.output
    assert "so only fingerprints could be compared" in run.stdout


@pytest.mark.parametrize("locale", ["da", "ru"])
def test_the_footer_is_found_in_every_language(tmp_path: Path, locale: str) -> None:
    agreement = workagree.load(CAMPAIGN)
    data = workagree.render(agreement, format="pdf", locale=locale, embed_source=False)
    result = workagree.verify(copy(CAMPAIGN, tmp_path, data), CAMPAIGN)
    assert (result.footer, result.only_fingerprints, result.matches) == (
        agreement.fingerprint,
        True,
        True,
    )


# -- a PDF at odds with itself ----------------------------------------------------------------


def test_a_page_and_an_agreement_that_disagree(cli: Cli, rendered: Path, tmp_path: Path) -> None:
    """The page of one agreement with another agreement inside."""
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(rendered))  # the page, without its attachment
    writer.add_attachment("agreement.json", workagree.load(DESIGN).canonical_json().encode())
    _mark_as_source(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    run = cli("verify", str(copy(rendered, tmp_path, buffer.getvalue())), str(CAMPAIGN))
    assert run.exit_code == 1, run.output
    ours, theirs = workagree.load(CAMPAIGN).fingerprint, workagree.load(DESIGN).fingerprint
    assert (
        f"  ! its page shows fingerprint {ours}, but the agreement inside it has {theirs}: "
        "one of them was changed after rendering\n"
    ) in run.stdout


def _mark_as_source(writer: pypdf.PdfWriter) -> None:
    from pypdf.generic import NameObject

    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    for index in range(1, len(names), 2):
        names[index].get_object()[NameObject("/AFRelationship")] = NameObject("/Source")


def test_an_embedded_agreement_that_is_not_valid(cli: Cli, rendered: Path, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(rendered))
    writer.add_attachment("agreement.json", b'{"workagree": 1, "project": []}')
    _mark_as_source(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    run = cli("verify", str(copy(rendered, tmp_path, buffer.getvalue())), str(CAMPAIGN))
    assert run.exit_code == 1, run.output
    assert "! the agreement inside it is not a valid agreement (" in run.stdout
    assert "(from the footer's text)" in run.stdout


# -- signed copies ----------------------------------------------------------------------------


def _signer(tmp_path: Path) -> object:
    """A pyHanko signer with a throwaway self-signed certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ana Berg")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return signers.SimpleSigner.load(str(key_file), str(cert_file))


def _sign(data: bytes, tmp_path: Path, field: str = "Signature1") -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    meta = signers.PdfSignatureMetadata(field_name=field, name="Ana Berg")
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    signed = signers.sign_pdf(writer, meta, signer=_signer(tmp_path))  # type: ignore[arg-type]
    return bytes(signed.getvalue())


def test_a_signed_copy_matches_and_its_signature_covers_the_agreement(
    cli: Cli, rendered: Path, tmp_path: Path
) -> None:
    signed = _sign(rendered.read_bytes(), tmp_path)
    assert signed.startswith(rendered.read_bytes())  # an incremental update
    pdf = copy(rendered, tmp_path, signed, "signed.pdf")
    run = cli("verify", str(pdf), str(CAMPAIGN))
    assert run.exit_code == 0, run.output
    assert "matches" in run.stdout.splitlines()[0]
    assert "  signed: digital signature 'Signature1' by Ana Berg at D:" in run.stdout
    assert "; the signed bytes include the agreement inside the PDF\n" in run.stdout
    assert "the file was changed after this signature" not in run.stdout
    assert "not a check of the signature" in run.stdout
    (signature,) = json.loads(cli("verify", str(pdf), "-f", "json").stdout)["signatures"]
    assert signature["whole_file"] is True
    assert signature["covers_agreement"] is True


def test_a_second_signature_leaves_the_first_covering_the_agreement(
    cli: Cli, rendered: Path, tmp_path: Path
) -> None:
    twice = _sign(_sign(rendered.read_bytes(), tmp_path), tmp_path, "Signature2")
    report = json.loads(cli("verify", str(copy(rendered, tmp_path, twice)), "-f", "json").stdout)
    first, second = sorted(report["signatures"], key=lambda s: s["field"])
    assert (first["whole_file"], first["covers_agreement"]) == (False, True)
    assert (second["whole_file"], second["covers_agreement"]) == (True, True)


def test_an_agreement_replaced_after_signing_is_not_signed(
    cli: Cli, rendered: Path, tmp_path: Path
) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = _sign(rendered.read_bytes(), tmp_path)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    other = workagree.load(DESIGN).canonical_json().encode()
    filespec_ref = writer.root["/AF"][0]
    stream = generic.StreamObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/EmbeddedFile"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/application/json"),
        },
        stream_data=other,
    )
    filespec = filespec_ref.get_object()
    filespec["/EF"] = generic.DictionaryObject({generic.pdf_name("/F"): writer.add_object(stream)})
    writer.update_container(filespec)
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = copy(rendered, tmp_path, buffer.getvalue())
    run = cli("verify", str(pdf), str(CAMPAIGN))
    assert run.exit_code == 1, run.output
    assert "; the agreement inside the PDF was replaced after signing: it is NOT signed" in (
        run.stdout
    )
    assert "; the file was changed after this signature (an incremental update)" in run.stdout


# -- git history ------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "HOME": str(repo),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ana Berg",
        "GIT_AUTHOR_EMAIL": "ana@northwind.example",
        "GIT_COMMITTER_NAME": "Ana Berg",
        "GIT_COMMITTER_EMAIL": "ana@northwind.example",
        "GIT_COMMITTER_DATE": "2027-01-10T12:00:00Z",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """agreements/campaign.yaml: the design agreement, then the campaign, then a comment."""
    repo = tmp_path / "repo"
    (repo / "agreements").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    spec = repo / "agreements" / "campaign.yaml"
    for text, message in (
        (DESIGN.read_text(encoding="utf-8"), "First draft"),
        (CAMPAIGN.read_text(encoding="utf-8"), "The campaign as agreed"),
        ("# signed on 11 January\n" + CAMPAIGN.read_text(encoding="utf-8"), "Note the signing"),
    ):
        spec.write_text(text, encoding="utf-8")
        _git(repo, "add", ".")
        _git(repo, "commit", "-q", "-m", message)
    (repo / "notes.txt").write_text("unrelated", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "Unrelated")
    monkeypatch.chdir(repo / "agreements")
    return repo


def test_git_lists_the_commits_holding_the_agreement(cli: Cli, rendered: Path, repo: Path) -> None:
    run = cli("verify", str(rendered), "--git", "campaign.yaml")
    assert run.exit_code == 0, run.output
    shas = _git(repo, "log", "--format=%H", "--", "agreements/campaign.yaml").split()
    assert run.stdout.endswith(
        "Commits with this agreement at campaign.yaml:\n"
        f"  {shas[0][:12]} 2027-01-10 Note the signing\n"
        f"  {shas[1][:12]} 2027-01-10 The campaign as agreed\n"
    )
    report = json.loads(cli("verify", str(rendered), "--git", "campaign.yaml", "-f", "json").stdout)
    assert [c["commit"] for c in report["history"]["commits"]] == shas[:2]
    assert report["history"]["looked_at"] == 3


def test_git_with_no_commit_holding_it(cli: Cli, tmp_path: Path, repo: Path) -> None:
    other = copy(CAMPAIGN, tmp_path, workagree.render(workagree.load(EXAMPLES[2]), format="pdf"))
    run = cli("verify", str(other), "--git", "campaign.yaml")
    assert run.exit_code == 1
    assert "No commit has this agreement at campaign.yaml (3 commits looked at)." in run.stdout


def test_a_spec_at_a_revision(cli: Cli, rendered: Path, repo: Path) -> None:
    assert cli("verify", str(rendered), "HEAD:./campaign.yaml").exit_code == 0
    run = cli("verify", str(rendered), "HEAD~3:agreements/campaign.yaml")
    assert run.exit_code == 1
    assert "From the PDF (OLD) to HEAD~3:agreements/campaign.yaml (NEW):" in run.stdout


def test_git_outside_a_repository(cli: Cli, rendered: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    run = cli("verify", str(rendered), "--git", "agreement.yaml")
    assert run.exit_code == 2
    assert "cannot read the history of agreement.yaml: this folder is not in a git repository" in (
        run.stderr
    )


# -- foreign, damaged and hostile files -------------------------------------------------------


def handmade(*bodies: bytes, root: int = 1) -> bytes:
    """A PDF whose objects 1..n are ``bodies``, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        root,
        xref,
    )
    return bytes(out)


PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
)


def with_attachment(stream: bytes, extra: bytes = b"") -> bytes:
    return handmade(
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names "
        b"[(agreement.json) 4 0 R] >> >> >>",
        *PAGES,
        b"<< /Type /Filespec /F (agreement.json) /UF (agreement.json) /AFRelationship /Source "
        b"/EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length %d %s>>\nstream\n" % (len(stream), extra)
        + stream
        + b"\nendstream",
    )


def test_a_pdf_not_from_workagree(cli: Cli, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = copy(CAMPAIGN, tmp_path, buffer.getvalue())
    run = cli("verify", str(pdf), str(CAMPAIGN))
    assert run.exit_code == 1
    assert run.stderr.startswith(
        f"{pdf}: error: is a PDF, but not an agreement made by workagree: it carries no "
        "agreement and shows no fingerprint [not-an-agreement]\n"
    )
    assert "Traceback" not in run.output


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"workagree: 1\n", "is not a PDF (it does not start with %PDF-) [not-a-pdf]"),
        (b"", "is not a PDF (it does not start with %PDF-) [not-a-pdf]"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "is damaged and cannot be read ("),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "is damaged and cannot be read ("),
    ],
    ids=["yaml", "empty", "garbage", "truncated"],
)
def test_files_that_are_not_readable_pdfs(
    cli: Cli, tmp_path: Path, data: bytes, message: str
) -> None:
    pdf = copy(CAMPAIGN, tmp_path, data)
    run = cli("verify", str(pdf))
    assert run.exit_code == 2, run.output
    assert run.stderr.startswith(f"{pdf}: error: {message}")
    assert "Traceback" not in run.output


def test_a_truncated_agreement_pdf(cli: Cli, rendered: Path, tmp_path: Path) -> None:
    data = rendered.read_bytes()
    run = cli("verify", str(copy(rendered, tmp_path, data[: len(data) // 3])))
    assert run.exit_code in (1, 2), run.output  # unreadable, or readable without an agreement
    assert "error: " in run.stderr
    assert "Traceback" not in run.output


def test_missing_folder_and_device(cli: Cli, tmp_path: Path) -> None:
    run = cli("verify", str(tmp_path / "nope.pdf"))
    assert (run.exit_code, run.stderr.split("\n")[0]) == (
        2,
        f"{tmp_path / 'nope.pdf'}: error: no such file [file-not-found]",
    )
    assert cli("verify", str(tmp_path)).exit_code == 2
    assert cli("verify", "/dev/zero").exit_code == 2


def test_an_attachment_bomb_is_refused(cli: Cli, tmp_path: Path) -> None:
    bomb = zlib.compress(b" " * (64 << 20), 9)  # 64 MiB of spaces in about 64 KiB
    pdf = copy(CAMPAIGN, tmp_path, with_attachment(bomb, b"/Filter /FlateDecode "))
    assert pdf.stat().st_size < 200_000
    run = cli("verify", str(pdf))
    assert run.exit_code == 2, run.output
    assert "error: " in run.stderr
    assert "Traceback" not in run.output


def test_an_attachment_declaring_a_huge_size_is_refused(cli: Cli, tmp_path: Path) -> None:
    pdf = copy(CAMPAIGN, tmp_path, with_attachment(b"{}", b"/Params << /Size 999999999 >> "))
    run = cli("verify", str(pdf))
    assert run.exit_code == 2
    assert "carries an agreement of 999,999,999 bytes; the limit is 4 MiB" in run.stderr


def test_a_stream_declaring_a_huge_length(cli: Cli, tmp_path: Path) -> None:
    data = with_attachment(b"{}").replace(b"/Length 2 ", b"/Length 99999999999 ")
    run = cli("verify", str(copy(CAMPAIGN, tmp_path, data)))
    assert run.exit_code in (1, 2), run.output
    assert "Traceback" not in run.output


def test_deep_nesting(cli: Cli, tmp_path: Path) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    data = handmade(
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles " + deep + b" >> >>", *PAGES
    )
    run = cli("verify", str(copy(CAMPAIGN, tmp_path, data)))
    assert run.exit_code in (1, 2), run.output
    assert "Traceback" not in run.output


def test_a_hostile_agreement_inside_goes_through_the_loader(cli: Cli, tmp_path: Path) -> None:
    """The agreement inside is YAML-loaded like any spec: no tags, no aliases."""
    hostile = b"!!python/object/apply:os.system ['touch pwned']"
    run = cli("verify", str(copy(CAMPAIGN, tmp_path, with_attachment(hostile))))
    assert run.exit_code == 1, run.output
    assert not Path("pwned").exists()
    assert run.stderr.startswith(
        f"{tmp_path / 'copy.pdf'}: error: the agreement inside it is not a valid agreement ("
    )
    assert "and its pages show no fingerprint [bad-agreement]" in run.stderr


def test_a_huge_file_is_refused_unread(cli: Cli, tmp_path: Path) -> None:
    pdf = tmp_path / "huge.pdf"
    with pdf.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(40 << 20)
    run = cli("verify", str(pdf))
    assert run.exit_code == 2
    assert "is larger than 32 MiB; an agreement PDF is one page [too-large]" in run.stderr

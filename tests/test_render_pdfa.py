"""PDF/A-3b: XMP metadata, the sRGB output intent, the agreement as the one associated file."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pypdf
import pytest

import workagree

from .conftest import EXAMPLES, Run

pytestmark = pytest.mark.pdf

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}


def reader(data: str | bytes) -> pypdf.PdfReader:
    assert isinstance(data, bytes)
    return pypdf.PdfReader(io.BytesIO(data))


def xmp(pdf: pypdf.PdfReader) -> ElementTree.Element:
    packet = pdf.trailer["/Root"]["/Metadata"].get_object()
    assert packet["/Subtype"] == "/XML"
    data = packet.get_data()
    assert data.startswith(b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>')
    return ElementTree.fromstring(data[data.index(b"<x:xmpmeta") : data.rindex(b"<?xpacket")])


def described(root: ElementTree.Element, attribute: str) -> list[str]:
    """Every value of an attribute of rdf:Description (``pdfaid:part``)."""
    prefix, name = attribute.split(":")
    key = f"{{{NS[prefix]}}}{name}"
    return [d.attrib[key] for d in root.iter(f"{{{NS['rdf']}}}Description") if key in d.attrib]


def texts(root: ElementTree.Element, path: str) -> list[str]:
    return [element.text or "" for element in root.findall(path, NS)]


def test_pdf_a_3b_identification_and_xmp_metadata() -> None:
    agreement = workagree.load(EXAMPLES[0])
    data = workagree.render(agreement, format="pdf", theme="columns", locale="da")
    assert data.startswith(b"%PDF-1.7\n")
    pdf = reader(data)
    root = xmp(pdf)
    assert described(root, "pdfaid:part") == ["3"]
    assert described(root, "pdfaid:conformance") == ["B"]
    assert texts(root, ".//dc:title/rdf:Alt/rdf:li") == ["How We Work Together"]
    assert texts(root, ".//dc:creator/rdf:Seq/rdf:li") == ["Northwind Studio"]
    assert texts(root, ".//dc:description/rdf:Alt/rdf:li") == ["Spring campaign for Contoso"]
    assert texts(root, ".//dc:language/rdf:Bag/rdf:li") == ["da"]
    assert texts(root, ".//xmp:CreateDate") == ["2027-01-11"]  # the effective date, not now
    assert texts(root, ".//xmp:ModifyDate") == []
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "da"
    assert "/StructTreeRoot" in catalog  # still tagged
    assert bool(catalog["/MarkInfo"]["/Marked"])


def test_srgb_output_intent() -> None:
    pdf = reader(workagree.render(workagree.load(EXAMPLES[0]), format="pdf"))
    (intent,) = pdf.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert "sRGB" in intent["/OutputConditionIdentifier"]
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    icc = profile.get_data()
    assert icc[36:40] == b"acsp"  # an ICC profile
    assert icc[16:20] == b"RGB "  # of an RGB colour space


def test_the_agreement_is_the_one_associated_file() -> None:
    agreement = workagree.load(EXAMPLES[0])
    pdf = reader(workagree.render(agreement, format="pdf"))
    catalog = pdf.trailer["/Root"]
    (associated,) = catalog["/AF"]
    filespec = associated.get_object()
    assert filespec["/AFRelationship"] == "/Source"
    assert filespec["/F"] == filespec["/UF"] == "agreement.json"
    names = catalog["/Names"]["/EmbeddedFiles"].get_object()["/Names"]
    assert [str(names[0]), names[1].idnum] == ["agreement.json", associated.idnum]
    stream = filespec["/EF"]["/F"].get_object()
    assert stream["/Subtype"] == "/application/json"
    content = stream.get_data()
    assert content == agreement.canonical_json().encode("utf-8")
    assert stream["/Params"]["/Size"] == len(content)
    checksum = stream["/Params"]["/CheckSum"]  # a byte string pypdf may read as text
    assert getattr(checksum, "original_bytes", checksum) == hashlib.md5(content).digest()
    assert stream["/Params"]["/ModDate"] == "D:20270111000000Z"  # dated by the spec
    # What the footer shows is the fingerprint of exactly these bytes.
    assert hashlib.sha256(content).hexdigest()[:12] == agreement.fingerprint
    assert agreement.fingerprint in pdf.pages[0].extract_text()
    assert len(pdf.pages) == 1


@pytest.mark.parametrize("fit", [False, True])
def test_same_spec_same_bytes_with_the_attachment(fit: bool) -> None:
    agreement = workagree.load(EXAMPLES[1])
    first = workagree.render(agreement, format="pdf", fit=fit)
    assert reader(first).attachments == {"agreement.json": [agreement.canonical_json().encode()]}
    assert first == workagree.render(agreement, format="pdf", fit=fit)


def test_the_attachment_can_be_left_out() -> None:
    agreement = workagree.load(EXAMPLES[0])
    data = workagree.render(agreement, format="pdf", embed_source=False)
    pdf = reader(data)
    assert pdf.attachments == {}
    assert "/AF" not in pdf.trailer["/Root"]
    assert described(xmp(pdf), "pdfaid:part") == ["3"]  # still PDF/A-3b
    assert b"/EmbeddedFile" not in data
    assert data == workagree.render(agreement, format="pdf", embed_source=False)


def test_render_no_embed_source_option(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    run = cli("render", str(EXAMPLES[0]), "-o", str(out), "--no-embed-source")
    assert run.exit_code == 0, run.output
    assert reader(out.read_bytes()).attachments == {}
    run = cli("render", str(EXAMPLES[0]), "-o", str(out))
    assert run.exit_code == 0, run.output
    assert list(reader(out.read_bytes()).attachments) == ["agreement.json"]


def test_build_setting_embed_source(cli: Callable[..., Run], tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.yaml").write_bytes(EXAMPLES[0].read_bytes())
    (tmp_path / "workagree.toml").write_text("embed-source = false\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = cli("build", "--jobs", "1")
    assert run.exit_code == 0, run.output
    assert reader((tmp_path / "build" / "a.pdf").read_bytes()).attachments == {}
    run = cli("build", "--jobs", "1", "--embed-source")  # the option wins, and rebuilds
    assert run.exit_code == 0, run.output
    assert list(reader((tmp_path / "build" / "a.pdf").read_bytes()).attachments) == [
        "agreement.json"
    ]
    (tmp_path / "workagree.toml").write_text('embed-source = "no"\n', encoding="utf-8")
    run = cli("build", "--jobs", "1")
    assert run.exit_code == 2
    assert "workagree.toml:1:1: error: setting 'embed-source' must be true or false" in run.stderr


def test_the_helper_process_and_user_templates_carry_it_too(tmp_path: Path) -> None:
    """`workagree render` forks its PDF helper (two cores or more) and renders user templates
    in a child: the attachment comes through both, the same bytes as in this process."""
    folder = tmp_path / "mine"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "footer.html.j2").write_text(
        "<footer>{{ _('Fingerprint %(fingerprint)s', fingerprint=agreement.fingerprint) }}"
        "</footer>",
        encoding="utf-8",
    )
    out = tmp_path / "a.pdf"
    command = [sys.executable, "-m", "workagree", "render", str(EXAMPLES[0]), "-o", str(out)]
    done = subprocess.run(
        [*command, "--templates", str(folder)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    agreement = workagree.load(EXAMPLES[0])
    assert reader(out.read_bytes()).attachments == {
        "agreement.json": [agreement.canonical_json().encode()]
    }
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == workagree.render(agreement, format="pdf")


HOSTILE_LINKS = {
    "link": '<link rel="attachment" href="logo.txt">',
    "anchor": '<a rel="attachment" href="data:text/plain,secret">notes</a>',
    "anchor with others": '<a rel="nofollow attachment" download="x.txt" href="logo.txt">x</a>',
}


@pytest.mark.parametrize("markup", HOSTILE_LINKS.values(), ids=HOSTILE_LINKS)
def test_a_template_cannot_attach_files(
    cli: Callable[..., Run], tmp_path: Path, markup: str
) -> None:
    folder = tmp_path / "mine"
    (folder / "parts").mkdir(parents=True)
    (folder / "logo.txt").write_text("a file beside the templates", encoding="utf-8")
    (folder / "parts" / "footer.html.j2").write_text(
        f"<footer>{markup} {{{{ agreement.fingerprint }}}}</footer>", encoding="utf-8"
    )
    out = tmp_path / "a.pdf"
    for extra in ([], ["--no-embed-source"]):
        run = cli("render", str(EXAMPLES[0]), "-o", str(out), "--templates", str(folder), *extra)
        assert run.exit_code == 1, run.output
        assert "templates: error: the template attaches a file to the PDF (<" in run.stderr
        assert "the only file a PDF carries is its agreement" in run.stderr
        assert not out.exists()


def test_spec_text_cannot_attach_files(write_spec: Callable[..., Path]) -> None:
    """Spec text is escaped, so links in it are text; the PDF carries only the agreement."""
    links = " ".join(HOSTILE_LINKS.values()).replace("'", "''")
    spec = (
        EXAMPLES[0]
        .read_text(encoding="utf-8")
        .replace("project: Spring campaign for Contoso", f"project: 'Spring campaign {links}'")
    )
    agreement = workagree.load(write_spec(spec))
    assert links.replace("''", "'") in agreement.project
    pdf = reader(workagree.render(agreement, format="pdf"))
    assert list(pdf.attachments) == ["agreement.json"]
    assert "/Annots" not in pdf.pages[0]


def test_a_redline_carries_no_agreement(tmp_path: Path) -> None:
    new = workagree.load(EXAMPLES[0])
    old = workagree.load(EXAMPLES[1])
    pdf = reader(workagree.render(new, format="pdf", redline=old))
    assert pdf.attachments == {}
    assert described(xmp(pdf), "pdfaid:part") == ["3"]

"""LibreOffice, headless, as a second reader of the .docx files workagree writes.

One call converts many files, because each start of LibreOffice costs seconds: the
first start (which also sets up a fresh profile of its own) converts every file to PDF;
the second runs a small Basic macro, put into that profile, that opens each file and
saves it as text or ODT, after accepting or rejecting every tracked change if asked.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from .tools import need

# Modes: "txt" (what LibreOffice shows), "odt", "accept" or "reject" (all tracked
# changes, then as text).
_BASIC = """
Sub Batch(listUrl As String)
  Dim mode As String, inUrl As String, outUrl As String
  n = FreeFile()
  Open ConvertFromURL(listUrl) For Input As #n
  Do While Not EOF(n)
    Line Input #n, mode
    Line Input #n, inUrl
    Line Input #n, outUrl
    Convert(mode, inUrl, outUrl)
  Loop
  Close #n
End Sub

Sub Convert(mode As String, inUrl As String, outUrl As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, "_blank", 0, args())
  helper = createUnoService("com.sun.star.frame.DispatchHelper")
  frame = doc.getCurrentController().getFrame()
  If mode = "accept" Then
    helper.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
  ElseIf mode = "reject" Then
    helper.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, Array())
  End If
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName"
  store(1).Name = "FilterOptions"
  If mode = "odt" Then
    store(0).Value = "writer8"
    store(1).Value = ""
  Else
    store(0).Value = "Text (encoded)"
    store(1).Value = "UTF8,LF"
  End If
  doc.storeToURL(outUrl, store())
  doc.close(True)
End Sub
"""
_MODULE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"'
    ' script:language="StarBasic">' + escape(_BASIC, {'"': "&quot;"}) + "</script:module>\n"
)


@dataclass(frozen=True)
class Job:
    mode: str  # txt, odt, accept or reject
    docx: Path
    out: Path


def _soffice(profile: Path, *args: str) -> None:
    subprocess.run(
        [need("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless", *args],
        check=True,
        capture_output=True,
        timeout=600,
    )


def to_pdf(files: list[Path], out: Path, profile: Path) -> dict[Path, Path]:
    """Each .docx as a PDF in ``out`` (one LibreOffice run), by the .docx path."""
    _soffice(profile, "--convert-to", "pdf", "--outdir", str(out), *map(str, files))
    return {f: out / (f.stem + ".pdf") for f in files}


def run(jobs: list[Job], profile: Path) -> None:
    """The jobs, in one LibreOffice run, with the profile :func:`to_pdf` set up."""
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.parent.is_dir(), "to_pdf() first: it sets up the profile"
    module.write_text(_MODULE, encoding="utf-8")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        for job in jobs:
            listing.write(
                f"{job.mode}\n{job.docx.resolve().as_uri()}\n{job.out.resolve().as_uri()}\n"
            )
    _soffice(
        profile, "--invisible", f'macro:///Standard.Module1.Batch("{Path(listing.name).as_uri()}")'
    )
    Path(listing.name).unlink()
    missing = [job.out for job in jobs if not job.out.is_file()]
    assert not missing, f"LibreOffice wrote none of {missing}"

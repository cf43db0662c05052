"""The standalone HTML in a real browser: headless Chromium opens a copy of the file and
reports, from inside the page, which fonts it uses, whether the page is wider than the
window, where the footer went, and what it tried to load.

A probe script is put into the copy before the page's Content-Security-Policy (which
forbids scripts), so the policy still governs everything the page itself loads. The
probe waits for the fonts, writes its findings into the DOM as JSON, and Chromium's
``--dump-dom`` prints them.
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

import workagree

from .conftest import ROOT
from .tools import need

EXAMPLE = ROOT / "examples" / "freelance-design.yaml"
OLD = ROOT / "examples" / "software-vendor.yaml"
PHONE, DESKTOP = 390, 1280

PROBE = """<script>
(() => {
  const violations = [];
  document.addEventListener("securitypolicyviolation",
    (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  const bare = (family) => family.replace(/^["']|["']$/g, "");
  async function probe() {
    await document.fonts.ready;
    const generic = ["serif", "sans-serif", "monospace", "system-ui"];
    const families = getComputedStyle(document.body).fontFamily.split(",")
      .map((name) => bare(name.trim())).filter((name) => !generic.includes(name));
    const family = families[0];
    const text = document.body.innerText;
    for (const name of families) {
      await document.fonts.load(`16px "${name}"`, text).catch(() => null);  // see faces
    }
    // A character none of the page's fonts has falls back to the browser's: measured
    // against two different generic fallbacks, its width differs.
    const chain = families.map((name) => `"${name}"`).join(", ");
    const context = document.createElement("canvas").getContext("2d");
    const width = (char, fallback) => {
      context.font = `40px ${chain}, ${fallback}`;
      return context.measureText(char).width;
    };
    const chars = [...new Set(text.replace(/\\s/g, ""))];
    const fellBack = chars.filter((char) => width(char, "monospace") !== width(char, "serif"));
    const scroller = document.scrollingElement;
    const footer = document.querySelector("body > footer");
    const main = document.querySelector("main");
    const shown = (element) => element.getClientRects().length > 0;
    return {
      family,
      faces: [...document.fonts].map((face) =>
        ({family: bare(face.family), weight: face.weight, style: face.style, status: face.status})),
      check: document.fonts.check(`16px "${family}"`, text),
      chars: chars.length,
      fellBack,
      scrollWidth: scroller.scrollWidth,
      clientWidth: scroller.clientWidth,
      footerText: footer.innerText,
      footerAfterMain: footer.getBoundingClientRect().top >= main.getBoundingClientRect().bottom,
      pageNumberShown: [...footer.querySelectorAll(".page, .page-number")].some(shown),
      resources: performance.getEntriesByType("resource").map((entry) => entry.name)
        .filter((name) => !name.startsWith("data:")),
      violations,
    };
  }
  window.addEventListener("load", () => probe().then(
    (result) => document.documentElement.setAttribute("data-probe", JSON.stringify(result)),
    (error) => document.documentElement.setAttribute("data-probe", JSON.stringify({error: String(error)}))));
})();
</script>
"""


@cache
def document(kind: str) -> str:
    agreement = workagree.load(EXAMPLE)
    if kind == "redline":
        text = workagree.render(agreement, format="html", redline=workagree.load(OLD))
    elif kind == "redline-columns":
        text = workagree.render(
            agreement, format="html", theme="columns", redline=workagree.load(OLD)
        )
    elif kind == "ru":
        text = workagree.render(agreement, format="html", locale="ru")
    else:
        text = workagree.render(agreement, format="html", theme=kind)
    assert isinstance(text, str)
    return text


def open_in_chromium(html: str, width: int, tmp_path: Path) -> dict[str, object]:
    chromium = need("chromium")
    head = html.index("<head>") + len("<head>")
    assert html.index('http-equiv="Content-Security-Policy"') > head  # the probe runs first
    page = tmp_path / "agreement.html"
    page.write_text(html[:head] + "\n" + PROBE + html[head:], encoding="utf-8")
    dumped = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=10000",
            f"--window-size={width},900",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r'data-probe="([^"]*)"', dumped)
    assert found, f"the probe wrote nothing; Chromium printed:\n{dumped[:2000]}"
    import html as entities

    result: dict[str, object] = json.loads(entities.unescape(found.group(1)))
    assert "error" not in result, result
    return result


CASES = [
    ("classic", PHONE, "Noto Serif"),
    ("classic", DESKTOP, "Noto Serif"),
    ("columns", PHONE, "Inter"),
    ("columns", DESKTOP, "Inter"),
    ("ru", PHONE, "Noto Serif"),
    ("redline", PHONE, "Noto Serif"),
    ("redline", DESKTOP, "Noto Serif"),
    ("redline-columns", PHONE, "Inter"),
]


@pytest.mark.parametrize(("kind", "width", "family"), CASES)
def test_browser_shows_the_bundled_fonts_within_the_window(
    kind: str, width: int, family: str, tmp_path: Path
) -> None:
    result = open_in_chromium(document(kind), width, tmp_path)

    assert result["family"] == family
    faces = result["faces"]
    assert isinstance(faces, list)
    assert not [face for face in faces if face["status"] == "error"], faces
    loaded = {
        (face["weight"], face["style"])
        for face in faces
        if face["family"] == family and face["status"] == "loaded"
    }
    assert {("normal", "normal"), ("bold", "normal")} <= loaded, faces
    assert result["check"] is True
    assert isinstance(result["chars"], int)
    assert result["chars"] > 40
    assert result["fellBack"] == [], f"not in the embedded fonts: {result['fellBack']}"

    scroll, client = result["scrollWidth"], result["clientWidth"]
    assert isinstance(scroll, int)
    assert isinstance(client, int)
    assert scroll <= client, f"{scroll}px wide in a {client}px window"

    assert result["footerAfterMain"] is True
    assert result["pageNumberShown"] is False
    footer = str(result["footerText"])
    assert workagree.load(EXAMPLE).fingerprint in footer, footer
    assert re.search(r" [0-9a-f]{12}$", footer), footer
    assert "/" not in footer, footer  # no "Page 0 / 0"

    assert result["resources"] == [], "the page loaded something besides itself"
    assert result["violations"] == [], "the page tried to load something"


def test_the_probe_sees_a_font_that_did_not_load(tmp_path: Path) -> None:
    """The checks above can fail: without its embedded fonts, the page falls back."""
    html = re.sub(
        r'url\("data:font/woff2;base64,[^"]*"\) format\("woff2"\)',
        'url("data:,")',
        document("classic"),
    )
    result = open_in_chromium(html, DESKTOP, tmp_path)
    faces = result["faces"]
    assert isinstance(faces, list)
    assert any(face["status"] == "error" for face in faces)
    assert result["fellBack"] != []

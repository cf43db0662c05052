"""Fuzzing: generated, structurally valid agreements are accepted, render inertly and diff clean.

Each example is a random agreement (parties, responsibilities, deadlines from the grammar,
consequences, terms) with text in Latin, Cyrillic, emoji and markup characters, written out
as YAML text. A mutation of it (a required key deleted, a value of the wrong type, a
misspelt id) must be reported as an error on a line inside the file.

The normal suite runs a short profile; `--hypothesis-profile long` runs 10,000 examples
(see docs/reliability.md).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import markupsafe
import yaml
from hypothesis import given
from hypothesis import strategies as st

import workagree
from workagree.api import check_text
from workagree.rendering.text import render_text

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MARKUP = "<>&\"'`*_[]()#|\\!{}%$~^=+-:;/@"
WORDS = ["Жёлтый", "договор", "Ünïcode", "😀", "🚀🔥", "<b>", "&amp;", "](x)", "url(a)", "*x*"]

# Text as people write it: letters (incl. Cyrillic), digits, emoji, spaces and markup
# characters; no control, format or line-separator characters (those are refused).
letters = st.characters(
    categories=["L", "N", "P", "S", "Zs"], exclude_characters="\u2028\u2029\x85"
)
cyrillic = st.characters(min_codepoint=0x0410, max_codepoint=0x044F)
emoji = st.characters(min_codepoint=0x1F300, max_codepoint=0x1F64F)
chunk = st.one_of(
    st.text(st.one_of(letters, cyrillic, emoji, st.sampled_from(MARKUP)), min_size=1, max_size=12),
    st.sampled_from(WORDS),
)


def text(max_words: int = 8) -> st.SearchStrategy[str]:
    """A non-blank one-line text of up to ``max_words`` chunks, starting with a letter."""
    return st.tuples(
        st.sampled_from(["A", "Ж", "é", "Z"]), st.lists(chunk, max_size=max_words)
    ).map(lambda t: " ".join([t[0], *t[1]]).strip())


ids = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
amount = st.integers(min_value=1, max_value=999)
event = st.sampled_from(["each request", "each draft", "the invoice date", "launch", "kickoff"])
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
deadline = st.one_of(
    dates.map(lambda d: d.isoformat()),
    dates.map(lambda d: f"by {d.isoformat()}"),
    st.builds(
        lambda n, basis, unit, direction, ev: " ".join(
            part for part in (str(n), basis, unit, direction, ev) if part
        ),
        amount,
        st.sampled_from(["business", "calendar"]),
        st.sampled_from(["days", "weeks", "hours"]),
        st.sampled_from(["after", "before"]),
        event,
    ),
    st.builds(lambda n, u: f"within {n} calendar {u}", amount, st.sampled_from(["days", "months"])),
    st.sampled_from([*WEEKDAYS, "day", "business day", "week", "month"]).map(
        lambda p: f"every {p}"
    ),
)


@st.composite
def agreements(draw: st.DrawFn) -> dict[str, Any]:
    party_ids = draw(st.lists(ids, min_size=2, max_size=4, unique=True))
    consequence_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    parties = {
        pid: {
            "name": draw(text(4)),
            "role": "provider" if i == 0 else "client",
            **({"signatory": draw(text(3))} if draw(st.booleans()) else {}),
        }
        for i, pid in enumerate(party_ids)
    }
    responsibility_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    responsibilities = [
        {
            "id": rid,
            "owner": draw(st.sampled_from(party_ids)),
            "what": draw(text()),
            "deadline": draw(deadline),
            "if_missed": draw(
                st.lists(st.sampled_from(consequence_ids), min_size=1, max_size=2, unique=True)
            ),
        }
        for rid in responsibility_ids
    ]
    spec: dict[str, Any] = {"workagree": 1}
    if draw(st.booleans()):
        spec["title"] = draw(text(4))
    spec["project"] = draw(text(5))
    if draw(st.booleans()):
        spec["version"] = draw(st.sampled_from(["1", "2.0", "yes", "1e3", "null"]))
        spec["effective"] = draw(dates)
    if draw(st.booleans()):
        parties[party_ids[0]]["contact"] = draw(text(3))
    spec |= {
        "parties": parties,
        "responsibilities": responsibilities,
        "consequences": {cid: draw(text()) for cid in consequence_ids},
    }
    if draw(st.booleans()):
        milestone = draw(ids)
        spec["milestones"] = [{"id": milestone, "what": draw(text(3)), "date": draw(dates)}]
        responsibilities[0]["deadline"] = f"{draw(amount)} business days before {milestone}"
    if draw(st.booleans()):
        spec["terms"] = [{"heading": draw(text(3)), "text": draw(text(12))}]
    return spec


class Dumper(yaml.SafeDumper):
    """PyYAML follows YAML 1.1 and writes text such as ``1e3`` unquoted, which YAML 1.2
    readers (and workagree, which then asks for quotes) read as a number: quote it."""


NUMBER_LIKE = re.compile(r"[-+]?(\.?[0-9][0-9_.]*([eE][-+]?[0-9]+)?|\.inf|\.nan|0[xo][0-9a-f]+)")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if NUMBER_LIKE.fullmatch(value.lower()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _text)


def dump(spec: dict[str, Any]) -> str:
    return yaml.dump(spec, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000)


@given(agreements())
def test_generated_agreements_validate_render_and_diff_clean(spec: dict[str, Any]) -> None:
    source = dump(spec)
    result = check_text(source, file="fuzz.yaml")
    assert result.errors == [], (source, result.errors)
    agreement = result.agreement
    assert agreement is not None
    assert workagree.diff(agreement, agreement) == []
    markdown = workagree.render(agreement, format="md")
    # The page as the templates write it; the standalone file differs only in carrying
    # its fonts, which take seconds to subset (test_render_html_standalone.py).
    page = render_text(agreement, format="html")
    assert isinstance(markdown, str)
    assert "<" not in markdown.replace("\\<", ""), markdown
    assert "](" not in markdown.replace("\\](", ""), markdown
    body = page[page.index("<body") :]
    # Every user text appears escaped, and no markup from it survives as elements.
    for party in spec["parties"].values():
        assert str(markupsafe.escape(party["name"])) in body, party["name"]
    for element in ("<script", "<img", "<a ", "<iframe", "<object"):
        assert element not in body
    assert not re.search(r"<(?!/?(?:" + ALLOWED_TAGS + r")\b)[a-zA-Z]", body), body


ALLOWED_TAGS = (
    "html|head|body|meta|title|style|link|header|footer|main|section|article|div|span|p|h1|h2|h3"
    "|h4|table|thead|tbody|tr|th|td|ul|ol|li|em|strong|dl|dt|dd|small|br|hr|aside|nav|figure"
    "|caption|colgroup|col|abbr|time|b|i|code|blockquote|sup|sub"
)


def _mutations(spec: dict[str, Any]) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    def delete_key(index: int, key: str) -> tuple[str, dict[str, Any]]:
        copy = yaml.safe_load(dump(spec))
        del copy["responsibilities"][index][key]
        return f"delete {key}", copy

    def wrong_type(index: int, key: str) -> tuple[str, dict[str, Any]]:
        copy = yaml.safe_load(dump(spec))
        copy["responsibilities"][index][key] = {"nested": [1, 2]}
        return f"wrong type for {key}", copy

    def misspell(index: int, key: str) -> tuple[str, dict[str, Any]]:
        copy = yaml.safe_load(dump(spec))
        item = copy["responsibilities"][index]
        wrong = "zz" + (item[key][0] if key == "if_missed" else item[key])
        item[key] = wrong
        return f"misspelt {key}", copy

    count = len(spec["responsibilities"])
    index = st.integers(min_value=0, max_value=count - 1)
    return st.one_of(
        st.builds(delete_key, index, st.sampled_from(["id", "owner", "what"])),
        st.builds(wrong_type, index, st.sampled_from(["owner", "what", "deadline", "if_missed"])),
        st.builds(misspell, index, st.sampled_from(["owner", "if_missed"])),
    )


@given(st.data())
def test_mutations_are_reported_on_a_line_of_the_file(data: st.DataObject) -> None:
    spec = data.draw(agreements())
    what, mutated = data.draw(_mutations(spec))
    source = dump(mutated)
    lines = source.count("\n")
    result = check_text(source, file="fuzz.yaml")
    assert result.errors, (what, source)
    assert any(p.line is not None and 1 <= p.line <= lines for p in result.errors), (
        what,
        source,
        result.errors,
    )

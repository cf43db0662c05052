"""Escaping user text for Markdown and HTML, and the light Markdown of `terms`."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workagree.rendering import markup

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("*_[]()<>|#-`\n"),
    max_size=80,
)


@given(TEXT)
def test_md_escape_leaves_no_live_markup(text: str) -> None:
    escaped = markup.md_escape(text)
    unescaped = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[*_\[\]<>|`]", unescaped)
    assert "\n" not in escaped
    assert not re.match(r"[-=+#]|\d+\.", escaped)


@given(TEXT)
def test_html_has_only_our_tags(text: str) -> None:
    html = markup.to_html(text)
    assert not re.search(r"<(?!/?(?:p|ul|li|em|strong)>)", html)


@given(TEXT)
def test_markdown_keeps_the_words(text: str) -> None:
    words = re.findall(r"[^\W_]+", text)
    rendered = markup.to_markdown(text)
    for word in words:
        assert word in rendered


@pytest.mark.parametrize(
    ("text", "md", "html"),
    [
        ("a **b** c *d* e", "a **b** c *d* e", "<p>a <strong>b</strong> c <em>d</em> e</p>"),
        ("** x **", "\\*\\* x \\*\\*", "<p>** x **</p>"),
        (
            "- one\n- *two*\n\nafter",
            "- one\n- *two*\n\nafter",
            "<ul><li>one</li><li><em>two</em></li></ul><p>after</p>",
        ),
        ("[x](http://e.example)", "\\[x\\](http://e.example)", "<p>[x](http://e.example)</p>"),
        (
            "<b>hi</b> & 1 < 2",
            "\\<b\\>hi\\</b\\> \\& 1 \\< 2",
            "<p>&lt;b&gt;hi&lt;/b&gt; &amp; 1 &lt; 2</p>",
        ),
        ("# not a heading", "\\# not a heading", "<p># not a heading</p>"),
    ],
)
def test_light_markdown(text: str, md: str, html: str) -> None:
    assert markup.to_markdown(text) == md
    assert markup.to_html(text) == html

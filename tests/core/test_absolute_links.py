"""``absolute_links``: sanitised HTML for readers without a base URL (RSS, Atom)."""

from __future__ import annotations

import pytest

from community.core.markdown import absolute_links, render_markdown

PAGE = "https://asso.example/posts/7/"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("[a](/groups/jardin/)", 'href="https://asso.example/groups/jardin/"'),
        ("[a](../)", 'href="https://asso.example/posts/"'),
        ("[a](#comments)", 'href="https://asso.example/posts/7/#comments"'),
        ("[a](/search/?q=a&b=c)", 'href="https://asso.example/search/?q=a&amp;b=c"'),
        ("[a](//other.example/x)", 'href="https://other.example/x"'),
        ("[a](https://x.example/?a=1&b=2)", 'href="https://x.example/?a=1&amp;b=2"'),
        ("[a](mailto:a@x.example)", 'href="mailto:a@x.example"'),
    ],
)
def test_links_become_absolute(written: str, expected: str) -> None:
    html = absolute_links(str(render_markdown(written)), PAGE)
    assert expected in html, html


def test_only_attributes_of_tags_change() -> None:
    """Text that looks like an attribute is text: it is kept as written."""
    html = str(render_markdown('Write href="/x" or <a href="/y">this</a> [z](/z)'))
    assert html.startswith('<p>Write href="/x" or <a href="/y"')
    out = absolute_links(html, PAGE)
    assert out.startswith('<p>Write href="/x" or <a href="https://asso.example/y"')
    assert 'href="https://asso.example/z"' in out


def test_absolute_html_is_kept_byte_for_byte() -> None:
    html = str(render_markdown("[a](https://x.example/?a=1&b=2) and **bold**"))
    assert absolute_links(html, PAGE) == html

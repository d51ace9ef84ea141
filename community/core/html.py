"""HTML that core builds in Python (format_html only; tests/test_html_builders.py)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString


def sentence_with_link(sentence: str, placeholder: str, url: str, label: str) -> SafeString:
    """``sentence`` (translated, plain text) with ``placeholder`` replaced by a
    link to ``url`` reading ``label``; every piece is escaped."""
    before, _found, after = str(sentence).partition(placeholder)
    return format_html('{}<a href="{}">{}</a>{}', before, url, label, after)

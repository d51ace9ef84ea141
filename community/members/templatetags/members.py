"""Template helpers for member pages."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from community.members.models import QuestionKind
from community.members.questions import ShownAnswer

register = template.Library()


@register.filter
def answer_html(answer: ShownAnswer) -> SafeString:
    """One visible answer as HTML: every value escaped, links only for http(s)."""
    if answer.choices:
        return format_html("{}", ", ".join(answer.choices))
    if answer.kind == QuestionKind.YES_NO:
        return format_html("{}", _("Yes") if answer.is_yes else _("No"))
    if answer.kind == QuestionKind.DATE:
        return format_html("{}", date_filter(answer.date, "j F Y"))
    if answer.kind == QuestionKind.URL and answer.is_safe_url:
        return format_html(
            '<a href="{}" rel="nofollow noopener ugc" target="_blank">{}</a>',
            answer.text,
            truncatechars(answer.text, 60),
        )
    if answer.kind == QuestionKind.LONG_TEXT:
        return linebreaksbr(answer.text, autoescape=True)
    return format_html("{}", answer.text)

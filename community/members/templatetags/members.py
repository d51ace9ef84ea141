"""Template helpers for member pages."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.core.templatetags.entraide import initials
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


def avatar_html(person, size: str = "") -> SafeString:
    """The same markup as ``_partials/avatar.html`` (a test keeps them equal)."""
    classes = f"avatar {size}"
    if person.avatar_url:
        return format_html(
            '<img class="{}" src="{}" alt="" loading="lazy">', classes, person.avatar_url
        )
    return format_html(
        '<span class="{}" aria-hidden="true">{}</span>', classes, initials(person.display_name)
    )


@register.simple_tag
def skill_filter_groups(form) -> SafeString:
    """The directory's skill checkboxes by category, rendered in Python: about
    fifty of them on every directory page, where the template loop cost more
    than the search itself. Names are escaped with ``escape``."""
    parts = []
    for category, skills, any_selected in form.skill_groups():
        items = "".join(
            '<li><label class="choice"><input type="checkbox" name="skill" value="'
            f'{escape(skill.slug)}"{" checked" if selected else ""}> '
            f"<span>{escape(skill.name)}</span></label></li>"
            for skill, selected in skills
        )
        parts.append(
            f'<details class="skill-category"{" open" if any_selected else ""}>'
            f'<summary>{escape(category.name)}</summary><ul class="list-plain">{items}</ul>'
            "</details>"
        )
    return mark_safe("".join(parts))  # every value above is escaped


@register.simple_tag
def select_options(choices, selected) -> SafeString:
    """``<option>`` elements for a long ``<select>`` (the directory's languages)."""
    selected = "" if selected is None else str(selected)
    return mark_safe(  # every value is escaped
        "".join(
            f'<option value="{escape(code)}"{" selected" if str(code) == selected else ""}>'
            f"{escape(name)}</option>"
            for code, name in choices
        )
    )


SKILLS_ON_CARD = 6


@register.simple_tag
def member_card(card, matched_slugs: frozenset[str] = frozenset()) -> SafeString:
    """One directory result, rendered in Python: the directory shows 50 of them
    per page and this is its hottest path (the template version cost several
    times more). Every value goes through ``format_html``, so it is escaped;
    hidden fields are already empty on the card."""
    member = card.member
    parts = [
        format_html(
            '<article class="card member-card"><header class="member-card-header">{}<div>'
            '<h2 class="member-card-name"><a href="{}">{}</a></h2>',
            avatar_html(member, "avatar-md"),
            member.get_absolute_url(),
            member.display_name,
        )
    ]
    if card.location:
        parts.append(format_html('<p class="small muted">{}</p>', card.location))
    parts.append(mark_safe("</div></header>"))
    if card.skills:
        items = format_html_join(
            "",
            '<li class="skill-tag{}">{}</li>',
            (
                (" skill-matched" if skill.slug in matched_slugs else "", skill.name)
                for skill in card.skills[:SKILLS_ON_CARD]
            ),
        )
        more = len(card.skills) - SKILLS_ON_CARD
        if more > 0:
            items += format_html(
                '<li class="muted">{}</li>',
                ngettext("+%(count)s more", "+%(count)s more", more) % {"count": more},
            )
        parts.append(
            format_html('<ul class="tag-list small" aria-label="{}">{}</ul>', _("Skills"), items)
        )
    if card.languages:
        parts.append(
            format_html(
                '<p class="small"><span class="muted">{}</span> {}</p>',
                _("Speaks"),
                ", ".join(card.languages),
            )
        )
    for answer in card.answers:
        parts.append(
            format_html(
                '<p class="small"><span class="muted">{}</span> {}</p>',
                # Translators: a profile question's label before its answer.
                _("%(question)s:") % {"question": answer.question.label},
                answer_html(answer),
            )
        )
    parts.append(mark_safe("</article>"))
    return mark_safe("".join(parts))

"""The members app's markup built in Python: answers, avatars, and the
directory's hot path (its skill filter, long ``<select>`` lists and cards).

Every value goes through ``format_html`` / ``format_html_join``, which escape
it. The template tags of ``{% load members %}`` call these builders.
"""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.core.numbers import shown_number
from community.core.templatetags.entraide import initials
from community.members.models import QuestionKind
from community.members.questions import ShownAnswer


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


def skill_filter_groups(form) -> SafeString:
    """The directory's skill checkboxes by category: about fifty of them on
    every directory page, where the template loop cost more than the search
    itself."""
    return format_html_join(
        "",
        '<details class="skill-category"{}><summary>{}</summary>'
        '<ul class="list-plain">{}</ul></details>',
        (
            (
                " open" if any_selected else "",
                category.label,
                format_html_join(
                    "",
                    '<li><label class="choice"><input type="checkbox" name="skill" value="{}"{}> '
                    "<span>{}</span></label></li>",
                    (
                        (skill.slug, " checked" if selected else "", skill.label)
                        for skill, selected in skills
                    ),
                ),
            )
            for category, skills, any_selected in form.skill_groups()
        ),
    )


def select_options(choices, selected) -> SafeString:
    """``<option>`` elements for a long ``<select>`` (the directory's languages)."""
    selected = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((code, " selected" if str(code) == selected else "", name) for code, name in choices),
    )


SKILLS_ON_CARD = 6


def member_card(card, matched_slugs: frozenset[str] = frozenset()) -> SafeString:
    """One directory result: the directory shows 50 of them per page and this
    is its hottest path (the template version cost several times more).
    Hidden fields are already empty on the card."""
    member = card.member
    location = format_html('<p class="small muted">{}</p>', card.location) if card.location else ""
    skills: SafeString | str = ""
    if card.skills:
        more = len(card.skills) - SKILLS_ON_CARD
        skills = format_html(
            '<ul class="tag-list small" aria-label="{}">{}{}</ul>',
            _("Skills"),
            format_html_join(
                "",
                '<li class="skill-tag{}">{}</li>',
                (
                    (" skill-matched" if skill.slug in matched_slugs else "", skill.name)
                    for skill in card.skills[:SKILLS_ON_CARD]
                ),
            ),
            format_html(
                '<li class="muted">{}</li>',
                ngettext("+%(count)s more", "+%(count)s more", more)
                % {"count": shown_number(more)},
            )
            if more > 0
            else "",
        )
    languages = (
        format_html(
            '<p class="small"><span class="muted">{}</span> {}</p>',
            _("Speaks"),
            ", ".join(card.languages),
        )
        if card.languages
        else ""
    )
    answers = format_html_join(
        "",
        '<p class="small"><span class="muted">{}</span> {}</p>',
        (
            (
                # Translators: a profile question's label before its answer.
                _("%(question)s:") % {"question": answer.question.label},
                answer_html(answer),
            )
            for answer in card.answers
        ),
    )
    return format_html(
        '<article class="card member-card"><header class="member-card-header">{}<div>'
        '<h2 class="member-card-name"><a href="{}">{}</a></h2>{}</div></header>'
        "{}{}{}</article>",
        avatar_html(member, "avatar-md"),
        member.get_absolute_url(),
        member.display_name,
        location,
        skills,
        languages,
        answers,
    )

"""Volunteering blocks placed on other apps' pages: the member's home
("needs matching my skills"), a group page's projects, a profile's
volunteering slot. Each reads through the sub-domains' selectors for the
viewer."""

from __future__ import annotations

from django import template

from community.activity.visibility import is_active_member
from community.core.numbers import shown_number
from community.volunteering.hours.selectors import volunteer_record
from community.volunteering.matching.selectors import needs_for_volunteer
from community.volunteering.offers.selectors import active_offers, offers_on_profile
from community.volunteering.projects.selectors import group_projects as projects_of_group

register = template.Library()

HOME_MATCHES = 5


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: a dict lookup with a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.inclusion_tag("volunteering/_home_matches.html", takes_context=True)
def home_matches(context) -> dict:
    user = context["request"].user
    offers = active_offers(user)
    return {
        "request": context["request"],
        "suggestions": needs_for_volunteer(user, limit=HOME_MATCHES, offers=offers)
        if offers
        else [],
        "has_offer": bool(offers),
    }


@register.inclusion_tag("volunteering/_group_projects.html", takes_context=True)
def group_projects(context, group, access) -> dict:
    """``access`` is the group page's ``GroupAccess`` (who the viewer is in the group)."""
    user = context["request"].user
    manages = access.can_manage
    return {
        "request": context["request"],
        "group": group,
        "network": context.get("network"),
        "projects": projects_of_group(user, group, manages=manages),
        "can_create": manages and not group.archived,
    }


@register.inclusion_tag("volunteering/_profile_volunteering.html", takes_context=True)
def profile_volunteering(context, card) -> dict:
    viewer = context["request"].user
    member = card.member
    is_self = is_active_member(viewer) and viewer.pk == member.pk
    return {
        "request": context["request"],
        "card": card,
        "is_self": is_self,
        "record": volunteer_record(viewer, member),
        "offers": offers_on_profile(viewer, member),
    }


@register.filter
def hours(value) -> str:
    """``Decimal("1.50")`` → ``1.5``, ``Decimal("6.00")`` → ``6``, in the
    locale's decimal mark and thousand separator ("1,5", "20 000" in French)."""
    return shown_number(value)

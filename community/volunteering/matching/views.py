"""Matching pages: the volunteers suggested for a need (its managers) and the
needs suggested to a member ("Needs for me"). The home page's block is the
``home_matches`` template tag."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community.volunteering import permissions
from community.volunteering.matching import selectors
from community.volunteering.needs.selectors import need_in_project
from community.volunteering.offers.selectors import active_offers, has_offers
from community.volunteering.projects.selectors import project_by_slug


@login_required
def need_suggestions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    need = need_in_project(request.user, project, pk)
    return render(
        request,
        "volunteering/suggestions.html",
        {
            "project": project,
            "need": need,
            "suggestions": selectors.suggestions_for_need(need),
        },
    )


@login_required
def for_me(request: HttpRequest) -> HttpResponse:
    offers = active_offers(request.user)
    return render(
        request,
        "volunteering/for_me.html",
        {
            "offers": offers,
            "suggestions": selectors.needs_for_volunteer(request.user, offers=offers),
            "has_offers": has_offers(request.user),
        },
    )

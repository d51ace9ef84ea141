"""What the group views share: the group as the viewer may know it, visitors
sent to sign in, the site's address. (An action's refusal as messages is
``community.core.pages.errors_to_messages``.)"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from community.groups import selectors

MEMBERS_PAGE_SIZE = 50


def viewer_group(request: HttpRequest, slug: str):
    return selectors.group_by_slug(viewer=request.user, slug=slug)


def needs_login(request: HttpRequest, group) -> HttpResponse | None:
    """Visitors are sent to sign in, then back to the group page."""
    if not request.user.is_authenticated:
        return redirect_to_login(group.get_absolute_url())
    return None


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")

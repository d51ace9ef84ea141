"""The feed sections of pages: what ``feeds/_feed.html`` needs for the home,
group and profile pages (other apps' pages, through ``templatetags/feeds.py``)
and for this app's own pages and htmx fragments (``views.py``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from community.feeds import selectors
from community.feeds.selectors import parse_before


def with_query(url: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{url}?{query}" if query else url


def feed_context(
    request: HttpRequest,
    feed: selectors.FeedPage,
    *,
    dom_id: str,
    page_url: str,
    fragment_url: str,
    empty_title: str,
    empty_text: str = "",
    params: dict | None = None,
) -> dict:
    """What ``feeds/_feed.html`` needs: the items and the "Show older" link
    (a full page without JavaScript, the fragment with htmx)."""
    params = params or {}
    before = feed.next_before
    return {
        "feed": feed,
        "viewer": request.user,
        "request": request,
        "dom_id": dom_id,
        "more_url": with_query(page_url, **params, before=before) if before else "",
        "more_fragment_url": with_query(fragment_url, **params, before=before) if before else "",
        "empty_title": empty_title,
        "empty_text": empty_text,
        "paged": parse_before(request.GET.get("before")) is not None,
        "first_page_url": with_query(page_url, **params),
    }


def tab_params(request: HttpRequest) -> dict:
    tab = request.GET.get("tab", "")
    return {"tab": tab} if tab in selectors.HOME_TABS and tab != "all" else {}


# --- home ---------------------------------------------------------------------------


HOME_EMPTY = {
    "all": (
        lambda: _("Nothing here yet"),
        lambda: _(
            "What members post, the groups they join and the projects they start will appear here."
        ),
    ),
    "groups": (
        lambda: _("Nothing in your groups yet"),
        lambda: _("What members share in your groups will appear here."),
    ),
    "following": (
        lambda: _("Nothing from the members you follow yet"),
        lambda: _("Follow members from their profile to see what they share here."),
    ),
}


def home_tab(request: HttpRequest) -> str:
    tab = request.GET.get("tab", "all")
    return tab if tab in selectors.HOME_TABS else "all"


def home_context(request: HttpRequest) -> dict:
    tab = home_tab(request)
    feed = selectors.home_feed(
        viewer=request.user, tab=tab, before=parse_before(request.GET.get("before"))
    )
    title, text = HOME_EMPTY[tab]
    empty_text = text()
    if tab == "groups" and not feed.keys:
        empty_text = _("You are not in any group yet.")
    elif tab == "following" and not feed.keys:
        empty_text = _("You do not follow anyone yet. Follow members from their profile.")
    context = feed_context(
        request,
        feed,
        dom_id="home-feed",
        page_url=reverse("home"),
        fragment_url=reverse("feeds:home_feed"),
        empty_title=title(),
        empty_text=empty_text,
        params=tab_params(request),
    )
    context["tab"] = tab
    context["tabs"] = [
        {"key": "all", "label": _("All"), "url": reverse("home")},
        {"key": "groups", "label": _("My groups"), "url": reverse("home") + "?tab=groups"},
        {"key": "following", "label": _("Following"), "url": reverse("home") + "?tab=following"},
    ]
    context["empty_link"] = (
        {"url": reverse("groups:directory"), "label": _("Find a group")}
        if tab == "groups" and not feed.keys
        else {"url": reverse("members:directory"), "label": _("Browse members")}
        if tab == "following" and not feed.keys
        else None
    )
    return context


def group_context(request: HttpRequest, group, access) -> dict:
    feed = selectors.group_feed(
        viewer=request.user,
        group=group,
        access=access,
        before=parse_before(request.GET.get("before")),
    )
    return feed_context(
        request,
        feed,
        dom_id="group-feed",
        page_url=group.get_absolute_url(),
        fragment_url=reverse("feeds:group_feed", args=[group.slug]),
        empty_title=_("Nothing here yet"),
        empty_text=_("What members share in the group will appear here."),
    )


def profile_context(request: HttpRequest, member) -> dict:
    feed = selectors.profile_feed(
        viewer=request.user, member=member, before=parse_before(request.GET.get("before"))
    )
    return feed_context(
        request,
        feed,
        dom_id="profile-feed",
        page_url=member.get_absolute_url(),
        fragment_url=reverse("feeds:profile_feed", args=[member.handle]),
        empty_title=_("Nothing to show yet"),
        empty_text=_("What this member shares will appear here."),
    )

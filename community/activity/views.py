"""Feed pages and their htmx fragments. Thin: who may look, one selector, render.

A feed lives on a page (home, group, profile, tag, articles). The first page
is rendered with the page; "Show older" is a plain link to the same page with
``?before=<id>`` (works without JavaScript) that htmx turns into a request for
the items only (``hx-get`` on the fragment URL, appended to the list, the
link itself replaced out of band). The home, group and profile pages belong
to other apps: their feed sections are template tags
(``templatetags/activity_feeds.py``) built with the ``*_context`` helpers
below, and the fragments are served here.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.activity import selectors
from community.activity.selectors import parse_before
from community.posts.models import Tag

FEED_ITEMS_TEMPLATE = "activity/_feed_fragment.html"


def _with_query(url: str, **params) -> str:
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
    """What ``activity/_feed.html`` needs: the items and the "Show older" link
    (a full page without JavaScript, the fragment with htmx)."""
    params = params or {}
    before = feed.next_before
    return {
        "feed": feed,
        "viewer": request.user,
        "request": request,
        "dom_id": dom_id,
        "more_url": _with_query(page_url, **params, before=before) if before else "",
        "more_fragment_url": _with_query(fragment_url, **params, before=before) if before else "",
        "empty_title": empty_title,
        "empty_text": empty_text,
        "paged": parse_before(request.GET.get("before")) is not None,
        "first_page_url": _with_query(page_url, **params),
    }


def _fragment_or_page(request: HttpRequest, context: dict, page_url: str) -> HttpResponse:
    """htmx gets the items; a plain request (a bookmarked fragment URL) the page."""
    if not request.htmx:
        return redirect(_with_query(page_url, before=request.GET.get("before"), **_tab(request)))
    return render(request, FEED_ITEMS_TEMPLATE, context)


def _tab(request: HttpRequest) -> dict:
    tab = request.GET.get("tab", "")
    return {"tab": tab} if tab in selectors.HOME_TABS and tab != "all" else {}


# --- home --------------------------------------------------------------------------


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
        fragment_url=reverse("activity:home_feed"),
        empty_title=title(),
        empty_text=empty_text,
        params=_tab(request),
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


@require_GET
@login_required
def home_feed(request: HttpRequest) -> HttpResponse:
    """The home feed's items (htmx "Show older")."""
    return _fragment_or_page(request, home_context(request), reverse("home"))


# --- group -------------------------------------------------------------------------


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
        fragment_url=reverse("activity:group_feed", args=[group.slug]),
        empty_title=_("Nothing here yet"),
        empty_text=_("What members share in the group will appear here."),
    )


def _group_for(request: HttpRequest, slug: str):
    from community.groups import permissions
    from community.groups.selectors import group_by_slug

    group, access = group_by_slug(viewer=request.user, slug=slug)  # 404 for a secret group
    permissions.check(access, access.can_see_content, _("Only the group's members see this."))
    return group, access


@require_GET
def group_feed(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = _group_for(request, slug)
    return _fragment_or_page(
        request, group_context(request, group, access), group.get_absolute_url()
    )


# --- profile -----------------------------------------------------------------------


def profile_context(request: HttpRequest, member) -> dict:
    feed = selectors.profile_feed(
        viewer=request.user, member=member, before=parse_before(request.GET.get("before"))
    )
    return feed_context(
        request,
        feed,
        dom_id="profile-feed",
        page_url=member.get_absolute_url(),
        fragment_url=reverse("activity:profile_feed", args=[member.handle]),
        empty_title=_("Nothing to show yet"),
        empty_text=_("What this member shares will appear here."),
    )


@require_GET
def profile_feed(request: HttpRequest, handle: str) -> HttpResponse:
    from community.members.selectors import profile_page, viewer_for

    page = profile_page(viewer_for(request.user, network=request.network), handle)
    if page is None:
        raise Http404
    member = page.card.member
    return _fragment_or_page(request, profile_context(request, member), member.get_absolute_url())


# --- tag ---------------------------------------------------------------------------


@require_GET
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    """Posts tagged ``#slug`` that the viewer may see. An unknown tag and a tag
    used only where the viewer cannot look read the same (nothing to show)."""
    found = Tag.objects.filter(slug=slug).first()
    page_url = reverse("activity:tag", args=[slug])
    if found is None:
        feed = selectors.empty_page(f"tag:{slug}")
    else:
        feed = selectors.tag_feed(
            viewer=request.user, tag=found, before=parse_before(request.GET.get("before"))
        )
    context = feed_context(
        request,
        feed,
        dom_id="tag-feed",
        page_url=page_url,
        fragment_url=page_url,
        empty_title=_("Nothing to show"),
        empty_text=_("No post you can see has this tag yet."),
    )
    # The name as first written only once the viewer may see a post carrying it.
    context["tag_name"] = found.name if found is not None and feed else slug
    if request.htmx:
        return render(request, FEED_ITEMS_TEMPLATE, context)
    return render(request, "activity/tag.html", context)


# --- articles ----------------------------------------------------------------------


def _articles_response(request: HttpRequest, page, context: dict, template: str) -> HttpResponse:
    before = page.next_before
    url = context["page_url"]
    context.update(
        {
            "page": page,
            "more_url": _with_query(url, before=before) if before else "",
            "paged": parse_before(request.GET.get("before")) is not None,
        }
    )
    if request.htmx:
        return render(request, "activity/_articles_fragment.html", context)
    return render(request, template, context)


@require_GET
def articles(request: HttpRequest) -> HttpResponse:
    """The community's articles (posts with a title on the community wall)."""
    page = selectors.community_articles(
        viewer=request.user, before=parse_before(request.GET.get("before"))
    )
    context = {"page_url": reverse("activity:articles")}
    return _articles_response(request, page, context, "activity/articles.html")


@require_GET
def group_articles(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = _group_for(request, slug)
    page = selectors.group_articles(
        viewer=request.user,
        group=group,
        access=access,
        before=parse_before(request.GET.get("before")),
    )
    context = {
        "group": group,
        "access": access,
        "page_url": reverse("activity:group_articles", args=[group.slug]),
    }
    return _articles_response(request, page, context, "activity/group_articles.html")

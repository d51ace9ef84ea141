"""Feed pages and their htmx fragments. Thin: who may look, one selector, render.

A feed lives on a page (home, group, profile, tag, articles). The first page
is rendered with the page; "Show older" is a plain link to the same page with
``?before=<id>`` (works without JavaScript) that htmx turns into a request for
the items only (``hx-get`` on the fragment URL, appended to the list, the
link itself replaced out of band). The home, group and profile pages belong
to other apps: their feed sections are template tags
(``templatetags/feeds.py``) built by ``sections.py``, and the fragments are
served here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.feeds import sections, selectors
from community.feeds.selectors import parse_before
from community.groups import permissions
from community.groups.selectors import group_by_slug
from community.members.selectors import profile_page, viewer_for
from community.posts.models import Tag

FEED_ITEMS_TEMPLATE = "feeds/_feed_fragment.html"


def _fragment_or_page(request: HttpRequest, context: dict, page_url: str) -> HttpResponse:
    """htmx gets the items; a plain request (a bookmarked fragment URL) the page."""
    if not request.htmx:
        return redirect(
            sections.with_query(
                page_url, before=request.GET.get("before"), **sections.tab_params(request)
            )
        )
    return render(request, FEED_ITEMS_TEMPLATE, context)


# --- home --------------------------------------------------------------------------


@require_GET
@login_required
def home_feed(request: HttpRequest) -> HttpResponse:
    """The home feed's items (htmx "Show older")."""
    return _fragment_or_page(request, sections.home_context(request), reverse("home"))


# --- group -------------------------------------------------------------------------


def _group_for(request: HttpRequest, slug: str):
    group, access = group_by_slug(viewer=request.user, slug=slug)  # 404 for a secret group
    permissions.check(access, access.can_see_content, _("Only the group's members see this."))
    return group, access


@require_GET
def group_feed(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = _group_for(request, slug)
    return _fragment_or_page(
        request, sections.group_context(request, group, access), group.get_absolute_url()
    )


# --- profile -----------------------------------------------------------------------


@require_GET
def profile_feed(request: HttpRequest, handle: str) -> HttpResponse:
    page = profile_page(viewer_for(request.user, network=request.network), handle)
    if page is None:
        raise Http404
    member = page.card.member
    return _fragment_or_page(
        request, sections.profile_context(request, member), member.get_absolute_url()
    )


# --- tag ---------------------------------------------------------------------------


@require_GET
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    """Posts tagged ``#slug`` that the viewer may see. An unknown tag and a tag
    used only where the viewer cannot look read the same (nothing to show)."""
    found = Tag.objects.filter(slug=slug).first()
    page_url = reverse("feeds:tag", args=[slug])
    if found is None:
        feed = selectors.empty_page(f"tag:{slug}")
    else:
        feed = selectors.tag_feed(
            viewer=request.user, tag=found, before=parse_before(request.GET.get("before"))
        )
    context = sections.feed_context(
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
    return render(request, "feeds/tag.html", context)


# --- articles ----------------------------------------------------------------------


def _articles_response(request: HttpRequest, page, context: dict, template: str) -> HttpResponse:
    before = page.next_before
    url = context["page_url"]
    context.update(
        {
            "page": page,
            "more_url": sections.with_query(url, before=before) if before else "",
            "paged": parse_before(request.GET.get("before")) is not None,
        }
    )
    if request.htmx:
        return render(request, "feeds/_articles_fragment.html", context)
    return render(request, template, context)


@require_GET
def articles(request: HttpRequest) -> HttpResponse:
    """The community's articles (posts with a title on the community wall)."""
    page = selectors.community_articles(
        viewer=request.user, before=parse_before(request.GET.get("before"))
    )
    context = {"page_url": reverse("feeds:articles")}
    return _articles_response(request, page, context, "feeds/articles.html")


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
        "page_url": reverse("feeds:group_articles", args=[group.slug]),
    }
    return _articles_response(request, page, context, "feeds/group_articles.html")

"""Every main page of the site, for the browser tests that check each one
(page widths, accessibility): the demo community (``spinup --demo``) on a
public network, and every named GET route of the URL conf filled with its
objects, visited as a visitor, a member and a network admin.

A route is either filled from the demo data (``FILLERS``) or left out with
its reason (``LEFT_OUT``); a new route that is neither fails
``page_urls``, so a new page joins the checks the day it is added."""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from community.core.models import Network
from community.groups.models import Group, GroupInvitation
from community.members.actions import create_account, create_invitation
from community.members.demo import ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_MEMBERS, seed_demo
from community.members.models import (
    Invitation,
    ProfileQuestion,
    Skill,
    SkillCategory,
    User,
)
from community.members.taxonomy import install_default_taxonomy
from community.posts.models import Comment, Post, PostImage, Tag
from community.volunteering.models import (
    Attestation,
    Engagement,
    HoursEntry,
    Need,
    Offer,
    Project,
)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"375": PHONE, "1280": DESKTOP}

# Routes that are not a page of their own (files, feeds, redirects, POST
# endpoints whose name ends the URL with a value the demo cannot give), and
# Django's own admin (its own stylesheet, not the site's layout).
LEFT_OUT = {
    "healthz": "a JSON health check",
    "media": "uploaded files",
    "set_language": "POST only",
    "account_confirm_email": "needs an e-mail confirmation key",
    "account_reset_password_from_key": "needs a password-reset key",
    "mfa_download_recovery_codes": "a text file",
    "groups:picture": "an image",
    "groups:invitation_picture": "an image",
    "volunteering:project_cover": "an image",
    "feeds:articles_rss": "an RSS feed",
    "feeds:articles_atom": "an Atom feed",
    "feeds:group_rss": "an RSS feed",
    "feeds:group_atom": "an Atom feed",
    "notifications:open": "a redirect to the notified object",
    "notifications:mark_read": "POST only",
    "volunteering:project_status": "POST only (the status in the URL)",
    "volunteering:engagement_action": "POST only (the action in the URL)",
    "volunteering:offer_status": "POST only (the action in the URL)",
    "mail:retry": "POST only",
}
LEFT_OUT_PREFIXES = ("admin:",)


@dataclass
class Site:
    """The demo community and who visits it."""

    admin: User
    member: User
    other: User
    kwargs: dict[str, dict[str, object]] = field(default_factory=dict)


def seed_site() -> Site:
    """A public network with the demo community, an invitation to revoke and a
    group invitation: something on every page."""
    install_default_taxonomy()  # a transactional test before this one flushed it
    network = Network.objects.get(pk=1)
    network.visibility = "public"
    network.save()
    admin = create_account(
        email=ADMIN_EMAIL, password=ADMIN_PASSWORD, display_name="Nadia", is_network_admin=True
    )
    seed_demo(stdout=io.StringIO())
    member = User.objects.get(email=DEMO_MEMBERS[0][0])
    other = User.objects.get(email=DEMO_MEMBERS[1][0])
    create_invitation(inviter=admin, email="a.rather.long.address.to.invite@example.org")
    return Site(admin=admin, member=member, other=other)


def _first(queryset, **preferred):
    return queryset.filter(**preferred).order_by("pk").first() or queryset.order_by("pk").first()


def _fillers(site: Site) -> dict[str, Callable[[str], object]]:
    """kwarg fillers by ``namespace:kwarg`` (the route name decides between models)."""
    article = _first(Post.objects.all(), images__isnull=False)
    image = _first(PostImage.objects.filter(post=article))
    commented = _first(Post.objects.filter(comments__isnull=False))
    group = _first(Group.objects.filter(slug__in=["jardin-partage", "shared-garden"]))
    project = _first(Project.objects.all(), needs__isnull=False)
    engagement = _first(Engagement.objects.all(), status="completed")
    invitation = Invitation.objects.filter(used_at__isnull=True).order_by("pk").first()
    group_invitation = GroupInvitation.objects.order_by("pk").first()

    def member_pk(route: str) -> object:
        if "question" in route:
            return ProfileQuestion.objects.order_by("pk").first().pk
        if "category" in route:
            return SkillCategory.objects.order_by("pk").first().pk
        if "skill" in route:
            return Skill.objects.order_by("pk").first().pk
        if "invitation" in route:
            return invitation.pk
        return site.other.pk

    def posts_pk(route: str) -> object:
        return commented.pk if "comment" in route else article.pk

    def volunteering_pk(route: str) -> object:
        if route.startswith("volunteering:need"):
            return _first(Need.objects.filter(project=project)).pk
        if route.startswith("volunteering:hours_") and route != "volunteering:hours_log":
            return _first(HoursEntry.objects.all(), engagement=engagement).pk
        if route.startswith("volunteering:offer"):
            return _first(Offer.objects.all(), user=site.member).pk
        return engagement.pk

    return {
        "members:handle": lambda route: site.other.handle,
        "members:pk": member_pk,
        "members:token": lambda route: invitation.token,
        "groups:slug": lambda route: group.slug,
        "groups:handle": lambda route: site.other.handle,
        "groups:token": lambda route: group_invitation.token if group_invitation else None,
        "groups:pk": lambda route: group_invitation.pk if group_invitation else None,
        "posts:pk": posts_pk,
        "posts:image_pk": lambda route: image.pk,
        "posts:comment_pk": lambda route: (
            Comment.objects.filter(post=commented).order_by("pk").first().pk
        ),
        "feeds:slug": lambda route: (
            Tag.objects.order_by("pk").first().slug if route == "feeds:tag" else group.slug
        ),
        "feeds:handle": lambda route: site.other.handle,
        "volunteering:slug": lambda route: project.slug,
        "volunteering:pk": volunteering_pk,
        "volunteering:handle": lambda route: site.other.handle,
        "volunteering:code": lambda route: (
            Attestation.objects.filter(engagement=engagement).order_by("version").first().code
        ),
    }


def _routes(patterns, namespace: str = "") -> Iterator[tuple[str, list[str]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, list(pattern.pattern.regex.groupindex)


def page_urls(site: Site) -> dict[str, str]:
    """Every named route filled with the demo's objects: ``{route name: path}``."""
    fillers = _fillers(site)
    urls: dict[str, str] = {}
    unknown: list[str] = []
    for route, names in _routes(get_resolver().url_patterns):
        if route in LEFT_OUT or route.startswith(LEFT_OUT_PREFIXES) or route in urls:
            continue
        namespace = route.split(":")[0] if ":" in route else ""
        kwargs = {}
        for name in names:
            filler = fillers.get(f"{namespace}:{name}")
            if filler is None:
                unknown.append(f"{route} ({name})")
                break
            kwargs[name] = filler(route)
        else:
            if None not in kwargs.values():
                urls[route] = reverse(route, kwargs=kwargs)
    assert not unknown, (
        "Routes the page checks cannot fill: add a filler in tests/e2e/site_pages.py "
        f"or leave them out with a reason: {unknown}"
    )
    return urls


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@dataclass
class PageView:
    role: str
    route: str
    url: str


def visit_pages(
    browser,
    server_url: str,
    site: Site,
    roles: dict[str, User | None],
    routes: Collection[str] = (),
):
    """For each role, a page in its own context (signed in or not), and the
    site's pages it can open (200, a full HTML document, each final address
    once), or only those of ``routes``. Yields ``(page, view)`` with the page
    loaded at ``view.url``."""
    urls = page_urls(site)
    if routes:
        urls = {route: urls[route] for route in routes}
    for role, user in roles.items():
        context = browser.new_context(viewport=DESKTOP)
        context.set_default_timeout(15_000)
        if user is not None:
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": session_cookie(user),
                        "url": server_url,
                    }
                ]
            )
        page = context.new_page()
        seen: set[str] = set()
        try:
            for route, path in urls.items():
                response = context.request.get(server_url + path)
                final = response.url
                if (
                    response.status != 200
                    or final in seen
                    or "text/html" not in response.headers.get("content-type", "")
                    or "<html" not in response.text()[:200].lower()
                ):
                    continue
                seen.add(final)
                page.goto(final, wait_until="load")
                yield page, PageView(role, route, final.removeprefix(server_url))
        finally:
            context.close()


LAYOUT_PROBLEMS = """() => {
    const describe = (el) => {
        const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.classList.length ? "." + [...el.classList].join(".") : "");
        return name + " " + el.outerHTML.replace(/\\s+/g, " ").slice(0, 140);
    };
    const scroller = (el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== "visible") return up;
        }
        return null;
    };
    const root = document.documentElement;
    const problems = [];
    if (root.scrollWidth > root.clientWidth) {
        // The widest element that is not inside a box of its own that scrolls or clips.
        let widest = null, right = root.clientWidth;
        for (const el of document.body.querySelectorAll("*")) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > right + 0.5 && !scroller(el)) {
                widest = el;
                right = box.right;
            }
        }
        problems.push(root.scrollWidth + " px wide in " + root.clientWidth + " px; widest: "
            + (widest ? describe(widest) + " (right edge at " + Math.round(right) + " px)" : "?"));
    }
    // In the page's content, a control in a box that scrolls sideways must be in
    // sight (the Revoke button of a table scrolled out of its card is cut off).
    const controls = "main a[href], main button, main input, main select, main textarea";
    for (const el of document.querySelectorAll(controls)) {
        const box = el.getBoundingClientRect();
        const box_of = scroller(el);
        if (!box.width || !box_of || el.closest("[hidden], details:not([open])")) continue;
        const frame = box_of.getBoundingClientRect();
        if (box.right > frame.right + 1 || box.left < frame.left - 1) {
            problems.push("cut off by its scrolling box " + describe(box_of).slice(0, 60)
                + ": " + describe(el));
            break;
        }
    }
    return problems;
}"""


def layout_problems(page) -> list[str]:
    """What makes the page wider than its viewport, or cuts a control off (empty: it fits)."""
    return page.evaluate(LAYOUT_PROBLEMS)

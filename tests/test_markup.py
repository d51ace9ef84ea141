"""Issue 14, point 11: the main pages pass the Nu HTML Checker's two findings —
every ``<time datetime>`` is a valid HTML date string (to the second, no
microseconds: community/core/timestamps.py) and no list element carries
``role="status"`` (the live region is a wrapping element)."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from community.core.timestamps import html_datetime
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

# A valid global date and time string to the second, in UTC, or a plain date.
VALID_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?")
LISTS = {"ul", "ol", "li"}


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.datetimes: list[str] = []
        self.status_lists: list[str] = []
        self.status_regions = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "time" and "datetime" in attributes:
            self.datetimes.append(attributes["datetime"] or "")
        if attributes.get("role") == "status":
            self.status_regions += 1
            if tag in LISTS:
                self.status_lists.append(tag)


def parse(html: str) -> Markup:
    markup = Markup()
    markup.feed(html)
    markup.close()
    return markup


@pytest.fixture
def scene(network, make_member, skills):
    """Posts, comments, a mention, a group with a join request, a project with a
    need and an engagement, an offer: every kind of ``<time>`` the pages show."""
    from community.groups import actions as group_actions
    from community.posts.actions import add_comment, create_post
    from community.volunteering.engagements import actions as engagement_actions
    from community.volunteering.needs import actions as need_actions
    from community.volunteering.offers import actions as offer_actions
    from community.volunteering.projects import actions as project_actions

    alice = make_member("Alice Martin")
    bruno = make_member("Bruno Petit")
    chloe = make_member("Chloé Roux")
    group = group_actions.create_group(creator=alice, name="Jardin partagé", privacy="closed")
    invitation = group_actions.invite_member(inviter=alice, group=group, member=bruno)
    group_actions.respond_to_invitation(user=bruno, invitation=invitation, accept=True)
    group_actions.request_to_join(user=chloe, group=group, message="Hello")
    wall = create_post(author=bruno, body=f"Hi @{alice.handle} #jardin", audience="members")
    add_comment(author=alice, post=wall, body="Thanks!")
    create_post(author=alice, title="Spring article", body="Seeds **now**", group=group)
    project = project_actions.create_project(
        actor=alice, group=group, publish=True, title="Potager", cause="solidarity",
        city="Lyon", postcode="69004",
    )  # fmt: skip
    need = need_actions.create_need(
        actor=alice, project=project, title="Arroser", skills={skills["accounting"]: "confirmed"},
        total_hours=10, volunteers_wanted=2,
    )  # fmt: skip
    offer_actions.create_offer(
        user=bruno, title="Jardinage", skills={skills["accounting"]: "expert"},
        hours_per_month=4, city="Lyon", postcode="69001",
    )  # fmt: skip
    engagement = engagement_actions.apply_to_need(volunteer=bruno, need=need, message="Me!")
    engagement_actions.accept_engagement(actor=alice, engagement=engagement)
    return {
        "alice": alice, "bruno": bruno, "group": group, "post": wall, "project": project,
        "need": need, "engagement": engagement,
    }  # fmt: skip


def main_pages(scene, manager: bool = True) -> list[str]:
    """The pages a member sees (``manager``: with those only the group's admin opens)."""
    group, project, need = scene["group"], scene["project"], scene["need"]
    managed = [
        reverse("groups:requests", args=[group.slug]),
        reverse("volunteering:dashboard", args=[project.slug]),
    ]
    return (managed if manager else []) + [
        reverse("home"),
        reverse("home") + "?tab=following",
        reverse("posts:detail", args=[scene["post"].pk]),
        group.get_absolute_url(),
        reverse("groups:members", args=[group.slug]),
        reverse("groups:directory"),
        scene["alice"].get_absolute_url(),
        scene["bruno"].get_absolute_url(),
        reverse("members:directory"),
        reverse("notifications:list"),
        reverse("feeds:tag", args=["jardin"]),
        reverse("feeds:articles"),
        reverse("volunteering:projects"),
        project.get_absolute_url(),
        reverse("volunteering:need", args=[project.slug, need.pk]),
        reverse("volunteering:my_engagements"),
    ]


def test_every_time_datetime_on_the_main_pages_is_valid_to_the_second(scene) -> None:
    seen = 0
    for viewer, manager in ((scene["alice"], True), (scene["bruno"], False)):
        client = client_for(viewer)
        for url in main_pages(scene, manager):
            response = client.get(url)
            assert response.status_code == 200, url
            for value in parse(response.content.decode()).datetimes:
                assert VALID_DATETIME.fullmatch(value), f"{url}: datetime={value!r}"
                seen += 1
    # The feeds, post, comments, notifications and engagements all show times.
    assert seen >= 30, seen


def test_the_pages_times_are_the_moments_they_show(scene) -> None:
    post = scene["post"]
    page = client_for(scene["alice"]).get(reverse("posts:detail", args=[post.pk]))
    values = parse(page.content.decode()).datetimes
    assert html_datetime(post.created) in values
    comment = post.comments.get()
    assert html_datetime(comment.created) in values


def test_html_datetime_is_utc_to_the_second() -> None:
    paris = datetime.timezone(datetime.timedelta(hours=1))
    moment = datetime.datetime(2026, 12, 4, 20, 2, 21, 123456, tzinfo=paris)
    assert html_datetime(moment) == "2026-12-04T19:02:21Z"
    assert html_datetime(datetime.date(2026, 12, 4)) == "2026-12-04"
    assert html_datetime(None) == ""


def test_no_list_carries_role_status_on_the_main_pages(scene) -> None:
    client = client_for(scene["alice"])
    for url in main_pages(scene):
        markup = parse(client.get(url).content.decode())
        assert markup.status_lists == [], f"{url}: role=status on {markup.status_lists}"


def test_the_flash_messages_are_a_status_region_around_the_list(scene) -> None:
    client = client_for(scene["alice"])
    response = client.post(
        reverse("posts:create"), {"body": "Rain tomorrow", "audience": "members"}, follow=True
    )
    html = response.content.decode()
    assert "Your post is published." in html
    markup = parse(html)
    assert markup.status_lists == []
    assert re.search(r'<div class="messages-region" role="status">\s*<ul class="messages">', html)


def test_a_decided_join_request_row_announces_without_role_status_on_the_li(scene) -> None:
    from community.groups.models import JoinRequest

    group = scene["group"]
    join_request = JoinRequest.objects.get(group=group)
    client: Client = client_for(scene["alice"])
    response = client.post(
        reverse("groups:decide_request", args=[group.slug, join_request.pk]),
        {"decision": "approve", "reason": ""},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Chloé Roux is now a member." in html
    markup = parse(html)
    assert markup.status_lists == [] and markup.status_regions == 1


def test_every_time_element_in_the_sources_uses_the_one_formatter() -> None:
    """Templates fill ``datetime=`` through ``|html_datetime``; the Python-built
    markup passes :func:`html_datetime`'s value (never ``isoformat()``)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    templates = 0
    for path in (root / "templates").rglob("*.html"):
        for value in re.findall(r'datetime="([^"]*)"', path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"\{\{ [\w.]+\|html_datetime \}\}", value), (path, value)
            templates += 1
    assert templates >= 10
    for path in (root / "community").rglob("html.py"):
        text = path.read_text(encoding="utf-8")
        if "<time" in text:
            assert "html_datetime(" in text and "isoformat(" not in text, path

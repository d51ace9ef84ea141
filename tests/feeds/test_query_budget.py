"""A feed page costs a fixed number of queries, whatever the number of
activities in the database and of comments and reactions on the posts shown.

A page reads: the activities (with actor and group), one query per kind of
target on the page (here posts and groups), and for posts their images, tags
and latest comments (``attach_feed_data``) — plus what every page costs
(session, user, network, the bell, the live client's newest id, the sidebar).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.activity.models import Activity
from community.groups.actions import join_group
from community.groups.models import Group
from community.posts.models import Post
from tests.feeds.conftest import add_comment, add_reaction, client_for

pytestmark = pytest.mark.django_db

ITEM = re.compile(r'data-activity-id="(\d+)"')

# Measured on PostgreSQL. Every page: session, user, network, the live client's
# newest id, the bell (what is unread, then how much of it is visible: the
# reader of these pages has unread mentions); the page's own blocks
# (volunteering, group header, profile card); the feed: the viewer's
# audiences, the activities, one query per kind of target (posts, groups),
# images, tags, comments.
BUDGETS = {"home": 14, "group": 18, "profile": 25, "tag": 13, "articles": 11}


def count_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def bulk_activities(n: int, *, actor, group: Group, posts: list[Post]) -> None:
    """``n`` more activities, written in bulk (the volume is the point, not the path)."""
    post_type = ContentType.objects.get_for_model(Post)
    group_type = ContentType.objects.get_for_model(Group)
    rows = []
    for i in range(n):
        kind = i % 4
        if kind == 3:
            rows.append(
                Activity(
                    actor=actor,
                    verb="joined_group",
                    target_type=group_type,
                    target_id=group.pk,
                    group=group,
                    audience="public",
                )
            )
        else:
            target = posts[(i // 4) % len(posts)]
            verb = ("posted", "commented", "reacted")[kind]
            rows.append(
                Activity(
                    actor=actor,
                    verb=verb,
                    target_type=post_type,
                    target_id=target.pk,
                    group=target.group,
                    audience=target.audience,
                )
            )
    Activity.objects.bulk_create(rows, batch_size=2000)


@pytest.fixture
def scene(member, make_member, make_group, post):
    writer = make_member("Writer")
    group = make_group(writer, privacy="closed", name="Closed circle")
    from community.groups.actions import invite_member, respond_to_invitation

    invitation = invite_member(inviter=writer, group=group, member=member)
    respond_to_invitation(user=member, invitation=invitation, accept=True)
    open_group = make_group(writer, name="Open garden")
    join_group(user=member, group=open_group)
    posts = [
        post(writer, "Hello #budget", audience="members", title="An article"),
        post(writer, "In the circle #budget", group=group),
        post(writer, "In the garden #budget", group=open_group),
        post(writer, "On the wall #budget", wall_owner=member),
    ]
    return {"writer": writer, "group": group, "open_group": open_group, "posts": posts}


def make_readers(scene, make_member, n: int) -> list:
    """Members who may comment on every post of the scene (members of both groups)."""
    from community.groups.actions import invite_member, respond_to_invitation

    readers = []
    for i in range(n):
        reader = make_member(f"Reader {i}")
        invitation = invite_member(inviter=scene["writer"], group=scene["group"], member=reader)
        respond_to_invitation(user=reader, invitation=invitation, accept=True)
        join_group(user=reader, group=scene["open_group"])
        readers.append(reader)
    return readers


def urls(scene, member) -> dict[str, str]:
    return {
        "home": reverse("home"),
        "group": scene["group"].get_absolute_url(),
        "profile": scene["writer"].get_absolute_url(),
        "tag": reverse("feeds:tag", args=["budget"]),
        "articles": reverse("feeds:articles"),
    }


@pytest.mark.parametrize("page", list(BUDGETS))
def test_feed_page_costs_the_same_with_10_or_10000_activities(
    page: str, scene, member, make_member, django_assert_max_num_queries
) -> None:
    client = client_for(member)
    url = urls(scene, member)[page]
    assert Activity.objects.count() <= 12
    few, few_html = count_queries(client, url)

    readers = make_readers(scene, make_member, 6)
    for target in scene["posts"]:
        for n in range(12):
            add_comment(target, readers[n % len(readers)], f"Comment {n} #budget")
        for reader in readers:
            add_reaction(target, reader, "love")
    bulk_activities(10_000, actor=scene["writer"], group=scene["group"], posts=scene["posts"])
    many, many_html = count_queries(client, url)

    if page != "articles":
        assert len(ITEM.findall(many_html)) == 20 > len(ITEM.findall(few_html))
    assert many == few, f"{page}: {few} queries with few activities, {many} with 10,000"
    with django_assert_max_num_queries(BUDGETS[page]):
        client.get(url)


def test_feed_comments_are_loaded_with_their_authors_in_the_same_queries(
    scene, member, make_member, django_assert_num_queries
) -> None:
    from community.feeds import selectors

    readers = make_readers(scene, make_member, 4)
    for target in scene["posts"]:
        for n in range(7):
            add_comment(target, readers[n % 4], f"Comment {n}")
    page = selectors.home_feed(viewer=member)
    with django_assert_num_queries(0):
        for activity in page:
            if activity.verb == "posted":
                target = activity.target
                assert len(target.feed_comments) == 3
                [comment.author.display_name for comment in target.feed_comments]
                list(target.images.all()), list(target.tags.all()), target.author.display_name


def test_a_post_reached_through_someone_elses_activity_keeps_its_own_author_and_group(
    scene, member, django_assert_num_queries
) -> None:
    """A post's author and group are shared from its activity's actor and group;
    an activity of another member (a verb to come, such as a share) outside the
    post's group must not lend its own: they are read, one query each."""
    from community.feeds.selectors import load_targets

    target = scene["posts"][1]  # by the writer, in the closed circle
    Activity.objects.create(
        actor=member, verb="shared", target=target, group=None, audience=target.audience
    )
    activities = list(Activity.objects.select_related("actor", "group").filter(verb="shared"))
    # posts, their authors, their groups, images, tags, latest comments
    with django_assert_num_queries(6):
        load_targets(activities)
    with django_assert_num_queries(0):
        loaded = activities[0].target
        assert loaded.pk == target.pk
        assert loaded.author == scene["writer"] and loaded.author.display_name == "Writer"
        assert loaded.group == scene["group"] and loaded.group.name == "Closed circle"

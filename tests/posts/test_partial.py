"""The ``posted`` partial: viewer-independent, and no query per item once a
page's posts are loaded in a batch."""

from __future__ import annotations

from django.contrib.contenttypes.prefetch import GenericPrefetch

from community.activity.models import Activity
from community.activity.rendering import render_activity
from community.posts import actions
from community.posts.feed_data import attach_feed_data
from community.posts.models import Post
from tests.posts.conftest import png_upload


def feed_page(world, size: int) -> list[Activity]:
    for n in range(size):
        place = [
            {"group": world.open},
            {"audience": "members"},
            {"wall_owner": world.member, "audience": "public"},
        ][n % 3]
        post = actions.create_post(
            author=world.author,
            body=f"Post {n} #tag{n % 4} @{world.member.handle}",
            title="An article" if n % 5 == 0 else "",
            images=[png_upload()] if n % 2 else [],
            **place,
        )
        for m in range(n % 5):
            actions.add_comment(author=world.member, post=post, body=f"Comment {m}")
        actions.toggle_reaction(user=world.member, post=post, kind="like")
    activities = list(
        Activity.objects.filter(verb="posted")
        .select_related("actor", "group")
        .prefetch_related(
            GenericPrefetch(
                "target", [Post.objects.select_related("author", "group", "wall_owner")]
            )
        )
        .order_by("-id")
    )
    return activities


def test_rendering_a_page_of_posts_runs_no_query(world, django_assert_num_queries) -> None:
    activities = feed_page(world, 12)
    with django_assert_num_queries(3):  # images, tags, latest comments: for the whole page
        attach_feed_data([activity.target for activity in activities])
    with django_assert_num_queries(0):
        html = [render_activity(activity) for activity in activities]
    assert all(
        f'data-activity-id="{a.pk}"' in item for a, item in zip(activities, html, strict=True)
    )
    # The latest three comments, oldest first, under a post that has four.
    four = next(item for item in html if "Post 4 " in item)
    assert four.index("Comment 1") < four.index("Comment 2") < four.index("Comment 3")
    assert "Comment 0" not in four and "See all comments" in four


def test_the_partial_is_the_same_for_every_viewer(world) -> None:
    post = actions.create_post(author=world.author, body="Same for all", group=world.closed)
    activity = Activity.objects.get(verb="posted")
    html = render_activity(activity)
    assert "csrfmiddlewaretoken" not in html  # nothing of a session
    assert f'hidden data-show-for="user:{world.author.pk}"' in html
    assert f"group-admin:{world.closed.pk}" in html and "network-admin" in html
    assert f'data-feeds="home profile:{world.author.pk} group:{world.closed.pk}"' in html
    assert post.get_absolute_url() in html

"""Issue 6's browser bullet with real content: two browser contexts on a real
daphne with Redis. Member B has the group page open; member A posts there
through the composer, comments, reacts, mentions B, deletes: B sees each within
2 s without reloading. And a wall post arrives at the top of B's home feed."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from community.posts.models import Comment, Post
from tests.e2e.test_realtime_client import in_thread, open_page, session_cookie
from tests.support.daphne import Daphne

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

LIVE_MS = 2_000


@pytest.fixture
def daphne():
    server = Daphne().start()
    yield server
    server.stop()


@pytest.fixture
def pair(network, make_member):
    """Bea owns a closed group; Anna is a member of it."""
    from community.groups import actions as group_actions

    anna = make_member("Anna Lopez")
    bea = make_member("Bea Martin")
    group = group_actions.create_group(creator=bea, name="Repair café", privacy="closed")
    invitation = group_actions.invite_member(inviter=bea, group=group, member=anna)
    group_actions.respond_to_invitation(user=anna, invitation=invitation, accept=True)
    return {"anna": anna, "bea": bea, "group": group}


def publish_in_composer(page, text: str) -> None:
    page.get_by_label("Message").fill(text)
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Your post is published.")).to_be_visible()


def bell_count(page) -> int:
    return int(
        page.locator("[data-notification-count]").first.get_attribute("data-notification-count")
    )


def test_b_sees_a_post_comment_reaction_mention_and_deletion_live(daphne, pair, new_page):
    group, anna, bea = pair["group"], pair["anna"], pair["bea"]
    b = open_page(new_page, daphne, session_cookie(bea), group.get_absolute_url())
    a = open_page(new_page, daphne, session_cookie(anna), group.get_absolute_url())
    b_url = b.url
    feed = b.locator(f'[data-feed="group:{group.pk}"]')

    # A posts through the composer; B sees it at the top of the group's feed.
    publish_in_composer(a, "Toaster fixed, kettle next #repair")
    started = time.monotonic()
    post = Post.objects.get(author=anna)
    item = feed.locator(f':scope > [data-object="post:{post.pk}"]')
    item.wait_for(timeout=LIVE_MS)
    assert time.monotonic() - started < LIVE_MS / 1000
    expect(item).to_contain_text("Toaster fixed, kettle next")
    assert feed.locator(":scope > li").first.get_attribute("data-object") == f"post:{post.pk}"

    # A comments under it (htmx, on A's page); B sees the comment under the post.
    mine = a.locator(f'[data-object="post:{post.pk}"]').first
    mine.get_by_label("Your comment").fill("Parts ordered")
    mine.get_by_role("button", name="Comment").click()
    comment = b.locator(f'[data-comments="post:{post.pk}"] >> text=Parts ordered')
    comment.wait_for(timeout=LIVE_MS + 3_000)  # the htmx request, then live
    assert Comment.objects.filter(post=post).count() == 1
    # A's own page: the htmx answer and the pushed comment make one comment, not two.
    expect(mine.locator(".comment-body", has_text="Parts ordered")).to_have_count(1)
    expect(item.locator(f'[data-comment-count="post:{post.pk}"]')).to_have_text("1")

    # A reacts; B's count follows.
    mine.locator('.post-footer button[value="like"]').click()
    expect(item.locator(f'[data-reaction-count="post:{post.pk}:like"]')).to_have_text(
        "1", timeout=LIVE_MS + 3_000
    )

    # A mentions B in a new post; B's bell count rises live.
    before = bell_count(b)
    a.goto(daphne.url + group.get_absolute_url())
    publish_in_composer(a, f"@{bea.handle} can you open on Saturday?")
    b.wait_for_selector(f'[data-notification-count="{before + 1}"]:not([hidden])', timeout=LIVE_MS)
    mention = Post.objects.exclude(pk=post.pk).get(author=anna)
    feed.locator(f':scope > [data-object="post:{mention.pk}"]').wait_for(timeout=LIVE_MS)

    # A deletes the first post; it disappears from B's page.
    from community.posts.actions import delete_post

    in_thread(delete_post, actor=anna, post=post)
    item.wait_for(state="detached", timeout=LIVE_MS)
    assert b.url == b_url  # never reloaded
    assert b.locator("[data-realtime-status] .realtime-label").inner_text() == "Live"


def test_a_wall_post_arrives_at_the_top_of_the_home_feed(daphne, pair, new_page):
    from community.posts.actions import create_post

    anna, bea = pair["anna"], pair["bea"]
    b = open_page(new_page, daphne, session_cookie(bea), "/home/")
    feed = b.locator('[data-feed~="home"]')
    post = in_thread(create_post, author=anna, body="Soup at the café tonight", audience="members")
    item = feed.locator(f':scope > [data-object="post:{post.pk}"]')
    item.wait_for(timeout=LIVE_MS)
    expect(item).to_contain_text("Soup at the café tonight")
    assert feed.locator(":scope > li").first.get_attribute("data-object") == f"post:{post.pk}"


def test_the_post_page_gets_comments_replies_and_counts_live(daphne, pair, new_page):
    from community.posts.actions import add_comment, create_post, toggle_reaction

    group, anna, bea = pair["group"], pair["anna"], pair["bea"]
    post = in_thread(create_post, author=anna, body="Who has a spare drill?", group=group)
    b = open_page(new_page, daphne, session_cookie(bea), f"/posts/{post.pk}/")
    empty = b.locator("[data-comments-empty]")
    expect(empty).to_be_visible()

    comment = in_thread(add_comment, author=anna, post=post, body="Mine is broken")
    b.locator(f'[data-comments="post:{post.pk}"] > [data-object="comment:{comment.pk}"]').wait_for(
        timeout=LIVE_MS
    )
    expect(empty).to_be_hidden()
    expect(b.locator(f'[data-comment-count="post:{post.pk}"]')).to_have_text("1")

    reply = in_thread(add_comment, author=anna, post=post, body="Found one", parent=comment)
    b.locator(
        f'[data-replies="comment:{comment.pk}"] > [data-object="comment:{reply.pk}"]'
    ).wait_for(timeout=LIVE_MS)
    in_thread(toggle_reaction, user=anna, comment=comment, kind="laugh")
    expect(b.locator(f'[data-reaction-count="comment:{comment.pk}:laugh"]')).to_have_text(
        "1", timeout=LIVE_MS
    )
    in_thread(toggle_reaction, user=anna, post=post, kind="wow")
    expect(b.locator(f'[data-reaction-total="post:{post.pk}"]')).to_have_text("1", timeout=LIVE_MS)


def test_an_older_page_of_a_feed_is_left_alone_and_its_pill_leads_to_the_newest(
    daphne, pair, new_page
):
    from community.posts.actions import create_post

    group, anna, bea = pair["group"], pair["anna"], pair["bea"]
    for index in range(3):
        in_thread(create_post, author=anna, body=f"Older {index}", group=group)
    first = open_page(new_page, daphne, session_cookie(bea), group.get_absolute_url())
    ids = first.locator(f'[data-feed="group:{group.pk}"] > [data-activity-id]').evaluate_all(
        "items => items.map(item => Number(item.dataset.activityId))"
    )
    first.close()
    b = open_page(
        new_page, daphne, session_cookie(bea), f"{group.get_absolute_url()}?before={ids[0]}"
    )
    feed = b.locator(f'[data-feed="group:{group.pk}"]')
    shown = feed.locator(":scope > [data-activity-id]").count()

    post = in_thread(create_post, author=anna, body="Brand new", group=group)
    pill = b.locator(f"[data-new-pill='group:{group.pk}']")
    pill.wait_for(state="visible", timeout=LIVE_MS)
    assert feed.locator(":scope > [data-activity-id]").count() == shown  # not inserted here
    pill.click()
    b.wait_for_url(lambda url: "before=" not in url)
    expect(
        b.locator(f'[data-feed="group:{group.pk}"] > [data-object="post:{post.pk}"]')
    ).to_be_visible()


def test_profile_and_tag_pages_get_new_posts_live(daphne, pair, new_page):
    from community.posts.actions import create_post

    group, anna, bea = pair["group"], pair["anna"], pair["bea"]
    in_thread(create_post, author=anna, body="First ride #velo", audience="members")
    cookie = session_cookie(bea)
    profile = open_page(new_page, daphne, cookie, anna.get_absolute_url())
    tag = open_page(new_page, daphne, cookie, "/tags/velo/")

    post = in_thread(create_post, author=anna, body="Second ride #velo", group=group)
    for page, key in ((profile, f"profile:{anna.pk}"), (tag, "tag:velo")):
        item = page.locator(f'[data-feed~="{key}"] > [data-object="post:{post.pk}"]')
        item.wait_for(timeout=LIVE_MS)
        first = page.locator(f'[data-feed~="{key}"] > li').first
        assert first.get_attribute("data-object") == f"post:{post.pk}"


def test_edits_and_a_deleted_comment_show_live_on_the_feed_and_the_post_page(
    daphne, pair, new_page
):
    from community.posts.actions import (
        add_comment,
        create_post,
        delete_comment,
        toggle_reaction,
        update_comment,
        update_post,
    )

    group, anna, bea = pair["group"], pair["anna"], pair["bea"]
    post = in_thread(create_post, author=anna, body="Bring a screwdriver", group=group)
    first = in_thread(add_comment, author=bea, post=post, body="Flat or cross?")
    second = in_thread(add_comment, author=anna, post=post, body="Both")
    in_thread(toggle_reaction, user=bea, comment=first, kind="like")
    cookie = session_cookie(bea)
    feed_page = open_page(new_page, daphne, cookie, group.get_absolute_url())
    post_page = open_page(new_page, daphne, cookie, f"/posts/{post.pk}/")
    urls = (feed_page.url, post_page.url)

    # Anna edits her post: both pages show the new text, each in its own layout.
    in_thread(update_post, actor=anna, post=post, title="Tools", body="Bring a *drill*")
    for page, heading in ((feed_page, "h3"), (post_page, "h1")):
        part = page.locator(f'[data-part="post:{post.pk}"]')
        expect(part.locator(".post-body em")).to_have_text("drill", timeout=LIVE_MS)
        expect(part.locator(f"{heading}.post-title")).to_have_text("Tools")
        expect(part).to_contain_text("edited")
        expect(part).not_to_contain_text("screwdriver")

    # Bea edits her comment from elsewhere: the post page follows, and keeps
    # showing her own reaction on it (the pushed markup knows no viewer).
    mine = post_page.locator(f'[data-reactions="comment:{first.pk}"] .reaction.is-mine')
    expect(mine).to_have_count(1)
    in_thread(update_comment, actor=bea, comment=first, body="Flat, or cross-head?")
    body = post_page.locator(f'[data-part="comment:{first.pk}"] .comment-body')
    expect(body).to_have_text("Flat, or cross-head?", timeout=LIVE_MS)
    expect(mine).to_have_count(1)
    # Her edit link is still there for her (revealed from data-show-for).
    expect(
        post_page.locator(f'[data-part="comment:{first.pk}"] a[href$="/comments/{first.pk}/edit/"]')
    ).to_be_visible()

    # Anna deletes her comment: gone, and the counts follow on both pages.
    in_thread(delete_comment, actor=anna, comment=second)
    for page in (feed_page, post_page):
        expect(page.locator(f'[data-object="comment:{second.pk}"]')).to_have_count(
            0, timeout=LIVE_MS
        )
        expect(page.locator(f'[data-comment-count="post:{post.pk}"]').first).to_have_text("1")
    assert (feed_page.url, post_page.url) == urls  # never reloaded


def test_the_following_tab_takes_what_followed_members_do_not_posts_on_their_wall(
    daphne, pair, new_page, make_member
):
    """The tab lists what followed members did; a post on a followed member's
    wall by someone Bea does not follow is on that member's profile, not in
    her tab — live as after a reload."""
    from community.members.actions import follow_member
    from community.posts.actions import create_post

    anna, bea = pair["anna"], pair["bea"]
    chris = make_member("Chris Doe")
    in_thread(follow_member, follower=bea, member=chris)
    cookie = session_cookie(bea)
    following = open_page(new_page, daphne, cookie, "/home/?tab=following")
    profile = open_page(new_page, daphne, cookie, chris.get_absolute_url())

    on_wall = in_thread(
        create_post, author=anna, body="Happy birthday", wall_owner=chris, audience="members"
    )
    profile.locator(f'[data-feed~="wall:{chris.pk}"] > [data-object="post:{on_wall.pk}"]').wait_for(
        timeout=LIVE_MS
    )
    own = in_thread(create_post, author=chris, body="Thanks all", audience="members")
    tab = following.locator(f'[data-feed~="profile:{chris.pk}"]')
    tab.locator(f':scope > [data-object="post:{own.pk}"]').wait_for(timeout=LIVE_MS)
    expect(tab.locator(f'[data-object="post:{on_wall.pk}"]')).to_have_count(0)
    following.reload()
    following.wait_for_selector('[data-realtime-status][data-state="live"]', timeout=10_000)
    expect(following.locator(f'[data-object="post:{own.pk}"]')).to_have_count(1)
    expect(following.locator(f'[data-object="post:{on_wall.pk}"]')).to_have_count(0)

"""Feed pages: the DOM contract for live insertion, tabs, empty states, the tag
and articles pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from community.activity.models import Activity
from community.groups.actions import join_group
from community.members.actions import follow_member
from community.posts.feed_data import attach_feed_data
from community.posts.models import Post
from tests.feeds.conftest import add_comment, client_for

pytestmark = pytest.mark.django_db


def feed_list(html: str) -> str:
    """The feed's <ol> opening tag."""
    return re.search(r"<ol [^>]*data-feed=[^>]*>", html).group(0)


def test_home_tabs_carry_their_feed_keys(member, make_member, make_group, post) -> None:
    writer, friend = make_member("Writer"), make_member("Friend")
    first, second = make_group(writer, name="First"), make_group(writer, name="Second")
    join_group(user=member, group=first)
    join_group(user=member, group=second)
    follow_member(follower=member, member=friend)
    follow_member(follower=member, member=writer)
    post(writer, "Hello", group=first)
    client = client_for(member)

    all_tab = feed_list(client.get(reverse("home")).content.decode())
    assert 'data-feed="home"' in all_tab
    newest = Activity.objects.get(verb="posted").pk  # the newest activity is the post
    assert f'data-newest-id="{newest}"' in all_tab
    assert not re.search(r"\sdata-has-more[\s>]", all_tab)
    groups_tab = feed_list(client.get(reverse("home"), {"tab": "groups"}).content.decode())
    assert f'data-feed="group:{first.pk} group:{second.pk}"' in groups_tab
    following = feed_list(client.get(reverse("home"), {"tab": "following"}).content.decode())
    keys = sorted([f"profile:{writer.pk}", f"profile:{friend.pk}"], key=lambda k: int(k[8:]))
    assert f'data-feed="{" ".join(keys)}"' in following


def test_home_marks_the_current_tab_and_falls_back_to_all(member) -> None:
    client = client_for(member)
    html = client.get(reverse("home"), {"tab": "following"}).content.decode()
    assert re.search(r'href="/home/\?tab=following" aria-current="page"', html)
    html = client.get(reverse("home"), {"tab": "nonsense"}).content.decode()
    assert re.search(r'href="/home/" aria-current="page"', html)


@pytest.mark.parametrize(
    ("tab", "message"),
    [
        ("all", "Nothing here yet"),
        ("groups", "You are not in any group yet."),
        ("following", "You do not follow anyone yet."),
    ],
)
def test_each_tab_has_its_empty_state(member, tab, message) -> None:
    html = client_for(member).get(reverse("home"), {"tab": tab}).content.decode()
    empty = re.search(r"<div class=\"empty-state\" data-feed-empty>(.*?)</div>", html, re.S)
    assert empty and message in empty.group(1)
    assert re.search(r"<ol [^>]*data-feed=[^>]* hidden", html)  # the list waits, hidden


def test_empty_tabs_with_groups_and_follows_say_so(member, make_member, make_group) -> None:
    quiet = make_member("Quiet")
    group = make_group(quiet)
    join_group(user=member, group=group)
    follow_member(follower=member, member=quiet)
    client = client_for(member)
    html = client.get(reverse("home"), {"tab": "following"}).content.decode()
    # quiet created a group: that is activity of theirs.
    assert "data-activity-id" in html
    html = client.get(reverse("home"), {"tab": "groups"}).content.decode()
    assert "You are not in any group yet." not in html


def test_items_are_rendered_by_their_verb_partial(member, make_member, make_group, post) -> None:
    writer = make_member("Writer")
    group = make_group(writer, name="Garden")
    join_group(user=member, group=group)
    created = post(writer, "First words in the garden", group=group)
    html = client_for(member).get(group.get_absolute_url()).content.decode()
    item = re.search(r'<li [^>]*data-activity-id="\d+"[^>]*data-object="post:(\d+)"', html)
    assert item and int(item.group(1)) == created.pk
    assert f'data-feeds="home profile:{writer.pk} group:{group.pk}' in html
    assert "joined the group" in html  # the joined_group partial


def test_tag_page(member, make_member, make_group, post) -> None:
    writer = make_member("Writer")
    post(writer, "Planting day #Écologie", audience="members")
    secret = make_group(writer, privacy="secret", name="Hidden")
    post(writer, "Secret plans #Hushhush", group=secret)
    client = client_for(member)
    html = client.get(reverse("feeds:tag", args=["ecologie"])).content.decode()
    assert "<h1>#Écologie</h1>" in html
    assert 'data-feed="tag:ecologie"' in html and "Planting day" in html
    # A tag used only where the viewer cannot look reads like an unknown tag.
    hidden = client.get(reverse("feeds:tag", args=["hushhush"]))
    unknown = client.get(reverse("feeds:tag", args=["neverused"]))
    assert hidden.status_code == unknown.status_code == 200
    hidden_html = hidden.content.decode()
    assert "Hushhush" not in hidden_html and "Secret plans" not in hidden_html
    assert "<h1>#hushhush</h1>" in hidden_html and "<h1>#neverused</h1>" in unknown.content.decode()
    assert "No post you can see has this tag yet." in hidden_html


def test_articles_pages_and_their_empty_states(member, make_member, make_group, post) -> None:
    writer = make_member("Writer")
    group = make_group(writer, name="Garden", privacy="closed")
    client = client_for(member)
    html = client.get(reverse("feeds:articles")).content.decode()
    assert "No articles yet" in html
    post(writer, "Body", title="Community article", audience="members")
    post(writer, "Group body", title="Group article", group=group)
    html = client.get(reverse("feeds:articles")).content.decode()
    assert "Community article" in html and "Group article" not in html
    # A closed group's articles: its members only.
    url = reverse("feeds:group_articles", args=[group.slug])
    assert client.get(url).status_code == 403
    html = client_for(writer).get(url).content.decode()
    assert "Group article" in html and "Community article" not in html


def test_group_feed_fragment_for_a_secret_group_is_404(member, make_member, make_group) -> None:
    writer = make_member("Writer")
    secret = make_group(writer, privacy="secret", name="Hidden")
    client = client_for(member)
    for url in (
        reverse("feeds:group_feed", args=[secret.slug]),
        reverse("feeds:group_articles", args=[secret.slug]),
    ):
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404


def test_attach_feed_data_keeps_the_latest_three_top_level_comments(
    member, make_member, post, django_assert_num_queries
) -> None:
    writer = make_member("Writer")
    first, second, empty = post(writer, "One"), post(writer, "Two"), post(writer, "Three")
    comments = [add_comment(first, member, f"c{n}") for n in range(5)]
    add_comment(first, writer, "a reply", parent=comments[0])
    add_comment(second, writer, "only one")
    posts = list(Post.objects.filter(pk__in=[first.pk, second.pk, empty.pk]).order_by("id"))
    with django_assert_num_queries(3):
        attach_feed_data(posts)
    with django_assert_num_queries(0):
        assert [c.body for c in posts[0].feed_comments] == ["c2", "c3", "c4"]  # oldest first
        assert [c.author.display_name for c in posts[0].feed_comments] == ["Alice Martin"] * 3
        assert [c.body for c in posts[1].feed_comments] == ["only one"]
        assert posts[2].feed_comments == []
        assert [list(p.images.all()) for p in posts] == [[], [], []]
        assert [list(p.tags.all()) for p in posts] == [[], [], []]
    with django_assert_num_queries(0):
        attach_feed_data([])

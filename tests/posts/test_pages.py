"""The composer on the home page, group pages and profiles; the permalink with
its no-JS fallbacks; htmx comment and reaction forms; edit and delete pages;
who reacted; mention suggestions; query budgets."""

from __future__ import annotations

import pytest

from community.groups import actions as group_actions
from community.members.actions import register_member
from community.members.models import User
from community.posts import actions, selectors
from community.posts.models import Comment, Post, Reaction
from tests.posts.conftest import client_for, png_upload

COMPOSER = 'action="/posts/new/"'


def test_composer_on_the_home_page(world) -> None:
    page = client_for(world.member).get("/home/").content.decode()
    assert COMPOSER in page
    assert 'name="audience"' in page
    assert "data-mentions" in page


def test_composer_on_group_pages_for_members_only(world) -> None:
    url = world.closed.get_absolute_url()
    page = client_for(world.group_member).get(url).content.decode()
    assert COMPOSER in page and f'name="group" value="{world.closed.slug}"' in page
    assert 'name="audience"' not in page  # a group post takes the group's audience
    open_page = client_for(world.member).get(world.open.get_absolute_url()).content.decode()
    assert COMPOSER not in open_page  # not a member
    group_actions.set_group_archived(actor=world.group_admin, group=world.closed, archived=True)
    assert COMPOSER not in client_for(world.group_member).get(url).content.decode()


def test_composer_on_profiles(world) -> None:
    client = client_for(world.author)
    other = client.get(world.member.get_absolute_url()).content.decode()
    assert COMPOSER in other and f'name="wall" value="{world.member.handle}"' in other
    own = client.get(world.author.get_absolute_url()).content.decode()
    assert COMPOSER in own and 'name="wall"' not in own


def test_posting_from_each_place(world) -> None:
    client = client_for(world.author)
    response = client.post(
        "/posts/new/",
        {"group": world.closed.slug, "body": "Group news", "images": [png_upload()]},
    )
    assert response.status_code == 302 and response["Location"] == world.closed.get_absolute_url()
    group_post = Post.objects.get(body="Group news")
    assert group_post.group == world.closed and group_post.images.count() == 1
    response = client.post(
        "/posts/new/",
        {"wall": world.member.handle, "body": "On your wall", "audience": "public"},
    )
    assert response["Location"] == world.member.get_absolute_url()
    wall_post = Post.objects.get(body="On your wall")
    assert (wall_post.wall_owner, wall_post.audience) == (world.member, "public")
    response = client.post(
        "/posts/new/", {"body": "Article body", "title": "An article", "next": "/groups/"}
    )
    assert response["Location"] == "/groups/"
    response = client.post("/posts/new/", {"body": "x", "next": "https://evil.example/"})
    assert response["Location"] == "/home/"  # never redirected off-site
    # A non-member cannot post in a secret group, even by crafting the form.
    response = client_for(world.member).post(
        "/posts/new/", {"group": world.secret.slug, "body": "Let me in"}
    )
    assert response.status_code == 404
    assert not Post.objects.filter(body="Let me in").exists()


def test_permalink_shows_edited_and_controls(world) -> None:
    post = actions.create_post(author=world.author, body="First words", group=world.open)
    actions.update_post(actor=world.author, post=post, body="Second words")
    page = client_for(world.author).get(post.get_absolute_url()).content.decode()
    assert "Second words" in page and "edited" in page
    assert f'<a href="/posts/{post.pk}/edit/" data-show-for' in page  # visible to the author
    # The group's admin sees the delete link (server-side), not the edit link.
    admin_page = client_for(world.group_admin).get(post.get_absolute_url()).content.decode()
    assert f'<a href="/posts/{post.pk}/delete/" data-show-for' in admin_page
    assert f'<a href="/posts/{post.pk}/edit/" hidden' in admin_page


def test_edit_and_delete_pages(world) -> None:
    post = actions.create_post(author=world.author, body="Draft", audience="members")
    author = client_for(world.author)
    assert author.get(f"/posts/{post.pk}/edit/").status_code == 200
    assert client_for(world.member).get(f"/posts/{post.pk}/edit/").status_code == 403
    response = author.post(f"/posts/{post.pk}/edit/", {"body": "Final", "title": ""})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Final" and post.edited
    assert client_for(world.member).get(f"/posts/{post.pk}/delete/").status_code == 403
    confirm = client_for(world.network_admin).get(f"/posts/{post.pk}/delete/")
    assert confirm.status_code == 200 and "Delete this post?" in confirm.content.decode()
    assert Post.objects.filter(pk=post.pk).exists()  # a GET deletes nothing
    response = client_for(world.network_admin).post(f"/posts/{post.pk}/delete/")
    assert response.status_code == 302 and not Post.objects.filter(pk=post.pk).exists()


def test_comment_edit_and_delete_pages(world) -> None:
    post = actions.create_post(author=world.author, body="Talk", group=world.open)
    comment = actions.add_comment(author=world.member, post=post, body="Typo")
    member = client_for(world.member)
    url = f"/posts/{post.pk}/comments/{comment.pk}/"
    assert client_for(world.author).get(url + "edit/").status_code == 403
    response = member.post(url + "edit/", {"body": "Fixed"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Fixed" and comment.edited
    assert client_for(world.author).get(url + "delete/").status_code == 403
    assert client_for(world.group_admin).get(url + "delete/").status_code == 200
    client_for(world.group_admin).post(url + "delete/")
    assert not Comment.objects.exists()


def test_htmx_comment_and_reply(world) -> None:
    post = actions.create_post(author=world.author, body="Talk", audience="members")
    client = client_for(world.member)
    response = client.post(
        f"/posts/{post.pk}/comments/",
        {"body": "Hello @" + world.author.handle},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    comment = Comment.objects.get()
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="comment" id="comment-{comment.pk}"')
    assert f'href="/members/{world.author.handle}/"' in html  # the mention links
    assert f'<a href="/posts/{post.pk}/comments/{comment.pk}/edit/" data-show-for' in html
    response = client.post(
        f"/posts/{post.pk}/comments/", {"body": "Reply", "parent": comment.pk}
    )  # without JavaScript: back to the comment
    reply = Comment.objects.get(parent=comment)
    assert response["Location"] == f"/posts/{post.pk}/#comment-{reply.pk}"


def test_htmx_reaction_returns_the_bar_for_the_viewer(world) -> None:
    post = actions.create_post(author=world.author, body="React", audience="members")
    client = client_for(world.member)
    response = client.post(
        f"/posts/{post.pk}/react/", {"kind": "wow"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'value="wow" class="reaction is-mine" aria-pressed="true"' in html
    assert f'data-reaction-count="post:{post.pk}:wow" data-count="1"' in html
    response = client.post(
        f"/posts/{post.pk}/react/", {"kind": "wow"}, headers={"HX-Request": "true"}
    )
    assert 'aria-pressed="true"' not in response.content.decode()
    assert not Reaction.objects.exists()


def test_visitors_are_sent_to_sign_in_and_htmx_is_told(public_network, world) -> None:
    post = actions.create_post(author=world.author, body="Open", audience="public")
    response = client_for(None).post(
        f"/posts/{post.pk}/react/", {"kind": "like"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")
    page = client_for(None).get(post.get_absolute_url()).content.decode()
    assert "Sign in to comment and react." in page


def test_no_js_fallbacks_on_the_permalink(world) -> None:
    post = actions.create_post(author=world.author, body="React", audience="members")
    comment = actions.add_comment(author=world.author, post=post, body="Comment")
    client = client_for(world.member)
    page = client.get(f"/posts/{post.pk}/?kind=love").content.decode()
    assert 'id="confirm-reaction"' in page and 'name="kind" value="love"' in page
    page = client.get(f"/posts/{post.pk}/?kind=love&comment={comment.pk}").content.decode()
    assert f'action="/posts/{post.pk}/comments/{comment.pk}/react/"' in page
    page = client.get(f"/posts/{post.pk}/?kind=nope").content.decode()
    assert 'id="confirm-reaction"' not in page
    page = client.get(f"/posts/{post.pk}/?body=Typed+in+a+feed").content.decode()
    assert ">Typed in a feed</textarea>" in page
    assert not Reaction.objects.exists()  # a GET never reacts


def test_who_reacted_is_paginated(world, monkeypatch, make_member) -> None:
    monkeypatch.setattr(selectors, "REACTIONS_PAGE_SIZE", 2)
    post = actions.create_post(author=world.author, body="React", audience="members")
    people = [make_member(f"Fan {n}") for n in range(3)]
    for person in people:
        actions.toggle_reaction(user=person, post=post, kind="like")
    actions.toggle_reaction(user=world.member, post=post, kind="love")
    client = client_for(world.author)
    first = client.get(f"/posts/{post.pk}/reactions/").content.decode()
    assert "Marc Member" in first and "Fan 2" in first and "Fan 0" not in first
    assert "Page 1 of 2" in first
    second = client.get(f"/posts/{post.pk}/reactions/?page=2").content.decode()
    assert "Fan 1" in second and "Fan 0" in second
    only_love = client.get(
        f"/posts/{post.pk}/reactions/?kind=love", headers={"HX-Request": "true"}
    ).content.decode()
    assert "Marc Member" in only_love and "Fan" not in only_love
    assert "<html" not in only_love  # the fragment for htmx


# --- Mention suggestions ------------------------------------------------------------------


def pending_member(network, name: str) -> User:
    network.registration_mode = "approval"
    network.save()
    user = User(email=f"{name.split()[0].lower()}@example.org")
    user.set_password("x-very-long-password")
    member = register_member(user=user, display_name=name, network=network, accepted_terms=True)
    network.registration_mode = "open"
    network.save()
    return member


def handles(response) -> list[str]:
    return [item["handle"] for item in response.json()["results"]]


def test_mention_suggestions_only_list_members_the_author_may_see(
    network, world, make_member
) -> None:
    make_member("Marcel Visible")
    pending_member(network, "Marta Pending")
    client = client_for(world.author)
    response = client.get("/posts/mentions/?q=mar")
    assert sorted(handles(response)) == ["marc-member", "marcel-visible"]
    assert handles(client.get("/posts/mentions/?q=@marcel")) == ["marcel-visible"]
    assert handles(client.get("/posts/mentions/?q=sam")) == []  # suspended
    assert handles(client.get("/posts/mentions/?q=")) == []
    # Pending and suspended accounts are not listed, even to a network admin.
    admin = client_for(world.network_admin).get("/posts/mentions/?q=ma")
    assert sorted(handles(admin)) == ["marc-member", "marcel-visible"]


def test_mention_suggestions_ignore_accents_and_start_at_a_word(
    network, world, make_member
) -> None:
    make_member("Hélène Dupré")
    client = client_for(world.author)
    for typed in ("hel", "@hél", "HELENE", "dup", "dupré"):
        assert handles(client.get("/posts/mentions/", {"q": typed})) == ["helene-dupre"], typed
    assert handles(client.get("/posts/mentions/", {"q": "lene"})) == []  # not a word's start
    make_member("Joël Noël")
    # A later word without its accent (the handle, joel-noel, only helps at the start).
    assert handles(client.get("/posts/mentions/", {"q": "noel"})) == ["joel-noel"]


def test_mention_suggestions_need_an_active_member(public_network, world) -> None:
    response = client_for(None).get("/posts/mentions/?q=mar")
    assert response.status_code == 401 and handles(response) == []
    response = client_for(world.suspended).get("/posts/mentions/?q=mar")
    assert response.status_code in (302, 401) and "marc" not in response.content.decode()


# --- Query budgets ---------------------------------------------------------------------------


def _permalink_queries(world, comments: int, django_assert_max_num_queries, budget: int) -> None:
    post = actions.create_post(
        author=world.author, body="Budget #one #two", group=world.open, images=[png_upload()]
    )
    for n in range(comments):
        comment = actions.add_comment(author=world.member, post=post, body=f"c{n}")
        actions.add_comment(author=world.author, post=post, body=f"r{n}", parent=comment)
        actions.toggle_reaction(user=world.group_member, comment=comment, kind="like")
    actions.toggle_reaction(user=world.member, post=post, kind="like")
    client = client_for(world.member)
    client.get("/home/")  # warm the session and caches
    with django_assert_max_num_queries(budget):
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("comments", [1, 12])
def test_permalink_query_budget(world, comments, django_assert_max_num_queries) -> None:
    # 15: the reader has unread replies, so the bell asks twice (what is
    # unread, then how much of it is visible).
    _permalink_queries(world, comments, django_assert_max_num_queries, budget=15)

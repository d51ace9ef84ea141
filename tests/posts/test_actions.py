"""Posts, comments and reactions through their actions: what is written,
counted, recorded in the activity stream and removed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404

from community.activity.models import Activity
from community.groups import actions as group_actions
from community.posts import actions
from community.posts.models import Comment, Post, PostImage, Reaction, Tag
from tests.posts.conftest import png_upload


def verbs() -> list[str]:
    return list(Activity.objects.order_by("id").values_list("verb", flat=True))


def test_group_post_takes_the_groups_audience_and_records_posted(world) -> None:
    post = actions.create_post(
        author=world.author, body="In #Jardin and #jardin", group=world.closed
    )
    assert post.audience == f"group:{world.closed.pk}"
    activity = Activity.objects.get(verb="posted")
    assert (activity.target, activity.group, activity.audience) == (
        post,
        world.closed,
        post.audience,
    )
    assert [tag.slug for tag in post.tags.all()] == ["jardin"]
    assert post.body_html.count('class="hashtag"') == 2
    assert ">#Jardin</a>" in post.body_html and ">#jardin</a>" in post.body_html


def test_wall_posts(world) -> None:
    on_wall = actions.create_post(
        author=world.author, body="Hi", wall_owner=world.member, audience="public"
    )
    assert (on_wall.wall_owner, on_wall.audience, on_wall.group) == (world.member, "public", None)
    own = actions.create_post(author=world.author, body="Mine", wall_owner=world.author)
    assert own.wall_owner is None and own.audience == "members"
    with pytest.raises(PermissionDenied):
        actions.create_post(author=world.author, body="Hi", wall_owner=world.suspended)


def test_who_may_post_in_a_group(world) -> None:
    with pytest.raises(Http404):  # a secret group does not exist for outsiders
        actions.create_post(author=world.member, body="Hi", group=world.secret)
    for group in (world.open, world.closed):
        with pytest.raises(PermissionDenied):
            actions.create_post(author=world.member, body="Hi", group=group)
    group_actions.set_group_archived(actor=world.group_admin, group=world.open, archived=True)
    with pytest.raises(PermissionDenied):
        actions.create_post(author=world.author, body="Hi", group=world.open)
    with pytest.raises(PermissionDenied):
        actions.create_post(author=world.suspended, body="Hi", audience="members")
    assert not Post.objects.exists()


def test_images_are_re_encoded_and_deleted_with_the_post(
    world, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.create_post(
            author=world.author,
            body="Photos",
            audience="members",
            images=[png_upload(f"p{n}.png") for n in range(4)],
        )
    images = list(post.images.all())
    assert [image.position for image in images] == [0, 1, 2, 3]
    assert all((image.width, image.height) == (64, 48) for image in images)
    files = [Path(settings.MEDIA_ROOT) / image.image.name for image in images]
    assert all(path.exists() for path in files)
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_post(actor=world.author, post=post)
    assert not any(path.exists() for path in files)
    assert not PostImage.objects.exists()


def test_edit_marks_edited_retags_and_swaps_images(
    world, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.create_post(
            author=world.author,
            body="#one",
            audience="members",
            images=[png_upload("a.png"), png_upload("b.png")],
        )
    first, second = post.images.all()
    first_file = Path(settings.MEDIA_ROOT) / first.image.name
    assert post.edited is None
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_post(
            actor=world.author,
            post=post,
            title="Now an article",
            body="#two **bold**",
            remove_images=[first.pk],
            images=[png_upload("c.png"), png_upload("d.png"), png_upload("e.png")],
        )
    post.refresh_from_db()
    assert post.edited is not None
    assert post.title == "Now an article"
    assert "<strong>bold</strong>" in post.body_html
    assert [tag.slug for tag in post.tags.all()] == ["two"]
    assert Tag.objects.filter(slug="one").exists()  # tags stay for other posts
    assert list(post.images.values_list("position", flat=True)) == [0, 1, 2, 3]
    assert post.images.first().pk == second.pk
    assert not first_file.exists()


def test_comments_replies_and_counts(world) -> None:
    post = actions.create_post(author=world.author, body="Talk", group=world.open)
    first = actions.add_comment(author=world.member, post=post, body="One")
    reply = actions.add_comment(author=world.author, post=post, body="Two", parent=first)
    reply_to_reply = actions.add_comment(author=world.member, post=post, body="Three", parent=reply)
    assert reply_to_reply.parent == first  # one level of replies
    post.refresh_from_db()
    assert post.comment_count == 3
    activity = Activity.objects.filter(verb="commented").first()
    assert (activity.audience, activity.group) == (post.audience, world.open)
    actions.delete_comment(actor=world.member, comment=first)
    post.refresh_from_db()
    assert post.comment_count == 0
    assert not Comment.objects.exists()
    assert not Activity.objects.filter(verb="commented").exists()


def test_reaction_toggle_replace_and_counts(world) -> None:
    post = actions.create_post(author=world.author, body="React", audience="members")
    assert actions.toggle_reaction(user=world.member, post=post, kind="like") == "like"
    assert actions.toggle_reaction(user=world.group_member, post=post, kind="like") == "like"
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 2}
    assert actions.toggle_reaction(user=world.member, post=post, kind="love") == "love"
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 1, "love": 1}
    assert Reaction.objects.filter(post=post).count() == 2  # one per member
    assert actions.toggle_reaction(user=world.member, post=post, kind="love") is None
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 1}
    assert verbs().count("reacted") == 1  # taking a reaction back removes its activity
    comment = actions.add_comment(author=world.member, post=post, body="Hi")
    actions.toggle_reaction(user=world.author, comment=comment, kind="celebrate")
    comment.refresh_from_db()
    assert comment.reaction_counts == {"celebrate": 1}


def test_deleting_a_post_removes_everything_under_it(world) -> None:
    post = actions.create_post(author=world.author, body="Going", group=world.closed)
    comment = actions.add_comment(author=world.group_member, post=post, body="Bye")
    actions.add_comment(author=world.author, post=post, body="Bye too", parent=comment)
    actions.toggle_reaction(user=world.group_member, post=post, kind="sad")
    actions.toggle_reaction(user=world.author, comment=comment, kind="sad")
    other = actions.create_post(author=world.author, body="Staying", group=world.closed)
    assert set(verbs()) >= {"posted", "commented", "reacted"}
    actions.delete_post(actor=world.group_admin, post=post)
    assert list(Post.objects.all()) == [other]
    assert not Comment.objects.exists() and not Reaction.objects.exists()
    remaining = Activity.objects.exclude(verb__in=["joined_group", "created_group"])
    assert [(a.verb, a.target_id) for a in remaining] == [("posted", other.pk)]


def test_permissions_to_edit_and_delete(world) -> None:
    post = actions.create_post(author=world.author, body="Mine", group=world.closed)
    comment = actions.add_comment(author=world.author, post=post, body="Mine too")
    for user in (world.group_member, world.group_admin, world.network_admin):
        with pytest.raises(PermissionDenied):
            actions.update_post(actor=user, post=post, body="Hijacked")
        with pytest.raises(PermissionDenied):
            actions.update_comment(actor=user, comment=comment, body="Hijacked")
    with pytest.raises(PermissionDenied):
        actions.delete_post(actor=world.group_member, post=post)
    with pytest.raises(PermissionDenied):
        actions.delete_comment(actor=world.group_member, comment=comment)
    with pytest.raises(Http404):  # may not even see it
        actions.delete_post(actor=world.member, post=post)
    # A group admin moderates their own group only.
    elsewhere = actions.create_post(author=world.author, body="Wall", audience="members")
    with pytest.raises(PermissionDenied):
        actions.delete_post(actor=world.group_admin, post=elsewhere)
    actions.delete_comment(actor=world.group_admin, comment=comment)
    actions.delete_post(actor=world.network_admin, post=elsewhere)
    actions.update_post(actor=world.author, post=post, body="Still mine")
    actions.delete_post(actor=world.group_admin, post=post)
    assert not Post.objects.exists()


def test_an_edit_then_a_deletion_in_one_go_publishes_without_an_error(
    world, caplog, django_capture_on_commit_callbacks
) -> None:
    """The edit's ``update`` is built after commit, when the post is gone: it
    is simply not sent (it used to log "could not build a message")."""
    import logging

    post = actions.create_post(author=world.author, body="Draft", audience="members")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        actions.update_post(actor=world.author, post=post, body="Final")
        actions.delete_post(actor=world.author, post=post)
    assert [
        record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR
    ] == []


def test_only_real_mentions_count_as_already_mentioned(world) -> None:
    """An edit tells only the newly mentioned, reading who was mentioned from
    the stored HTML: a ``data-mention`` typed by the writer is sanitised away."""
    from community.posts.text import mentioned_ids

    typed = f'<a data-mention="{world.member.pk}" href="/">hi</a> and @{world.group_member.handle}'
    post = actions.create_post(author=world.author, body=typed, audience="members")
    assert mentioned_ids(post.body_html) == {world.group_member.pk}

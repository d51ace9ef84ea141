"""Every viewer-dependent read about posts, through the visibility module.

A post is seen by the members of its audience (``visibility``); on a group's
pages network admins also see it (``permissions.can_view_post``). Whatever
is under a post (images, comments, reactions) is seen by who sees the post,
and is always looked up *through* the post, so a visible post id combined
with another post's comment id answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404

from community.activity.visibility import audiences_for, is_active_member
from community.groups.permissions import is_group_admin
from community.members.models import MemberStatus, User
from community.members.normalise import name_q
from community.members.selectors import viewer_for
from community.posts import permissions
from community.posts.models import (
    Comment,
    Post,
    PostImage,
    Reaction,
    ReactionKind,
)

COMMENTS_PAGE_SIZE = 50
REACTIONS_PAGE_SIZE = 30
MENTION_SUGGESTIONS = 8


def _posts() -> QuerySet[Post]:
    return Post.objects.select_related("author", "group", "wall_owner")


def post_for_viewer(*, viewer, pk: int) -> Post:
    """The post if ``viewer`` may see it, else 404 (whether it exists or not)."""
    post = _posts().filter(pk=pk).first()
    if post is None or not permissions.can_view_post(viewer, post):
        raise Http404
    return post


@dataclass
class PostPage:
    post: Post
    comments: Page  # top-level comments, oldest first, with ``shown_replies``
    can_interact: bool
    can_edit: bool
    can_delete: bool
    is_group_admin: bool


def post_page(*, viewer, pk: int, page: str | int | None = None) -> PostPage:
    """Everything the permalink shows, in a fixed number of queries."""
    audiences = audiences_for(viewer)
    post = _posts().filter(pk=pk).first()
    if post is None or not permissions.can_view_post(viewer, post, audiences=audiences):
        raise Http404
    prefetch_related_objects([post], "images", "tags")
    top = (
        Comment.objects.filter(post=post, parent__isnull=True)
        .select_related("author")
        .order_by("id")
    )
    comments = Paginator(top, COMMENTS_PAGE_SIZE).get_page(page)
    shown = list(comments.object_list)
    replies: dict[int, list[Comment]] = {comment.pk: [] for comment in shown}
    if shown:
        for reply in (
            Comment.objects.filter(parent_id__in=list(replies))
            .select_related("author")
            .order_by("id")
        ):
            replies[reply.parent_id].append(reply)
    for comment in shown:
        comment.shown_replies = replies[comment.pk]
    comments.object_list = shown
    mine: dict[str, str] = {}
    if is_active_member(viewer):
        comment_ids = [comment.pk for comment in shown] + [
            reply.pk for items in replies.values() for reply in items
        ]
        for reaction in Reaction.objects.filter(user=viewer).filter(
            Q(post=post) | Q(comment_id__in=comment_ids)
        ):
            if reaction.post_id:
                mine[f"post:{reaction.post_id}"] = reaction.kind
            else:
                mine[f"comment:{reaction.comment_id}"] = reaction.kind
    post.my_reaction = mine.get(post.object_key, "")
    for comment in shown:
        comment.my_reaction = mine.get(comment.object_key, "")
        for reply in comment.shown_replies:
            reply.my_reaction = mine.get(reply.object_key, "")
    group_admin = is_group_admin(viewer, post.group_id)
    return PostPage(
        post=post,
        comments=comments,
        can_interact=permissions.can_interact(viewer, post, audiences=audiences),
        can_edit=permissions.can_edit_post(viewer, post),
        can_delete=permissions.can_delete_post(viewer, post, group_admin=group_admin),
        is_group_admin=group_admin,
    )


@dataclass
class ImagePage:
    """A post's image on its own page: which of the post's images it is, and
    its neighbours."""

    post: Post
    image: PostImage
    number: int
    count: int
    previous: PostImage | None
    next: PostImage | None


def image_page(*, viewer, post_pk: int, image_pk: int) -> ImagePage:
    """The page of one of a post's images, for who may see the post (404 otherwise)."""
    post = post_for_viewer(viewer=viewer, pk=post_pk)
    images = list(post.images.all())
    index = next((i for i, image in enumerate(images) if image.pk == image_pk), None)
    if index is None:
        raise Http404
    return ImagePage(
        post=post,
        image=images[index],
        number=index + 1,
        count=len(images),
        previous=images[index - 1] if index else None,
        next=images[index + 1] if index + 1 < len(images) else None,
    )


def comment_for_viewer(*, viewer, post_pk: int, comment_pk: int) -> tuple[Post, Comment]:
    """A comment looked up through its post: 404 unless both match and the post is visible."""
    post = post_for_viewer(viewer=viewer, pk=post_pk)
    comment = (
        Comment.objects.filter(pk=comment_pk, post=post).select_related("author", "parent").first()
    )
    if comment is None:
        raise Http404
    return post, comment


def image_for_viewer(*, viewer, post_pk: int, image_pk: int) -> PostImage:
    post = post_for_viewer(viewer=viewer, pk=post_pk)
    image = PostImage.objects.filter(pk=image_pk, post=post).first()
    if image is None:
        raise Http404
    return image


def reactions(*, target: Post | Comment, kind: str = "", page: str | int | None = None) -> Page:
    """Who reacted to ``target`` (callers checked the post is visible), newest
    first, optionally of one kind; only active members are listed."""
    rows = Reaction.objects.filter(user__status=MemberStatus.ACTIVE).select_related("user")
    rows = rows.filter(comment=target) if isinstance(target, Comment) else rows.filter(post=target)
    if kind in ReactionKind.values:
        rows = rows.filter(kind=kind)
    return Paginator(rows.order_by("-id"), REACTIONS_PAGE_SIZE).get_page(page)


def mention_candidates(*, viewer, query: str, size: int = MENTION_SUGGESTIONS) -> list[User]:
    """Active members ``viewer`` may see (whose profile they may open), whose
    handle or name starts with ``query``; nobody for a visitor or a suspended
    account."""
    query = query.strip().lstrip("@")[:40]
    if not is_active_member(viewer) or not query:
        return []
    members = (
        User.objects.filter(status=MemberStatus.ACTIVE)
        .filter(viewer_for(viewer).field_q("profile"))
        .filter(Q(handle__istartswith=query) | name_q(query, word_start=True))
        .only("pk", "handle", "display_name", "avatar")
        .order_by("display_name", "pk")
    )
    return list(members[:size])

"""Messages derived from posts' activities (realtime/README.md "Companions").

* ``commented`` → a ``comment`` message carrying the comment's HTML
  (``posts/_comment.html``, viewer-independent) so it appears live under its
  post on feeds and permalinks; ``resume`` replays it after the activity.
* ``reacted`` → the ``reaction`` counts of the post or comment (absolute
  values, read when the message is built).

And the ``update`` messages of an edited post or comment (no activity: they
are published by ``actions.update_post`` / ``update_comment``), which open
pages use to replace the ``data-part`` of that post or comment.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string

from community.core.live import companion
from community.posts.html import comment_main, post_content
from community.posts.models import Comment, Post, Reaction, ReactionKind


def _targets(activity, model) -> bool:
    return activity.target_type_id == ContentType.objects.get_for_model(model).pk


def comment_html(comment, post) -> str:
    return render_to_string(
        "posts/_comment.html",
        {
            "comment": comment,
            "post": post,
            "post_url": post.get_absolute_url(),
            "show_reply_form": True,
        },
    ).strip()


def post_update_message(post_id: int) -> dict | None:
    """An edited post's content, as feeds show it and as its own page does."""

    post = (
        Post.objects.select_related("author", "group", "wall_owner")
        .prefetch_related("images", "tags")
        .filter(pk=post_id)
        .first()
    )
    if post is None:  # deleted since
        return None
    return {
        "type": "update",
        "object": f"post:{post.pk}",
        "html": {"feed": post_content({}, post), "page": post_content({"heading_level": 1}, post)},
    }


def comment_update_message(comment_id: int) -> dict | None:
    """An edited comment, without its replies (its ``comment-main`` part)."""

    comment = Comment.objects.select_related("author", "post").filter(pk=comment_id).first()
    if comment is None:  # deleted since
        return None
    post = comment.post
    html = comment_main({"post": post, "post_url": post.get_absolute_url()}, comment)
    return {"type": "update", "object": f"comment:{comment.pk}", "html": {"default": html}}


def reaction_message(target: Post | Comment) -> dict:
    """The ``reaction`` message (absolute counts of every kind, zeros included)."""
    counts = {kind: int(target.reaction_counts.get(kind, 0)) for kind in ReactionKind.values}
    return {
        "type": "reaction",
        "target": f"{target._meta.model_name}:{target.pk}",
        "counts": counts,
        "total": sum(counts.values()),
    }


@companion("commented")
def comment_message(activity):

    comment = Comment.objects.select_related("author", "post").filter(pk=activity.target_id).first()
    if comment is None:  # deleted since
        return None
    post = comment.post
    return {
        "type": "comment",
        "post": post.pk,
        "comment": comment.pk,
        "parent": comment.parent_id,
        "count": post.comment_count,
        "html": comment_html(comment, post),
    }


@companion("reacted")
def reaction_counts_message(activity):

    if not _targets(activity, Reaction):
        return None
    reaction = (
        Reaction.objects.select_related("post", "comment").filter(pk=activity.target_id).first()
    )
    if reaction is None:  # taken back since
        return None
    return reaction_message(reaction.post or reaction.comment)

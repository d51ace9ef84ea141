"""Messages derived from posts' activities (realtime/README.md "Companions").

* ``commented`` → a ``comment`` message carrying the comment's HTML
  (``posts/_comment.html``, viewer-independent) so it appears live under its
  post on feeds and permalinks; ``resume`` replays it after the activity.
* ``reacted`` → the ``reaction`` counts of the post or comment (absolute
  values, read when the message is built).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string

from realtime.messages import companion


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


@companion("commented")
def comment_message(activity):
    from community.posts.models import Comment

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
    from community.posts.actions import reaction_message
    from community.posts.models import Reaction

    if not _targets(activity, Reaction):
        return None
    reaction = (
        Reaction.objects.select_related("post", "comment").filter(pk=activity.target_id).first()
    )
    if reaction is None:  # taken back since
        return None
    return reaction_message(reaction.post or reaction.comment)

"""The posts' notification kinds: how each reads and where it leads
(``community/notifications/registry.py``), registered from ``PostsConfig.ready()``.

A post's or comment's notification is gated by the post's audience: whoever
can no longer see the post reads a neutral line instead.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.notifications.registry import (
    Place,
    TargetKind,
    Verb,
    quoted,
    quoted_title,
    register,
    register_target,
)

POST_COMMENTED = "post_commented"
COMMENT_REPLIED = "comment_replied"
POST_REACTED = "post_reacted"
MENTIONED = "mentioned"


def post_link(post_id: int | None, comment_id: int | None = None) -> str:
    url = reverse("posts:detail", kwargs={"pk": post_id})
    return f"{url}#comment-{comment_id}" if comment_id else url


def _post_text(notification) -> str:
    """The post's title, or else its body, as a plain-text excerpt."""
    if not notification.post_id:
        return ""
    post = notification.post
    return quoted_title(post.title) if post.title else quoted(post.body)


def _place_post(post) -> Place:
    return Place(audience=post.audience, group_id=post.group_id, post_id=post.pk)


def _place_comment(comment) -> Place:
    post = comment.post
    return Place(
        audience=post.audience, group_id=post.group_id, post_id=post.pk, comment_id=comment.pk
    )


def _is_comment(notification) -> bool:
    return notification.comment_id is not None


def register_kinds() -> None:
    register_target(TargetKind("posts.Post", _place_post))
    register_target(TargetKind("posts.Comment", _place_comment))
    register(
        Verb(
            POST_COMMENTED,
            targets=("posts.Comment",),
            describe=lambda n, who: (
                _("%(who)s commented on your post “%(post)s”.")
                % {"who": who, "post": _post_text(n)}
            ),
            link=lambda n: post_link(n.post_id, n.comment_id),
        )
    )
    register(
        Verb(
            COMMENT_REPLIED,
            targets=("posts.Comment",),
            describe=lambda n, who: (
                _("%(who)s replied to your comment on “%(post)s”.")
                % {"who": who, "post": _post_text(n)}
            ),
            link=lambda n: post_link(n.post_id, n.comment_id),
        )
    )
    register(
        Verb(
            POST_REACTED,
            targets=("posts.Post", "posts.Comment"),
            # The plural form is the verb's agreement with "Alice and 3 others".
            describe=lambda n, who: (
                (
                    ngettext(
                        "%(who)s reacted to your comment on “%(post)s”.",
                        "%(who)s reacted to your comment on “%(post)s”.",
                        n.actor_count,
                    )
                    if _is_comment(n)
                    else ngettext(
                        "%(who)s reacted to your post “%(post)s”.",
                        "%(who)s reacted to your post “%(post)s”.",
                        n.actor_count,
                    )
                )
                % {"who": who, "post": _post_text(n)}
            ),
            link=lambda n: post_link(n.post_id, n.comment_id),
            grouped=True,
        )
    )
    register(
        Verb(
            MENTIONED,
            targets=("posts.Post", "posts.Comment"),
            describe=lambda n, who: (
                (
                    _("%(who)s mentioned you in a comment on “%(post)s”.")
                    if _is_comment(n)
                    else _("%(who)s mentioned you in “%(post)s”.")
                )
                % {"who": who, "post": _post_text(n)}
            ),
            link=lambda n: post_link(n.post_id, n.comment_id),
        )
    )

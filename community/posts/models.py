"""Posts, their images, comments (one level of replies), reactions and tags.

Rules live in ``permissions.py`` and every write in ``actions.py``.

* ``Post`` is written on the community wall, in a group, or on a member's
  profile wall (``wall_owner``). Its ``audience`` (DESIGN.md §4) is stored:
  a group post takes the group's (``audience_for_group``, rewritten when the
  group's privacy changes: ``Post`` is registered as group content); a wall
  post is ``public`` or ``members`` as its author chose. A ``title`` makes it
  an article, listed on the community's or the group's articles page.
* ``Comment`` belongs to a post; a reply has a ``parent`` (a top-level
  comment of the same post: replies are one level deep). Who may see a
  comment is who may see its post.
* ``Reaction``: one per member per post or comment, ``kind`` from a fixed set.
  Counts are kept on the post/comment (``reaction_counts``) by the actions so
  feeds render without counting rows.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from community.core.markdown import plain_excerpt, plain_line
from community.posts.paths import post_path, tag_path

BODY_MAX_LENGTH = 20_000
COMMENT_MAX_LENGTH = 5_000
TITLE_MAX_LENGTH = 200
MAX_IMAGES = 4
FEED_COMMENTS = 3  # latest comments shown under a post in feeds


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    LOVE = "love", _("Love")
    LAUGH = "laugh", _("Haha")
    WOW = "wow", _("Wow")
    SAD = "sad", _("Sad")
    CELEBRATE = "celebrate", _("Celebrate")


REACTION_EMOJI = {
    ReactionKind.LIKE: "👍",
    ReactionKind.LOVE: "❤️",
    ReactionKind.LAUGH: "😄",
    ReactionKind.WOW: "😮",
    ReactionKind.SAD: "😢",
    ReactionKind.CELEBRATE: "🎉",
}


def reaction_rows(counts: dict) -> list[tuple[str, str, str, int]]:
    """``(kind, emoji, label, count)`` for every kind, in the fixed order."""
    return [
        (kind, REACTION_EMOJI[kind], label, int(counts.get(kind, 0) or 0))
        for kind, label in ReactionKind.choices
    ]


class ReactionCounts:
    """What templates read of ``reaction_counts`` (no query)."""

    reaction_counts: dict

    @property
    def reaction_rows(self) -> list[tuple[str, str, str, int]]:
        return reaction_rows(self.reaction_counts or {})

    @property
    def object_key(self) -> str:
        """``post:12`` / ``comment:5``: what ``data-object`` and messages name."""
        return f"{self._meta.model_name}:{self.pk}"


class Tag(models.Model):
    """A #hashtag: ``slug`` is the lowercased, accent-folded key; ``name`` as first written."""

    slug = models.SlugField(max_length=60, unique=True, allow_unicode=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"#{self.name}"

    def get_absolute_url(self) -> str:
        return tag_path(self.slug)


class Post(ReactionCounts, models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="posts"
    )
    wall_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="wall_posts",
    )
    audience = models.CharField(max_length=40)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    # ``body`` rendered at write time (Markdown, sanitised, #tags and @mentions
    # linked): feeds show it without rendering Markdown per item.
    body_html = models.TextField(blank=True, editable=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0)
    reaction_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=True) | Q(wall_owner__isnull=True),
                name="post_in_group_or_on_wall",
            )
        ]
        indexes = [
            models.Index(fields=["audience", "-id"], name="post_audience_id"),
            models.Index(
                fields=["group", "-id"], name="post_article_group", condition=~Q(title="")
            ),
        ]

    def __str__(self) -> str:
        """The post as one line of plain text (its page's ``<title>``, its
        feed item's title, its notifications): the title as typed (it is text,
        not Markdown), or else the start of the body, as ``plain_excerpt``
        reads the Markdown."""
        if self.title:
            return plain_line(self.title, TITLE_MAX_LENGTH)
        return plain_excerpt(self.body, 60)

    def get_absolute_url(self) -> str:
        return post_path(self.pk)

    @cached_property
    def feed_comments(self) -> list[Comment]:
        """The latest top-level comments shown under the post in a feed, oldest
        first. Feeds set this attribute for a whole page at once
        (``feed_data.attach_feed_data``); this fallback (one query) serves a
        single post rendered on its own, such as a realtime push."""
        latest = (
            Comment.objects.filter(post=self, parent__isnull=True)
            .select_related("author")
            .order_by("-id")[:FEED_COMMENTS]
        )
        return list(reversed(latest))


def post_image_path(instance: PostImage, filename: str) -> str:
    extension = "png" if filename.lower().endswith(".png") else "jpg"
    return f"posts/{uuid.uuid4().hex}.{extension}"


class PostImage(models.Model):
    """An image of a post; served through a view that checks the post's visibility."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=post_image_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    alt = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["post", "position", "id"]

    def __str__(self) -> str:
        return f"image {self.position} of post {self.post_id}"

    def get_absolute_url(self) -> str:
        """The file itself (checked against the post's visibility)."""
        return reverse("posts:image", kwargs={"pk": self.post_id, "image_pk": self.pk})

    def get_page_url(self) -> str:
        """Its page: the image with its description and the post it belongs to."""
        return reverse("posts:image_page", kwargs={"pk": self.post_id, "image_pk": self.pk})


class Comment(ReactionCounts, models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    body_html = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    reaction_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["post", "id"], name="comment_post_id")]

    def __str__(self) -> str:
        return plain_excerpt(self.body, 60)

    def get_absolute_url(self) -> str:
        # Built from ids only: no query for the post.

        return f"{post_path(self.post_id)}#comment-{self.pk}"


class Reaction(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=ReactionKind.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(post__isnull=False) & Q(comment__isnull=True))
                | (Q(post__isnull=True) & Q(comment__isnull=False)),
                name="reaction_on_post_or_comment",
            ),
            models.UniqueConstraint(
                fields=["user", "post"],
                condition=Q(post__isnull=False),
                name="one_reaction_per_post",
            ),
            models.UniqueConstraint(
                fields=["user", "comment"],
                condition=Q(comment__isnull=False),
                name="one_reaction_per_comment",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReactionKind.values), name="reaction_kind_in_set"
            ),
        ]
        indexes = [
            # "Who reacted", newest first.
            models.Index(
                fields=["post", "-id"], name="reaction_post_id", condition=Q(post__isnull=False)
            ),
            models.Index(
                fields=["comment", "-id"],
                name="reaction_comment_id",
                condition=Q(comment__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"

    @property
    def emoji(self) -> str:
        return REACTION_EMOJI.get(self.kind, "")

"""In-app notifications: "Alice commented on your post".

One row per notification. What a verb means — whom it is about, how it reads,
where it leads, who may still see it — lives in ``registry.py``; every write
in ``actions.py``; every read in ``selectors.py``.

Who may see a notification is decided at *read* time, like everything else
(DESIGN.md §4):

* ``audience`` is the audience of what the notification is about (a post's,
  a comment's post's, an engagement's). The model is registered as group
  content, so a group's privacy change rewrites it with the group's posts:
  a post whose group turned secret hides its notifications from non-members
  at once, and a member removed from a closed group stops seeing them (they
  read a neutral line instead, see ``selectors.py``).
* Verbs that are not about content (a join request, an approval, an
  invitation) declare a permission check instead
  (``registry.Verb.permission_q``): a join request shows only to the group's
  current owners and admins, an approval or an invitation only while the
  group may be seen.
* ``post``, ``comment`` and ``group`` are typed foreign keys with
  ``CASCADE``: whatever deletes a post (its author, a moderator, the deletion
  of the author's account or of the group) deletes its notifications too.

Grouping: ``group_key`` is set for verbs that group (reactions on one post).
While such a notification is unread, the next one updates it (latest actor
first in ``actor_ids``, ``actor_count`` distinct actors) instead of adding a
row; a partial unique constraint makes this race-safe.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Past this many distinct actors a grouped notification keeps counting but
# stops remembering who (a very popular post; only the first names show).
MAX_REMEMBERED_ACTORS = 500

# Targets the row itself points to, through its own cascading foreign key
# (``notify`` checks that the place sets it to the target): deleting one
# deletes its notifications with it, and a page reaches it without a query.
FK_TARGETS = {"posts.Post": "post_id", "posts.Comment": "comment_id", "groups.Group": "group_id"}


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=40)
    # The latest actor (the others of a grouped notification are in actor_ids).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_ids = models.JSONField(default=list, blank=True)
    actor_count = models.PositiveIntegerField(default=1)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # Where the target lives (cascades, group privacy, links without a query).
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "posts.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(max_length=40)
    group_key = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated", "-id"]
        indexes = [
            # The notifications page: a member's, latest activity first.
            models.Index(fields=["recipient", "-updated", "-id"], name="notification_recipient"),
            # The bell: a member's unread ones.
            models.Index(
                fields=["recipient", "audience"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
            # discard_notifications(targets=…)
            models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ]
        constraints = [
            # At most one unread notification per grouping key and recipient:
            # concurrent reactions update one row instead of racing to insert.
            models.UniqueConstraint(
                fields=["recipient", "group_key"],
                condition=Q(read_at__isnull=True) & ~Q(group_key=""),
                name="one_unread_notification_per_group_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verb} for {self.recipient_id} ({self.target_type_id}:{self.target_id})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

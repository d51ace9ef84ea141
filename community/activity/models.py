"""The Activity stream: the source of truth for every feed and every push."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Verbs that feeds do not show: a comment appears under its post, a reaction is
# only counted. Feed pages leave them out in SQL, through the partial indexes below.
FEED_HIDDEN_VERBS = ("commented", "reacted")
FEED_VERBS_Q = ~Q(verb__in=FEED_HIDDEN_VERBS)


class Activity(models.Model):
    """Something that happened: ``actor`` did ``verb`` to ``target``.

    ``audience`` (see ``community.activity.visibility``) decides who may see
    it; ids increase monotonically, so feeds paginate and sockets resume by id.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    verb = models.CharField(max_length=40)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    audience = models.CharField(max_length=40)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["audience", "-id"], name="activity_audience_id"),
            models.Index(fields=["group", "-id"], name="activity_group_id"),
            models.Index(fields=["actor", "-id"], name="activity_actor_id"),
            models.Index(fields=["target_type", "target_id"], name="activity_target"),
            # Feed pages (community/feeds/selectors.py): the newest shown
            # activities of one audience / group / actor, read from the index
            # alone, without visiting the comments and reactions in between.
            models.Index(
                fields=["audience", "-id"], name="feed_audience_id", condition=FEED_VERBS_Q
            ),
            models.Index(fields=["group", "-id"], name="feed_group_id", condition=FEED_VERBS_Q),
            models.Index(fields=["actor", "-id"], name="feed_actor_id", condition=FEED_VERBS_Q),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.actor_id} {self.verb} {self.target_type_id}:{self.target_id}"

"""Every write on notifications (DESIGN.md §3).

* ``notify(recipient=, verb=, actor=, target=)`` — tell ``recipient`` that
  ``actor`` did ``verb`` to ``target``. Skips the actor themself, inactive
  accounts and anyone who may not see ``target`` right now (the verb's gate:
  the target's audience through the visibility module, or the verb's
  permission check). Grouped verbs (reactions) update the unread
  notification about the same target instead of adding one. Returns the
  notification, or ``None`` when nobody is told.
* ``discard_notifications(targets=)`` — delete every notification about these
  objects; a post takes its comments' notifications with it.
* ``discard_deleted_target(target)`` — the same for one target the ORM just
  deleted (called by the registry's ``post_delete`` receiver, whatever path
  deleted it).
* ``mark_read`` / ``mark_all_read`` — the recipient's own only;
  ``mark_read_about(targets=)`` — everyone's, once the matter is settled.

After each of them commits, the recipients' unread counts are published to
their sockets (``realtime.publish.publish_to_user``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from community.activity.visibility import can_view, is_active_member, user_audience
from community.core import live
from community.notifications import registry
from community.notifications.models import FK_TARGETS, MAX_REMEMBERED_ACTORS, Notification
from community.notifications.selectors import unread_count_for


def _publish_unread(user_ids: Iterable[int]) -> None:
    """After the commit, each user's sockets get their current unread count.
    Robust: reading the count after the commit may fail (the database went
    away); that is logged and neither the request nor the other commit hooks
    (the live push of the activity) fail with it."""
    for user_id in sorted(set(user_ids)):
        transaction.on_commit(lambda user_id=user_id: _send_unread(user_id), robust=True)


def _send_unread(user_id: int) -> None:
    live.publish_to_user(user_id, {"type": "notifications", "unread": unread_count_for(user_id)})


def _may_see(recipient, verb: registry.Verb, target: models.Model, place: registry.Place) -> bool:
    if verb.may_notify is not None:
        return verb.may_notify(recipient, target)
    return can_view(recipient, place)


@transaction.atomic
def notify(*, recipient, verb: str, actor, target: models.Model) -> Notification | None:
    """Tell ``recipient`` that ``actor`` did ``verb`` to ``target`` (see the module)."""
    spec = registry.get_verb(verb)
    if target._meta.label not in spec.targets:
        raise ValueError(f"{verb} is about {', '.join(spec.targets)}, not {target._meta.label}.")
    if not is_active_member(recipient):
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    place = registry.place_of(target)
    if not _may_see(recipient, spec, target, place):
        return None
    label = target._meta.label
    if label in FK_TARGETS and getattr(place, FK_TARGETS[label]) != target.pk:
        raise ValueError(f"{label}: its place must point to it ({FK_TARGETS[label]}).")
    audience = user_audience(recipient.pk) if spec.is_permission_gated else place.audience
    fields = {
        "recipient": recipient,
        "verb": verb,
        "actor": actor,
        "actor_ids": [actor.pk] if actor is not None else [],
        "target_type": ContentType.objects.get_for_model(target),
        "target_id": target.pk,
        "group_id": place.group_id,
        "post_id": place.post_id,
        "comment_id": place.comment_id,
        "audience": audience,
    }
    if spec.grouped:
        notification = _notify_grouped(fields)
    else:
        notification = Notification.objects.create(**fields)
    _publish_unread([recipient.pk])
    return notification


def _notify_grouped(fields: dict) -> Notification:
    """One unread row per (recipient, target): a new actor updates it.

    The partial unique constraint on (recipient, group_key) while unread makes
    it race-safe: of two concurrent first reactions, one inserts, the other's
    insert waits for it, fails, and updates the row it can then lock.
    """
    target_type = fields["target_type"]
    key = f"{fields['verb']}:{target_type.pk}:{fields['target_id']}"
    unread = Notification.objects.select_for_update().filter(
        recipient=fields["recipient"], group_key=key, read_at__isnull=True
    )
    existing = unread.first()
    attempts = 0
    while existing is None:
        attempts += 1
        try:
            with transaction.atomic():
                return Notification.objects.create(**fields, group_key=key)
        except IntegrityError:
            # Another transaction inserted it first (and committed): update
            # that one (or insert again if it was read in the meantime).
            existing = unread.first()
            if existing is None and attempts >= 3:
                raise
    actor = fields["actor"]
    if actor is not None:
        known = list(existing.actor_ids)
        if actor.pk not in known:
            existing.actor_count += 1
        existing.actor_ids = [actor.pk, *(pk for pk in known if pk != actor.pk)][
            :MAX_REMEMBERED_ACTORS
        ]
        existing.actor = actor
    existing.audience = fields["audience"]
    existing.updated = timezone.now()
    existing.save(update_fields=["actor", "actor_ids", "actor_count", "audience", "updated"])
    return existing


@transaction.atomic
def discard_notifications(*, targets: Iterable[models.Model]) -> int:
    """Delete the notifications about ``targets`` (a post's take its comments'
    with them); returns how many were deleted."""
    by_type: dict[ContentType, list[int]] = {}
    post_ids: list[int] = []
    comment_ids: list[int] = []
    for target in targets:
        if target is None or target.pk is None:
            continue
        by_type.setdefault(ContentType.objects.get_for_model(target), []).append(target.pk)
        if target._meta.label == "posts.Post":
            post_ids.append(target.pk)
        elif target._meta.label == "posts.Comment":
            comment_ids.append(target.pk)
    if not by_type:
        return 0
    about = Q()
    for content_type, ids in by_type.items():
        about |= Q(target_type=content_type, target_id__in=ids)
    if post_ids:
        about |= Q(post_id__in=post_ids)
    if comment_ids:
        about |= Q(comment_id__in=comment_ids)
    doomed = Notification.objects.filter(about)
    recipients = set(doomed.filter(read_at__isnull=True).values_list("recipient_id", flat=True))
    deleted, _ = doomed.delete()
    _publish_unread(recipients)
    return deleted


@transaction.atomic
def mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of ``user``'s own notifications read (404 for anyone else's)."""
    if not is_active_member(user):
        raise Http404
    notification = (
        Notification.objects.select_for_update().filter(pk=notification_id, recipient=user).first()
    )
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _publish_unread([user.pk])
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    if not is_active_member(user):
        return 0
    updated = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if updated:
        _publish_unread([user.pk])
    return updated


@transaction.atomic
def mark_read_about(*, targets: Iterable[models.Model], verb: str | None = None) -> int:
    """Mark everyone's unread notifications about ``targets`` read (e.g. a join
    request one admin answered: the other admins need not open it)."""
    about = Q(pk__in=[])
    for target in targets:
        about |= Q(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
    unread = Notification.objects.filter(about, read_at__isnull=True)
    if verb is not None:
        unread = unread.filter(verb=verb)
    recipients = set(unread.values_list("recipient_id", flat=True))
    updated = unread.update(read_at=timezone.now())
    _publish_unread(recipients)
    return updated


@transaction.atomic(savepoint=False)
def discard_deleted_target(target: models.Model) -> int:
    """Delete the notifications about ``target``, a registered target the ORM
    just deleted (``registry.on_target_deleted``, hooked in ``apps.py``).

    Runs inside the deletion's transaction, once per deleted row: no query for
    a post, a comment or a group (``FK_TARGETS``: the deletion's collector
    already deleted their notifications through the foreign key, before the
    target itself), else one query, and one more when there is something to
    delete. Returns how many were deleted."""
    if target.pk is None or target._meta.label in FK_TARGETS:
        return 0
    about = Q(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
    rows = list(Notification.objects.filter(about).values_list("pk", "recipient_id", "read_at"))
    if not rows:
        return 0
    deleted, _ = Notification.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
    _publish_unread(recipient for _, recipient, read_at in rows if read_at is None)
    return deleted

"""Every read of notifications. What is counted and what is read come from
the same condition (``_subject_visible_q``), so the bell and the page agree.

The condition re-checks visibility at read time, in SQL: a notification about
content is visible only while its stored audience (kept in step with the
group's privacy, see ``models.py``) is one of the viewer's audiences *now*; a
permission-gated verb only while its permission check holds (the registry);
and any notification only while its target row still exists (deleting a
target through the ORM deletes its notifications, see the registry; one
deleted behind its back, by raw SQL, is left as it is).

The bell counts the unread notifications that are visible. The page lists all
of the viewer's notifications, with the same condition as a column
(``subject_visible``), and renders each through ``item_for``, the one
rendering entry point: a notification whose subject the viewer may no longer
see reads "This content is no longer available to you.", names nobody and
nothing, links nowhere and is not shown as unread (it is not counted). It
reads as before, with the subject's current name, if they may see it again.

Nothing here writes: reading the page, the bell or one notification changes
no row (opening one marks it read only through ``actions.mark_read``, on POST).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.activity.visibility import is_active_member, member_audiences_q
from community.core.numbers import shown_number
from community.notifications import registry
from community.notifications.models import FK_TARGETS, Notification

# The member model sits above this app (settings.AUTH_USER_MODEL).
User = get_user_model()

PAGE_SIZE = 20


def _subject_visible_q(user, present: set[tuple[str, int, str, str]] | None = None) -> Q:
    """Notifications whose subject ``user`` (an active member) may see now: each
    verb's gate (``registry``), about a target that still exists.

    ``present``: the (verb, target type id, app label, model) of the rows the
    condition will meet, when known; the branches of the other verbs and kinds
    of target, which could match none of them, are left out (the bell builds
    and compiles less)."""
    verbs = registry.verbs()
    if present is None:
        kinds = {
            ContentType.objects.get_for_model(apps.get_model(label)).pk: label.lower()
            for label in registry.target_kinds()
        }
    else:
        verbs = {name: verb for name, verb in verbs.items() if name in {p[0] for p in present}}
        kinds = {type_id: f"{app}.{model}" for _, type_id, app, model in present}
    content = [name for name, verb in verbs.items() if not verb.is_permission_gated]
    allowed = Q(verb__in=content) & member_audiences_q(user)
    for name, verb in verbs.items():
        if verb.is_permission_gated:
            allowed |= Q(verb=name) & verb.permission_q(user)
    return allowed & _target_exists_q(kinds)


def _target_exists_q(kinds: dict[int, str]) -> Q:
    """Notifications whose target row exists: one ``EXISTS`` per kind of target
    (content type id: "app_label.model", lower case) that is registered, in the
    same query (a target of a kind no longer registered counts as gone), by
    content type id rather than a join on the content types."""
    exists = Q(pk__in=[])
    registered = {label.lower(): label for label in registry.target_kinds()}
    for type_id, name in kinds.items():
        if name in registered:
            model = apps.get_model(registered[name])
            exists |= Q(target_type_id=type_id) & Exists(
                model._base_manager.filter(pk=OuterRef("target_id"))
            )
    return exists


def visible_notifications(user) -> QuerySet[Notification]:
    """``user``'s notifications whose subject they may see now (read or not)."""
    if not is_active_member(user):
        return Notification.objects.none()
    return Notification.objects.filter(_subject_visible_q(user), recipient_id=user.pk)


def _listed_notifications(user) -> QuerySet[Notification]:
    """All of ``user``'s notifications, each with ``subject_visible``: the
    condition of ``visible_notifications`` as a column (no query more)."""
    if not is_active_member(user):
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .annotate(
            subject_visible=Case(
                When(_subject_visible_q(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("actor", "group", "post")
    )


def unread_count(user) -> int:
    """The bell: which verbs and kinds of target the unread notifications are
    about (none, the common case: done in one small query), then how many of
    them ``visible_notifications`` keeps, asking only about those."""
    if not is_active_member(user):
        return 0
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    present = set(
        unread.order_by()
        .values_list("verb", "target_type_id", "target_type__app_label", "target_type__model")
        .distinct()
    )
    if not present:
        return 0
    return unread.filter(_subject_visible_q(user, present)).count()


def unread_count_for(user_id: int) -> int:
    user = User.objects.filter(pk=user_id).first()
    return unread_count(user) if user is not None else 0


# --- The notifications page -----------------------------------------------------------


@dataclass
class Item:
    """A notification as the page shows it (``available``: its subject is
    visible to the reader; otherwise the neutral line, see the module)."""

    notification: Notification
    text: str
    link: str
    available: bool = True

    @property
    def pk(self) -> int:
        return self.notification.pk

    @property
    def is_unread(self) -> bool:
        """Highlighted (and counted by the bell) only while available."""
        return self.available and self.notification.is_unread

    @property
    def actor(self) -> User | None:
        return self.notification.actor if self.available else None

    @property
    def when(self):
        return self.notification.updated


def _who(notification: Notification, names: dict[int, str]) -> str:
    """Who did it, latest first: Alice; Alice and Bob; Alice and 3 others."""
    first = notification.actor.display_name if notification.actor else _("Someone")
    if notification.actor_count <= 1:
        return first
    if notification.actor_count == 2:
        second_id = next((pk for pk in notification.actor_ids[1:2]), None)
        second = names.get(second_id) if second_id is not None else None
        if second:
            return _("%(first)s and %(second)s") % {"first": first, "second": second}
    others = notification.actor_count - 1
    return ngettext("%(first)s and %(count)s other", "%(first)s and %(count)s others", others) % {
        "first": first,
        "count": shown_number(others),
    }


def _load_targets(notifications: list[Notification]) -> list[Notification]:
    """Attach each notification's target as ``loaded_target`` (one query per
    kind of target on the page); return those whose target is gone (deleted
    since the page's query): they are marked hidden, and read as the neutral
    line."""
    wanted: dict[int, list[Notification]] = {}
    for notification in notifications:
        wanted.setdefault(notification.target_type_id, []).append(notification)
    missing: list[Notification] = []
    for type_id, group in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()  # cached
        if model is None:  # the target's app was removed
            missing.extend(group)
            continue
        label = model._meta.label
        if label in FK_TARGETS:  # reached through the row's own foreign keys
            for notification in group:
                notification.loaded_target = None
                if label == "posts.Post" and notification.post_id is None:
                    missing.append(notification)
            continue
        kind = registry.target_kind(label)
        queryset = model._default_manager.all()
        if kind is not None and kind.select_related:
            queryset = queryset.select_related(*kind.select_related)
        found = queryset.in_bulk([n.target_id for n in group])
        for notification in group:
            notification.loaded_target = found.get(notification.target_id)
            if notification.loaded_target is None:
                missing.append(notification)
    for notification in missing:
        notification.subject_visible = False
    return missing


def notifications_page(*, viewer, page: int | str | None = 1, size: int = PAGE_SIZE) -> Page:
    """A page of ``viewer``'s notifications, newest activity first, each
    rendered by ``item_for`` (the neutral line where the subject is hidden).

    A fixed number of queries whatever the number of notifications: the count,
    the page (with actor, group, post), the second actors' names, one per kind
    of target beyond posts, comments and groups. It writes nothing: a
    notification whose target is gone reads as the neutral line (and is not
    counted).
    """
    queryset = _listed_notifications(viewer).order_by("-updated", "-id")
    paginator = Paginator(queryset, size, allow_empty_first_page=True)
    result = paginator.get_page(page)
    notifications = list(result.object_list)
    _load_targets([n for n in notifications if n.subject_visible])
    second_ids = {
        n.actor_ids[1]
        for n in notifications
        if n.subject_visible and n.actor_count == 2 and len(n.actor_ids) > 1
    }
    names = (
        dict(User.objects.filter(pk__in=second_ids).values_list("pk", "display_name"))
        if second_ids
        else {}
    )
    result.object_list = [item_for(n, names) for n in notifications]
    return result


def item_for(notification: Notification, names: dict[int, str] | None = None) -> Item:
    """The one place a notification is rendered. Its subject must be known
    visible (``subject_visible``, set by ``_listed_notifications``): anything
    else reads as the neutral line, whatever the verb."""
    if not getattr(notification, "subject_visible", False):
        return Item(
            notification=notification,
            text=_("This content is no longer available to you."),
            link="",
            available=False,
        )
    verb = registry.get_verb(notification.verb)
    return Item(
        notification=notification,
        text=verb.describe(notification, _who(notification, names or {})),
        link=verb.link(notification),
    )


def notification_for(*, viewer, pk: int, available_only: bool = True) -> Item:
    """One of ``viewer``'s notifications (404 for anyone else's). Opening one
    needs its subject visible (404 otherwise); with ``available_only=False``
    a hidden one comes back as the neutral line (the answer to marking it read)."""
    notification = _listed_notifications(viewer).filter(pk=pk).first()
    if notification is None:
        raise Http404
    if notification.subject_visible:
        _load_targets([notification])  # may find it gone since: hidden
    if available_only and not notification.subject_visible:
        raise Http404
    names: dict[int, str] = {}
    if (
        notification.subject_visible
        and notification.actor_count == 2
        and len(notification.actor_ids) > 1
    ):
        names = dict(
            User.objects.filter(pk=notification.actor_ids[1]).values_list("pk", "display_name")
        )
    return item_for(notification, names)

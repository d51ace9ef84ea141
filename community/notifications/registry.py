"""The notification verbs: what each one is about, how it reads, where it leads,
and who may see it.

A verb is registered once (``register``), by the app that owns it or here for
the verbs this issue defines. Each declares:

* ``targets``: the model labels its target may be (``"posts.Comment"``);
* its **gate**, whether the reader may still see what it is about: by default
  the *audience* of the target (a post's, a comment's post's, an
  engagement's — through ``place_of``), checked with the one visibility
  module when notifying and again, in SQL, whenever the notification is
  counted or listed. A verb that is not about content gives a ``permission``
  check instead (``may_notify(recipient, target)`` when notifying,
  ``permission_q(user)`` at read time): a join request shows only to the
  group's current owners and admins, an approval or an invitation only while
  the reader may see the group (``groups.permissions.visible_groups_q``; an
  invitation also while it waits for an answer). A notification whose gate
  no longer holds is not counted and reads as a neutral line
  (``selectors.item_for``), whatever the verb;
* ``describe(notification, who)``: the translated sentence (``who`` is "Alice",
  "Alice and Bob" or "Alice and 3 others");
* ``link(notification)``: where opening it leads;
* ``grouped``: notifications of this verb about one target are grouped while
  unread ("Alice and 3 others reacted to your post").

Targets are *placed* by ``place_of`` (``register_target``): their audience and
the group, post and comment they live in (the notification's cascading foreign
keys), and what to ``select_related`` when a page loads many of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.activity.visibility import audience_for_group


@dataclass(frozen=True)
class Place:
    """Where a target lives: its audience and its group, post and comment ids."""

    audience: str
    group_id: int | None = None
    post_id: int | None = None
    comment_id: int | None = None


@dataclass(frozen=True)
class TargetKind:
    label: str
    place: Callable[[models.Model], Place]
    select_related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verb:
    name: str
    targets: tuple[str, ...]
    describe: Callable[..., str]
    link: Callable[..., str]
    grouped: bool = False
    may_notify: Callable[..., bool] | None = None
    permission_q: Callable[..., Q] | None = None

    @property
    def is_permission_gated(self) -> bool:
        return self.permission_q is not None


_verbs: dict[str, Verb] = {}
_targets: dict[str, TargetKind] = {}


def register(verb: Verb) -> Verb:
    if (verb.may_notify is None) != (verb.permission_q is None):
        raise ValueError(f"{verb.name}: give both may_notify and permission_q, or neither.")
    _verbs[verb.name] = verb
    return verb


def register_target(kind: TargetKind) -> TargetKind:
    _targets[kind.label] = kind
    return kind


def get_verb(name: str) -> Verb:
    try:
        return _verbs[name]
    except KeyError:
        raise LookupError(f"Unknown notification verb {name!r}: register it first.") from None


def verbs() -> dict[str, Verb]:
    return dict(_verbs)


def target_kind(label: str) -> TargetKind | None:
    return _targets.get(label)


def place_of(target: models.Model) -> Place:
    kind = _targets.get(target._meta.label)
    if kind is None:
        raise LookupError(f"{target._meta.label} is not a registered notification target.")
    return kind.place(target)


# --- helpers for descriptions and links --------------------------------------------


def quoted(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text[:limit] + ("…" if len(text) > limit else "")


def post_link(post_id: int | None, comment_id: int | None = None) -> str:
    try:
        url = reverse("posts:detail", kwargs={"pk": post_id})
    except NoReverseMatch:  # the posts pages are not installed
        url = reverse("notifications:list")
    return f"{url}#comment-{comment_id}" if comment_id else url


def _post_text(notification) -> str:
    return quoted(str(notification.post)) if notification.post_id else ""


def _target(notification):
    """The loaded target (``selectors`` attach it as ``loaded_target``)."""
    return getattr(notification, "loaded_target", None)


# --- targets -----------------------------------------------------------------------


def _place_post(post) -> Place:
    return Place(audience=post.audience, group_id=post.group_id, post_id=post.pk)


def _place_comment(comment) -> Place:
    post = comment.post
    return Place(
        audience=post.audience, group_id=post.group_id, post_id=post.pk, comment_id=comment.pk
    )


def _place_group(group) -> Place:
    return Place(audience=audience_for_group(group), group_id=group.pk)


def _place_in_group(obj) -> Place:
    # Join requests and invitations are permission-gated: their audience is unused.
    return Place(audience="", group_id=obj.group_id)


def _place_engagement(engagement) -> Place:
    return Place(audience=engagement.audience, group_id=engagement.group_id)


register_target(TargetKind("posts.Post", _place_post))
register_target(TargetKind("posts.Comment", _place_comment))
register_target(TargetKind("groups.Group", _place_group))
register_target(TargetKind("groups.JoinRequest", _place_in_group))
register_target(TargetKind("groups.GroupInvitation", _place_in_group))
register_target(
    TargetKind("volunteering.Engagement", _place_engagement, select_related=("need", "project"))
)


# --- posts verbs -------------------------------------------------------------------

POST_COMMENTED = "post_commented"
COMMENT_REPLIED = "comment_replied"
POST_REACTED = "post_reacted"
MENTIONED = "mentioned"


def _is_comment(notification) -> bool:
    return notification.comment_id is not None


register(
    Verb(
        POST_COMMENTED,
        targets=("posts.Comment",),
        describe=lambda n, who: (
            _("%(who)s commented on your post “%(post)s”.") % {"who": who, "post": _post_text(n)}
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


# --- groups verbs ------------------------------------------------------------------

GROUP_JOIN_REQUESTED = "group_join_requested"
GROUP_REQUEST_APPROVED = "group_request_approved"
GROUP_INVITED = "group_invited"


def _is_group_admin(recipient, join_request) -> bool:
    from community.groups.permissions import is_group_admin

    return is_group_admin(recipient, join_request.group_id)


def _group_admin_q(user) -> Q:
    from community.groups.permissions import group_admin_q

    return group_admin_q(user)


def _sees_group(recipient, group) -> bool:
    from community.groups.permissions import can_see_group

    return can_see_group(recipient, group)


def _group_visible_q(user) -> Q:
    """The notification's group is one ``user`` may see (a secret group: its
    members only), by the groups' own rule."""
    from community.groups.models import Group
    from community.groups.permissions import visible_groups_q

    return Q(group_id__in=Group.objects.filter(visible_groups_q(user)).values("pk"))


def _invitation_q(user) -> Q:
    """An invitation's group: seen through the invitation while it waits for an
    answer, then like any group (a secret group the invitee declined, or was
    removed from after accepting, is no longer theirs to see)."""
    from community.groups.models import GroupInvitation, InvitationStatus

    waiting = GroupInvitation.objects.filter(
        pk=OuterRef("target_id"), status=InvitationStatus.PENDING
    )
    return Q(Exists(waiting)) | _group_visible_q(user)


def _group_name(notification) -> str:
    return notification.group.name if notification.group_id else ""


register(
    Verb(
        GROUP_JOIN_REQUESTED,
        targets=("groups.JoinRequest",),
        describe=lambda n, who: (
            _("%(who)s asked to join %(group)s.") % {"who": who, "group": _group_name(n)}
        ),
        link=lambda n: reverse("groups:requests", kwargs={"slug": n.group.slug}),
        may_notify=_is_group_admin,
        permission_q=_group_admin_q,
    )
)
register(
    Verb(
        GROUP_REQUEST_APPROVED,
        targets=("groups.Group",),
        describe=lambda n, who: (
            _("%(who)s approved your request to join %(group)s.")
            % {"who": who, "group": _group_name(n)}
        ),
        link=lambda n: reverse("groups:detail", kwargs={"slug": n.group.slug}),
        may_notify=_sees_group,
        permission_q=_group_visible_q,
    )
)
register(
    Verb(
        GROUP_INVITED,
        targets=("groups.GroupInvitation",),
        describe=lambda n, who: (
            _("%(who)s invited you to join %(group)s.") % {"who": who, "group": _group_name(n)}
        ),
        link=lambda n: f"{reverse('groups:mine')}#invitation-{n.target_id}",
        # The invitee learns of the group through the invitation, secret or not.
        may_notify=lambda recipient, invitation: invitation.user_id == recipient.pk,
        permission_q=_invitation_q,
    )
)


# --- volunteering verbs ------------------------------------------------------------


def _need_title(notification) -> str:
    engagement = _target(notification)
    return quoted(engagement.need.title) if engagement is not None else ""


def _engagement_link(notification) -> str:
    return reverse("volunteering:engagement", kwargs={"pk": notification.target_id})


def _volunteering(name: str, sentence: Callable[[], str]) -> None:
    register(
        Verb(
            name,
            targets=("volunteering.Engagement",),
            describe=lambda n, who: sentence() % {"who": who, "need": _need_title(n)},
            link=_engagement_link,
        )
    )


def _register_volunteering() -> None:
    from community.volunteering import notify as v

    sentences: dict[str, Callable[[], str]] = {
        v.APPLICATION_RECEIVED: lambda: _("%(who)s applied to “%(need)s”."),
        v.INVITATION_RECEIVED: lambda: _("%(who)s invited you to help with “%(need)s”."),
        v.ENGAGEMENT_ACCEPTED: lambda: _("%(who)s accepted the engagement on “%(need)s”."),
        v.ENGAGEMENT_DECLINED: lambda: _("%(who)s declined the engagement on “%(need)s”."),
        v.ENGAGEMENT_WITHDRAWN: lambda: _("%(who)s withdrew from “%(need)s”."),
        v.ENGAGEMENT_COMPLETED: lambda: _(
            "%(who)s marked your engagement on “%(need)s” as completed."
        ),
        v.ENGAGEMENT_CANCELLED: lambda: _("%(who)s cancelled the engagement on “%(need)s”."),
        v.HOURS_LOGGED: lambda: _("%(who)s logged hours on “%(need)s”."),
        v.HOURS_CONFIRMED: lambda: _("%(who)s confirmed your hours on “%(need)s”."),
        v.HOURS_QUERIED: lambda: _("%(who)s has a question about your hours on “%(need)s”."),
    }
    for name, sentence in sentences.items():
        _volunteering(name, sentence)


_register_volunteering()

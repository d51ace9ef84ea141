"""The notification verbs: what each one is about, how it reads, where it leads,
and who may see it.

A verb is registered once (``register``), by the app that owns it, from its
``AppConfig.ready()`` (``community/<app>/notify.py``): this app sits below
the apps that notify, and knows none of them. Each verb declares:

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

Deleting a registered target deletes its notifications, by construction:
``register_target`` connects a ``post_delete`` receiver for the target's model,
which calls the hooks given to ``on_target_deleted`` (this app's
``AppConfig.ready()`` gives ``actions.discard_deleted_target``; the registry
itself writes nothing and imports no action). A target deleted behind the
ORM's back (raw SQL) leaves its notifications: they are not counted and read
as the neutral line (``selectors``); reading never deletes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete

from community.core.markdown import plain_excerpt, plain_line


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
_deleted_hooks: list[Callable[[models.Model], object]] = []


def register(verb: Verb) -> Verb:
    if (verb.may_notify is None) != (verb.permission_q is None):
        raise ValueError(f"{verb.name}: give both may_notify and permission_q, or neither.")
    _verbs[verb.name] = verb
    return verb


def register_target(kind: TargetKind) -> TargetKind:
    """Register a kind of target; deleting one of its rows through the ORM (any
    path: an action, a cascade, the admin) then calls the ``on_target_deleted``
    hooks with it."""
    _targets[kind.label] = kind
    post_delete.connect(
        _target_deleted,
        sender=kind.label,  # "app_label.Model", resolved once the model is loaded
        weak=False,
        dispatch_uid=f"notifications.target_deleted:{kind.label}",
    )
    return kind


def on_target_deleted(hook: Callable[[models.Model], object]) -> Callable[[models.Model], object]:
    """Call ``hook(target)`` whenever a registered target is deleted (once per
    hook, however often it is registered)."""
    if hook not in _deleted_hooks:
        _deleted_hooks.append(hook)
    return hook


def _target_deleted(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    for hook in list(_deleted_hooks):
        hook(instance)


def get_verb(name: str) -> Verb:
    try:
        return _verbs[name]
    except KeyError:
        raise LookupError(f"Unknown notification verb {name!r}: register it first.") from None


def verbs() -> dict[str, Verb]:
    return dict(_verbs)


def target_kind(label: str) -> TargetKind | None:
    return _targets.get(label)


def target_kinds() -> dict[str, TargetKind]:
    """Every registered kind of target, by model label."""
    return dict(_targets)


def place_of(target: models.Model) -> Place:
    kind = _targets.get(target._meta.label)
    if kind is None:
        raise LookupError(f"{target._meta.label} is not a registered notification target.")
    return kind.place(target)


# --- helpers for descriptions --------------------------------------------------------


def quoted(text: str, limit: int = 60) -> str:
    """Member-written (Markdown) ``text`` as it goes into a notification line:
    a plain-text excerpt of what its page shows (``core.markdown.plain_excerpt``)."""
    return plain_excerpt(str(text), limit)


def quoted_title(title: str, limit: int = 60) -> str:
    """A member-written title (plain text, shown as typed) in a notification line."""
    return plain_line(title, limit)


def loaded_target(notification):
    """The loaded target (``selectors`` attach it as ``loaded_target``), or None."""
    return getattr(notification, "loaded_target", None)

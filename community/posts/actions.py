"""Every write on posts, comments and reactions (DESIGN.md §3).

Actions are keyword-only, run in one transaction, enforce the rules (raising
``ValidationError`` with a message a person can act on, ``PermissionDenied``
or ``Http404``), record the activity and leave the push to
``record_activity`` (on commit).
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.activity.actions import record_activity
from community.activity.visibility import MEMBERS, PUBLIC, audience_for_group, is_active_member
from community.groups import permissions as group_permissions
from community.groups.models import Group
from community.members.models import User
from community.posts.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Post, Tag

POSTED = "posted"

WALL_AUDIENCES = (PUBLIC, MEMBERS)

HASHTAG_RE = re.compile(r"(?<![\w&#/])#(\w[\w-]{0,58})", re.UNICODE)


def tag_slug(name: str) -> str:
    """``#Écologie`` and ``#ecologie`` are the same tag."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return (folded or name).lower()


def extract_tags(body: str) -> dict[str, str]:
    """``{slug: name as first written}`` for the #hashtags of ``body``."""
    found: dict[str, str] = {}
    for match in HASHTAG_RE.finditer(body):
        name = match.group(1).rstrip("-_")
        if name and not name.isdigit():
            found.setdefault(tag_slug(name), name)
    return found


def _set_tags(post: Post) -> None:
    found = extract_tags(post.body)
    existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=found)}
    missing = [Tag(slug=slug, name=name) for slug, name in found.items() if slug not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=found)}
    post.tags.set(existing.values())


def _clean_text(body: str, title: str) -> tuple[str, str]:
    body = (body or "").strip()
    title = " ".join((title or "").split())
    errors = {}
    if not body:
        errors["body"] = _("Write something before posting.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _(
            "A post may be at most %(limit)s characters long (this one has %(count)s)."
        ) % {"limit": f"{BODY_MAX_LENGTH:,}", "count": f"{len(body):,}"}
    if len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("A title may be at most %(limit)s characters long.") % {
            "limit": TITLE_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    return body, title


def _audience_for_new_post(
    author: User, group: Group | None, wall_owner: User | None, audience: str
) -> str:
    if group is not None:
        access = group_permissions.access_for(author, group)
        group_permissions.check(
            access,
            access.is_member and not group.archived,
            _("Only members of this group may post in it."),
        )
        return audience_for_group(group)
    if wall_owner is not None and not is_active_member(wall_owner):
        raise PermissionDenied(_("This member's wall is closed."))
    if audience not in WALL_AUDIENCES:
        raise ValidationError({"audience": _("Choose who may see this post.")})
    return audience


@transaction.atomic
def create_post(
    *,
    author: User,
    body: str,
    title: str = "",
    group: Group | None = None,
    wall_owner: User | None = None,
    audience: str = MEMBERS,
) -> Post:
    """Post on the community wall (no group, no wall owner), in ``group``, or
    on ``wall_owner``'s profile wall. ``audience`` (``public`` or ``members``)
    applies to wall posts; a group post takes its group's."""
    if not is_active_member(author):
        raise PermissionDenied(_("Sign in to post."))
    if group is not None and wall_owner is not None:
        raise ValidationError(_("A post goes in a group or on a wall, not both."))
    if wall_owner is not None and wall_owner.pk == author.pk:
        wall_owner = None  # one's own wall is the community wall seen from the profile
    body, title = _clean_text(body, title)
    post = Post.objects.create(
        author=author,
        group=group,
        wall_owner=wall_owner,
        audience=_audience_for_new_post(author, group, wall_owner, audience),
        title=title,
        body=body,
    )
    _set_tags(post)
    record_activity(actor=author, verb=POSTED, target=post, audience=post.audience, group=group)
    return post

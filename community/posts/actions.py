"""Every write on posts, comments and reactions (DESIGN.md §3).

Actions are keyword-only, run in one transaction, enforce the rules (raising
``ValidationError`` with a message a person can act on, ``PermissionDenied``
or ``Http404``), record the activity (``record_activity`` schedules its push
on commit) and tell the people concerned through ``notifications.notify`` —
only when they may see what they are told about.

Counters (``comment_count``, ``reaction_counts``) are kept by these actions
under a row lock on the post (or comment), so concurrent comments and
reactions never lose an update on PostgreSQL.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image

from community.activity.actions import record_activity
from community.activity.models import Activity
from community.activity.visibility import MEMBERS, PUBLIC, can_view, is_active_member
from community.core import live
from community.core.images import ImageRules, process_image
from community.groups.content import audience_for_group
from community.groups.models import Group
from community.members.models import User
from community.notifications import actions as notifications
from community.posts import permissions
from community.posts.live import comment_update_message, post_update_message, reaction_message
from community.posts.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    MAX_IMAGES,
    TITLE_MAX_LENGTH,
    Comment,
    Post,
    PostImage,
    Reaction,
    ReactionKind,
    Tag,
)
from community.posts.notify import COMMENT_REPLIED, MENTIONED, POST_COMMENTED, POST_REACTED
from community.posts.text import mentioned_ids, render_text

__all__ = [
    "add_comment",
    "create_post",
    "delete_comment",
    "delete_post",
    "toggle_reaction",
    "update_comment",
    "update_post",
]

POSTED = "posted"
COMMENTED = "commented"
REACTED = "reacted"

# Notification verbs (community/notifications registers how they read).

WALL_AUDIENCES = (PUBLIC, MEMBERS)
IMAGE_RULES = ImageRules(max_bytes=5 * 1024 * 1024, max_side=2048)


# --- Helpers ------------------------------------------------------------------------


def _require_active(user: User) -> None:
    if not is_active_member(user):
        raise PermissionDenied(_("Sign in to take part."))


def _lock_post(pk: int) -> Post:
    """The post, locked for this transaction (its counters change); 404 if gone."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("group", "author")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    return post


def _clean_post_text(body: str, title: str) -> tuple[str, str]:
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


def _clean_comment_text(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something before sending.")})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _(
                    "A comment may be at most %(limit)s characters long (this one has %(count)s)."
                )
                % {"limit": f"{COMMENT_MAX_LENGTH:,}", "count": f"{len(body):,}"}
            }
        )
    return body


def _clean_images(images: Sequence[File], *, already: int = 0) -> list[File]:
    """Check every image before anything is written; raw uploads get the image checks."""
    images = [image for image in images or () if image]
    if already + len(images) > MAX_IMAGES:
        raise ValidationError(
            {
                "images": ngettext(
                    "A post may have at most %(limit)s image (you chose %(count)s).",
                    "A post may have at most %(limit)s images (you chose %(count)s).",
                    MAX_IMAGES,
                )
                % {"limit": MAX_IMAGES, "count": already + len(images)}
            }
        )
    clean = []
    for image in images:
        if isinstance(image, UploadedFile):
            try:
                image = process_image(image, IMAGE_RULES)
            except ValidationError as error:
                name = getattr(image, "name", "") or _("an image")
                raise ValidationError(
                    {"images": [f"{name}: {message}" for message in error.messages]}
                ) from error
        clean.append(image)
    return clean


def _save_images(post: Post, images: Iterable[File], *, start: int = 0) -> None:
    for position, image in enumerate(images, start=start):
        image.seek(0)
        with Image.open(io.BytesIO(image.read())) as probe:
            width, height = probe.size
        image.seek(0)
        row = PostImage(post=post, position=position, width=width, height=height)
        row.image.save(image.name or "image.jpg", image, save=False)
        row.save()


def _set_tags(post: Post, found: dict[str, str]) -> None:
    existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=found)}
    missing = [Tag(slug=slug, name=name) for slug, name in found.items() if slug not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=found)}
    post.tags.set(existing.values())


def _audience_for_new_post(
    author: User, group: Group | None, wall_owner: User | None, audience: str
) -> str:
    if group is not None:
        group = Group.objects.get(pk=group.pk)  # current privacy and archive state
        permissions.check_post(author, group=group)
        return audience_for_group(group)
    permissions.check_post(author, wall_owner=wall_owner)
    if audience not in WALL_AUDIENCES:
        raise ValidationError({"audience": _("Choose who may see this post.")})
    return audience


def _tell(
    recipient: User | None,
    *,
    verb: str,
    actor: User,
    target,
    post: Post,
    told: set[int],
) -> None:
    """Notify ``recipient`` once, never the actor, and only if they may see ``post``
    through their own audiences (``notify`` checks again when it writes)."""
    if recipient is None or recipient.pk == actor.pk or recipient.pk in told:
        return
    if not is_active_member(recipient) or not can_view(recipient, post):
        return
    told.add(recipient.pk)
    notifications.notify(recipient=recipient, verb=verb, actor=actor, target=target)


def _activities_of(*, posts=(), comments=(), reactions=()) -> Q:
    """The activities whose target is one of these posts, comments or reactions."""
    types = ContentType.objects.get_for_models(Post, Comment, Reaction)
    query = Q(pk__in=[])
    for model, ids in ((Post, posts), (Comment, comments), (Reaction, reactions)):
        ids = list(ids)
        if ids:
            query |= Q(target_type=types[model], target_id__in=ids)
    return query


def _publish(audience: str, message) -> None:
    live.publish_to_audience(audience, message)


# --- Posts ----------------------------------------------------------------------------


@transaction.atomic
def create_post(
    *,
    author: User,
    body: str,
    title: str = "",
    group: Group | None = None,
    wall_owner: User | None = None,
    audience: str = MEMBERS,
    images: Sequence[File] = (),
) -> Post:
    """Post on the community wall (no group, no wall owner), in ``group``, or
    on ``wall_owner``'s profile wall. ``audience`` (``public`` or ``members``)
    applies to wall posts; a group post takes its group's. ``images``: up to
    four uploads (checked and re-encoded) or already clean files."""
    _require_active(author)
    if group is not None and wall_owner is not None:
        raise ValidationError(_("A post goes in a group or on a wall, not both."))
    if wall_owner is not None and wall_owner.pk == author.pk:
        wall_owner = None  # one's own wall is the community wall seen from the profile
    body, title = _clean_post_text(body, title)
    post_audience = _audience_for_new_post(author, group, wall_owner, audience)
    clean_images = _clean_images(images)
    rendered = render_text(body)
    post = Post.objects.create(
        author=author,
        group=group,
        wall_owner=wall_owner,
        audience=post_audience,
        title=title,
        body=body,
        body_html=rendered.html,
    )
    _set_tags(post, rendered.tags)
    _save_images(post, clean_images)
    record_activity(actor=author, verb=POSTED, target=post, audience=post.audience, group=group)
    told: set[int] = set()
    for member in rendered.mentions:
        _tell(member, verb=MENTIONED, actor=author, target=post, post=post, told=told)
    return post


@transaction.atomic
def update_post(
    *,
    actor: User,
    post: Post,
    body: str,
    title: str = "",
    remove_images: Iterable[int] = (),
    images: Sequence[File] = (),
) -> Post:
    """The author edits the text (and images); the post shows "edited".
    Members newly mentioned are told; those already mentioned are not told twice."""
    post = _lock_post(post.pk)
    permissions.check_view_post(actor, post)
    if not permissions.can_edit_post(actor, post):
        raise PermissionDenied(_("Only the author may edit a post."))
    if post.group_id and post.group.archived:
        raise PermissionDenied(_("This group is archived: its posts cannot be edited."))
    body, title = _clean_post_text(body, title)
    remove_ids = {int(pk) for pk in remove_images}
    images_now = list(post.images.all())
    kept = [image for image in images_now if image.pk not in remove_ids]
    removed = [image for image in images_now if image.pk in remove_ids]
    clean_images = _clean_images(images, already=len(kept))
    before = mentioned_ids(post.body_html)
    rendered = render_text(body)
    post.title, post.body, post.body_html = title, body, rendered.html
    post.edited = timezone.now()
    post.save(update_fields=["title", "body", "body_html", "edited"])
    _set_tags(post, rendered.tags)
    if removed:
        # Their files go once this commits (posts/apps.py: post_delete).
        PostImage.objects.filter(pk__in=[image.pk for image in removed]).delete()
    for position, image in enumerate(kept):
        if image.position != position:
            PostImage.objects.filter(pk=image.pk).update(position=position)
    _save_images(post, clean_images, start=len(kept))
    told: set[int] = set(before)
    for member in rendered.mentions:
        _tell(member, verb=MENTIONED, actor=actor, target=post, post=post, told=told)
    _publish(post.audience, partial(post_update_message, post.pk))  # open pages show the edit
    return post


@transaction.atomic
def delete_post(*, actor: User, post: Post) -> None:
    """Delete a post with its comments, reactions, images, activities and
    notifications; its readers' pages drop it live."""
    post = _lock_post(post.pk)
    permissions.check_view_post(actor, post)
    if not permissions.can_delete_post(actor, post):
        raise PermissionDenied(_("Only the author or an admin may delete this post."))
    comments = list(Comment.objects.filter(post=post).only("pk", "post_id"))
    comment_ids = [comment.pk for comment in comments]
    reaction_ids = list(
        Reaction.objects.filter(Q(post=post) | Q(comment__post=post)).values_list("pk", flat=True)
    )
    activities = Activity.objects.filter(
        _activities_of(posts=[post.pk], comments=comment_ids, reactions=reaction_ids)
    )
    activity_ids = list(activities.values_list("pk", flat=True))
    activities.delete()
    notifications.discard_notifications(targets=[post, *comments])
    audience, post_key = post.audience, f"post:{post.pk}"
    post.delete()  # its images' files go once this commits (posts/apps.py)
    _publish(
        audience,
        {
            "type": "delete",
            "objects": [post_key, *(f"comment:{pk}" for pk in comment_ids)],
            "activities": activity_ids,
        },
    )


# --- Comments ----------------------------------------------------------------------------


@transaction.atomic
def add_comment(*, author: User, post: Post, body: str, parent: Comment | None = None) -> Comment:
    """Comment on ``post``, or reply to ``parent`` (a reply to a reply attaches
    to the top-level comment: replies are one level deep)."""
    _require_active(author)
    post = _lock_post(post.pk)
    permissions.check_interact(author, post)
    if parent is not None:
        parent = (
            Comment.objects.select_related("author", "parent__author")
            .filter(pk=parent.pk, post=post)
            .first()
        )
        if parent is None:
            raise Http404
        if parent.parent_id is not None:
            parent = parent.parent
    body = _clean_comment_text(body)
    rendered = render_text(body)
    comment = Comment.objects.create(
        post=post, parent=parent, author=author, body=body, body_html=rendered.html
    )
    post.comment_count += 1
    post.save(update_fields=["comment_count"])
    record_activity(
        actor=author, verb=COMMENTED, target=comment, audience=post.audience, group=post.group
    )
    told: set[int] = set()
    if parent is not None:
        _tell(
            parent.author, verb=COMMENT_REPLIED, actor=author, target=comment, post=post, told=told
        )
    _tell(post.author, verb=POST_COMMENTED, actor=author, target=comment, post=post, told=told)
    for member in rendered.mentions:
        _tell(member, verb=MENTIONED, actor=author, target=comment, post=post, told=told)
    return comment


def _comment_of(post: Post, comment: Comment) -> Comment:
    found = (
        Comment.objects.select_for_update(of=("self",))
        .filter(pk=comment.pk, post=post)
        .select_related("author")
        .first()
    )
    if found is None:
        raise Http404
    return found


@transaction.atomic
def update_comment(*, actor: User, comment: Comment, body: str) -> Comment:
    post = _lock_post(comment.post_id)
    comment = _comment_of(post, comment)
    permissions.check_view_post(actor, post)
    if not permissions.can_edit_comment(actor, comment):
        raise PermissionDenied(_("Only the author may edit a comment."))
    if post.group_id and post.group.archived:
        raise PermissionDenied(_("This group is archived: nothing can be changed in it."))
    body = _clean_comment_text(body)
    before = mentioned_ids(comment.body_html)
    rendered = render_text(body)
    comment.body, comment.body_html, comment.edited = body, rendered.html, timezone.now()
    comment.save(update_fields=["body", "body_html", "edited"])
    told: set[int] = set(before)
    for member in rendered.mentions:
        _tell(member, verb=MENTIONED, actor=actor, target=comment, post=post, told=told)
    _publish(post.audience, partial(comment_update_message, comment.pk))
    return comment


@transaction.atomic
def delete_comment(*, actor: User, comment: Comment) -> None:
    """Delete a comment with its replies, their reactions, activities and notifications."""
    post = _lock_post(comment.post_id)
    comment = _comment_of(post, comment)
    permissions.check_view_post(actor, post)
    if not permissions.can_delete_comment(actor, comment, post):
        raise PermissionDenied(_("Only the author or an admin may delete this comment."))
    removed = [comment, *Comment.objects.filter(parent=comment)]
    removed_ids = [item.pk for item in removed]
    reaction_ids = list(
        Reaction.objects.filter(comment_id__in=removed_ids).values_list("pk", flat=True)
    )
    activities = Activity.objects.filter(
        _activities_of(comments=removed_ids, reactions=reaction_ids)
    )
    activity_ids = list(activities.values_list("pk", flat=True))
    activities.delete()
    notifications.discard_notifications(targets=removed)
    Comment.objects.filter(pk=comment.pk).delete()
    post.comment_count = max(0, post.comment_count - len(removed))
    post.save(update_fields=["comment_count"])
    _publish(
        post.audience,
        {
            "type": "delete",
            "objects": [f"comment:{pk}" for pk in removed_ids],
            "activities": activity_ids,
            "counts": {f"post:{post.pk}": post.comment_count},
        },
    )


# --- Reactions ------------------------------------------------------------------------------


def _clean_kind(kind: str) -> str:
    if kind not in ReactionKind.values:
        raise ValidationError(
            {
                "kind": _("Choose a reaction among: %(kinds)s.")
                % {"kinds": ", ".join(str(label) for label in ReactionKind.labels)}
            }
        )
    return kind


@transaction.atomic
def toggle_reaction(
    *, user: User, kind: str, post: Post | None = None, comment: Comment | None = None
) -> str | None:
    """React to a post or a comment: the same kind again removes the reaction,
    another kind replaces it (one reaction per member). Returns the member's
    reaction now (``None`` when removed). Counts are kept under a row lock."""
    _require_active(user)
    kind = _clean_kind(kind)
    if (post is None) == (comment is None):
        raise ValidationError(_("React to a post or to a comment."))
    if comment is not None:
        post = _lock_post(comment.post_id)
        target: Post | Comment = _comment_of(post, comment)
        mine = Reaction.objects.filter(user=user, comment=target)
    else:
        post = _lock_post(post.pk)
        target = post
        mine = Reaction.objects.filter(user=user, post=target)
    permissions.check_interact(user, post)
    existing = mine.first()
    counts = {key: int(value) for key, value in target.reaction_counts.items() if value}
    if existing is not None:
        counts[existing.kind] = max(0, counts.get(existing.kind, 0) - 1)
    result: str | None = kind
    if existing is not None and existing.kind == kind:
        Activity.objects.filter(_activities_of(reactions=[existing.pk])).delete()
        existing.delete()
        result = None
    elif existing is not None:
        existing.kind = kind
        existing.save(update_fields=["kind"])
        counts[kind] = counts.get(kind, 0) + 1
    else:
        reaction = Reaction.objects.create(
            user=user,
            kind=kind,
            post=target if comment is None else None,
            comment=target if comment is not None else None,
        )
        counts[kind] = counts.get(kind, 0) + 1
    target.reaction_counts = {key: value for key, value in counts.items() if value}
    target.save(update_fields=["reaction_counts"])
    if existing is None:
        # A new reaction is an activity: its companion pushes the counts.
        record_activity(
            actor=user, verb=REACTED, target=reaction, audience=post.audience, group=post.group
        )
        author = post.author if comment is None else target.author
        _tell(author, verb=POST_REACTED, actor=user, target=target, post=post, told=set())
    else:
        _publish(post.audience, reaction_message(target))
    return result

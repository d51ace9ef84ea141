"""``{% load posts %}``: the composer.

``{% post_composer group=group access=access %}`` (a group page),
``{% post_composer wall_owner=member %}`` (a profile) or ``{% post_composer %}``
(the community wall on the home page) renders the form for whoever may post
there, and nothing otherwise. Included through ``posts/_composer.html``.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from community.core.audiences import PUBLIC
from community.members.templatetags.members import avatar_html
from community.posts.forms import PostForm
from community.posts.models import REACTION_EMOJI, Comment, ReactionKind
from community.posts.paths import group_path, post_path, profile_path, tag_path
from community.posts.permissions import can_post, controls_for

register = template.Library()


@register.inclusion_tag("posts/_composer_form.html", takes_context=True)
def post_composer(context, group=None, access=None, wall_owner=None) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    group = group or None
    wall_owner = wall_owner or None
    if wall_owner is not None and user is not None and wall_owner.pk == user.pk:
        wall_owner = None  # one's own wall is the community wall
    shown = can_post(user, group=group, access=access or None, wall_owner=wall_owner)
    return {
        "shown": shown,
        "form": PostForm(with_audience=group is None) if shown else None,
        "group": group,
        "wall_owner": wall_owner,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


# --- The feed's hot path -----------------------------------------------------------
#
# A feed page shows 20 posts, each with a reaction bar and up to three comments
# with theirs: rendered by Django's template engine, the bars alone cost more
# than the rest of the page. They are built here, in Python, with the same
# markup on every page (feed items, pushes, permalinks, htmx answers).


# The words of the Python-built markup below. Marked here for makemessages,
# which cannot see a ``gettext`` call inside an f-string; ``_w`` translates
# and escapes one (once per language) and refuses a word not listed here.
_WORDS = frozenset(
    (
        gettext_noop("Delete"),
        gettext_noop("Edit"),
        gettext_noop("Reply"),
        gettext_noop("See all comments"),
        gettext_noop("Tags"),
        gettext_noop("comments"),
        gettext_noop("edited"),
        gettext_noop("in"),
        gettext_noop("on the wall of"),
        gettext_noop("public"),
        gettext_noop("reactions · who reacted"),
    )
)


@lru_cache(maxsize=128)
def _w_in(word: str, language: str) -> str:
    if word not in _WORDS:
        raise KeyError(f"{word!r}: add it to _WORDS")
    return escape(gettext(word))


def _w(word: str) -> str:
    """``word`` (one of ``_WORDS``) in the active language, escaped."""
    return _w_in(word, get_language() or "")


@register.simple_tag(takes_context=True)
def reaction_bar(context, target, post_url: str = "", mine: str = "") -> SafeString:
    """Reaction buttons of a post or comment with live counts (``data-reaction-count``).

    With a CSRF token in the context (a page rendered for the viewer) the form
    posts; in a feed item or a push it posts through htmx and, without
    JavaScript, opens the post's page to confirm the reaction there.
    """
    is_comment = isinstance(target, Comment)
    post_url = post_url or post_path(target.post_id if is_comment else target.pk)
    key = f"{'comment' if is_comment else 'post'}:{target.pk}"
    base = f"{post_url}comments/{target.pk}/" if is_comment else post_url
    react_url = f"{base}react/"
    token = context.get("csrf_token")
    if token:
        attrs = f'method="post" action="{react_url}"'
        hidden = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
    else:
        attrs = f'method="get" action="{post_url}"'
        hidden = f'<input type="hidden" name="comment" value="{target.pk}">' if is_comment else ""
    counts = target.reaction_counts or {}
    parts = [
        f'<form class="reaction-bar cluster" data-reactions="{key}" {attrs} '
        f'hx-post="{react_url}" hx-target="this" hx-swap="outerHTML">{hidden}'
    ]
    total = 0
    for kind, emoji, label in _kinds():
        count = int(counts.get(kind, 0) or 0)
        total += count
        pressed = "true" if kind == mine else "false"
        parts.append(
            f'<button type="submit" name="kind" value="{kind}" class="reaction'
            f'{" is-mine" if kind == mine else ""}" aria-pressed="{pressed}" title="{label}">'
            f'<span aria-hidden="true">{emoji}</span><span class="visually-hidden">{label}</span> '
            f'<span class="reaction-count" data-reaction-count="{key}:{kind}" '
            f'data-count="{count}">{count}</span></button>'
        )
    parts.append(
        f'<a class="small reaction-total" href="{base}reactions/">'
        f'<span data-reaction-total="{key}" data-count="{total}">{total}</span> '
        f"{_w('reactions · who reacted')}</a></form>"
    )
    return mark_safe("".join(parts))


@lru_cache(maxsize=8)
def _kinds_in(language: str) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (kind, REACTION_EMOJI[kind], escape(str(label))) for kind, label in ReactionKind.choices
    )


def _kinds() -> tuple[tuple[str, str, str], ...]:
    """``(kind, emoji, escaped label)`` in the active language."""
    return _kinds_in(get_language() or "")


@register.simple_tag(takes_context=True)
def comment_item(context, comment) -> SafeString:
    """One comment (``comment.author`` loaded) as an ``<li>``: the same markup in
    feeds, pushes (``comment`` messages), htmx answers and the permalink.

    Reads from the context: ``post`` (its ``group_id``), ``post_url``,
    ``viewer`` (reveals the author's and a network admin's controls
    server-side), ``show_delete_comments`` (a group admin on the permalink),
    ``show_reply_form`` and ``csrf_token``. Controls are otherwise hidden with
    ``data-show-for`` (realtime/README.md). A top-level comment holds its
    replies' list (``data-replies``; ``comment.shown_replies`` when loaded)."""
    parts = [
        f'<li class="comment{" comment-reply" if comment.parent_id else ""}" '
        f'id="comment-{comment.pk}" data-object="comment:{comment.pk}">',
        comment_main(context, comment),
    ]
    post = context.get("post")
    if not comment.parent_id:
        parts.append(f'<ol class="list-plain comment-replies" data-replies="comment:{comment.pk}">')
        for reply in comment.__dict__.get("shown_replies", ()):
            parts.append(comment_item(context, reply))
        parts.append("</ol>")
        if context.get("show_reply_form"):
            with context.push(form_suffix="", initial_body=""):
                form = comment_form(context, post or comment.post, comment)
            parts.append(
                f'<details class="reply-box"><summary class="small">'
                f"{_w('Reply')}</summary>{form}</details>"
            )
    parts.append("</li>")
    return mark_safe("".join(parts))


def comment_main(context, comment) -> SafeString:
    """A comment without its replies: author, time, controls, body, reactions
    (``data-part``: what an ``update`` message replaces when it is edited)."""
    post = context.get("post")
    post_url = context.get("post_url") or post_path(comment.post_id)
    viewer = context.get("viewer")
    viewer_id = getattr(viewer, "pk", None) if viewer else None
    is_author = viewer_id is not None and viewer_id == comment.author_id
    admin = bool(viewer) and bool(getattr(viewer, "is_network_admin", False))
    show_delete = is_author or admin or bool(context.get("show_delete_comments"))
    author = comment.author
    edit_for, delete_for = controls_for(comment.author_id, getattr(post, "group_id", None))
    base = f"{post_url}comments/{comment.pk}/"
    parts = [
        f'<div class="comment-main" data-part="comment:{comment.pk}">'
        f"{avatar_html(author, 'avatar-sm')}"
        f'<div class="comment-content"><div class="comment-meta small">'
        f'<a class="comment-author" href="{escape(profile_path(author.handle))}">'
        f"{escape(author.display_name)}</a> "
        f'<a class="muted" href="{post_url}#comment-{comment.pk}">'
        f'<time datetime="{timezone.localtime(comment.created).isoformat()}">'
        f"{escape(naturaltime(comment.created))}</time></a>"
    ]
    if comment.edited:
        parts.append(f' · <span class="muted">{_w("edited")}</span>')
    parts.append(
        f'<span class="comment-controls">'
        f'<a href="{base}edit/"{"" if is_author else " hidden"} '
        f'data-show-for="{edit_for}">{_w("Edit")}</a> '
        f'<a href="{base}delete/"{"" if show_delete else " hidden"} '
        f'data-show-for="{delete_for}">{_w("Delete")}</a></span></div>'
        f'<div class="prose comment-body">{comment.body_html}</div>'
    )
    parts.append(reaction_bar(context, comment, post_url, comment.__dict__.get("my_reaction", "")))
    parts.append("</div></div>")
    return mark_safe("".join(parts))


def _controls(post, *, viewer=None, show_edit: bool = False, show_delete: bool = False) -> str:
    viewer_id = getattr(viewer, "pk", None) if viewer else None
    is_author = viewer_id is not None and viewer_id == post.author_id
    admin = bool(viewer) and bool(getattr(viewer, "is_network_admin", False))
    edit_for, delete_for = controls_for(post.author_id, post.group_id)
    url = post_path(post.pk)
    edit_hidden = "" if (show_edit or is_author) else " hidden"
    delete_hidden = "" if (show_delete or is_author or admin) else " hidden"
    return (
        f'<span class="post-controls push-right small">'
        f'<a href="{url}edit/"{edit_hidden} data-show-for="{edit_for}">'
        f"{_w('Edit')}</a> "
        f'<a href="{url}delete/"{delete_hidden} data-show-for="{delete_for}">'
        f"{_w('Delete')}</a></span>"
    )


@register.simple_tag(takes_context=True)
def post_content(context, post) -> SafeString:
    """A post's content: who, where, when, controls, title, body, images, tags,
    in a ``data-part`` an ``update`` message replaces when the post is edited
    (``data-variant``: ``page`` with an ``<h1>`` title, ``feed`` otherwise).

    Viewer-independent (controls hidden with ``data-show-for``) unless the
    context has a ``viewer`` who is the author or a network admin, or
    ``show_edit`` / ``show_delete``. Reads only ``post`` (author, group, wall
    owner loaded) and its prefetched ``images`` and ``tags``: no query."""
    url = post_path(post.pk)
    author = post.author
    variant = "page" if context.get("heading_level") == 1 else "feed"
    parts = [
        f'<div class="post-content" data-part="post:{post.pk}" data-variant="{variant}">'
        f'<header class="post-header">{avatar_html(author)}<div class="post-meta">'
        f'<a class="post-author" href="{profile_path(author.handle)}">'
        f"{escape(author.display_name)}</a>"
    ]
    if post.group_id:
        parts.append(
            f' <span class="muted">{_w("in")}</span> '
            f'<a href="{group_path(post.group.slug)}">{escape(post.group.name)}</a>'
        )
    elif post.wall_owner_id:
        owner = post.wall_owner
        parts.append(
            f' <span class="muted">{_w("on the wall of")}</span> '
            f'<a href="{profile_path(owner.handle)}">{escape(owner.display_name)}</a>'
        )
    when = timezone.localtime(post.created)
    parts.append(
        f' <span class="muted small"><a class="post-time" href="{url}">'
        f'<time datetime="{when.isoformat()}">{escape(naturaltime(post.created))}</time></a>'
    )
    if post.edited:
        parts.append(f" · {_w('edited')}")
    if post.audience == PUBLIC:
        parts.append(f" · {_w('public')}")
    parts.append("</span></div>")
    parts.append(
        _controls(
            post,
            viewer=context.get("viewer"),
            show_edit=bool(context.get("show_edit")),
            show_delete=bool(context.get("show_delete")),
        )
    )
    parts.append("</header>")
    if post.title:
        title = escape(post.title)
        if variant == "page":
            parts.append(f'<h1 class="post-title">{title}</h1>')
        else:
            parts.append(f'<h3 class="post-title"><a href="{url}">{title}</a></h3>')
    parts.append(f'<div class="prose post-body">{post.body_html}</div>')
    images = list(post.images.all())
    if images:
        parts.append(f'<ul class="list-plain post-images post-images-{len(images)}">')
        for image in images:
            src = f"{url}images/{image.pk}/"
            parts.append(
                f'<li><a href="{src}"><img src="{src}" alt="{escape(image.alt)}" '
                f'width="{image.width}" height="{image.height}" loading="lazy"></a></li>'
            )
        parts.append("</ul>")
    tags = list(post.tags.all())
    if tags:
        parts.append(f'<ul class="tag-list post-tags" aria-label="{_w("Tags")}">')
        for tag in tags:
            parts.append(
                f'<li><a class="badge badge-accent" href="{tag_path(tag.slug)}">'
                f"#{escape(tag.name)}</a></li>"
            )
        parts.append("</ul>")
    parts.append("</div>")
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def feed_post_item(context, activity, post, post_url: str) -> SafeString:
    """A ``posted`` activity's feed item (``activity/partials/posted.html``): the
    post, its reaction bar, its latest comments and the comment form, built in
    one call — the feed's hottest path. Context: ``feeds`` (the activity's feed
    keys; ``wall:<owner>`` and the post's tags are added here) and
    ``viewer``, as for any partial (community/activity/rendering.py)."""
    feeds = [context.get("feeds") or ""]
    if post.wall_owner_id:
        feeds.append(f"wall:{post.wall_owner_id}")
    feeds.extend(f"tag:{tag.slug}" for tag in post.tags.all())
    comments = getattr(post, "feed_comments", None) or ()
    with context.push(post=post, post_url=post_url, form_suffix=activity.pk, initial_body=""):
        content = post_content(context, post)
        bar = reaction_bar(context, post, post_url)
        listed = "".join(comment_item(context, comment) for comment in comments)
        form = comment_form(context, post)
    see_all = ""
    if post.comment_count > len(comments):
        see_all = f'<p class="small"><a href="{post_url}#comments">{_w("See all comments")}</a></p>'
    label = gettext("Post by %(name)s") % {"name": post.author.display_name}
    return mark_safe(
        f'<li class="activity activity-item post-item" id="activity-{activity.pk}" '
        f'data-activity-id="{activity.pk}" data-feeds="{escape(" ".join(feeds))}" '
        f'data-actor-id="{activity.actor_id}" data-object="post:{post.pk}">'
        f'<article class="post" aria-label="{escape(label)}">{content}'
        f'<footer class="post-footer">{bar}<a class="small" href="{post_url}#comments">'
        f'<span data-comment-count="post:{post.pk}" data-count="{post.comment_count}">'
        f"{post.comment_count}</span> {_w('comments')}</a></footer>"
        f'<ol class="list-plain comments" data-comments="post:{post.pk}">{listed}</ol>'
        f"{see_all}{form}</article></li>"
    )


@register.simple_tag(takes_context=True)
def comment_form(context, post, parent=None) -> SafeString:
    """Comment (or reply to ``parent``) on ``post``. With a CSRF token in the
    context (a page rendered for the viewer) it posts; in a feed item or a push
    it posts through htmx and, without JavaScript, opens the post's page with
    the text in its form. Context: ``form_suffix`` (unique ids), ``initial_body``."""
    url = post_path(post.pk)
    token = context.get("csrf_token")
    if token:
        attrs = f'method="post" action="{url}comments/"'
        hidden = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
    else:
        attrs = f'method="get" action="{url}#comment-form"'
        hidden = ""
    if parent is not None:
        hidden += f'<input type="hidden" name="parent" value="{parent.pk}">'
        target, rows = "previous [data-replies]", 1
        label, placeholder = gettext("Your reply"), gettext("Write a reply…")
        button = gettext("Reply")
    else:
        target, rows = "previous [data-comments]", 2
        label, placeholder = gettext("Your comment"), gettext("Write a comment…")
        button = gettext("Comment")
    field_id = f"comment-body-{post.pk}-{parent.pk if parent is not None else 'top'}"
    field_id += escape(str(context.get("form_suffix") or ""))
    initial = escape(context.get("initial_body") or "")
    return mark_safe(
        f'<form class="comment-form" {attrs} hx-post="{url}comments/" hx-target="{target}" '
        f'hx-swap="beforeend" data-comment-form>{hidden}'
        f'<label class="visually-hidden" for="{field_id}">{escape(label)}</label>'
        f'<textarea id="{field_id}" name="body" rows="{rows}" maxlength="5000" data-mentions '
        f'placeholder="{escape(placeholder)}">{initial}</textarea>'
        f'<p class="form-error small" data-form-error role="alert" hidden></p>'
        f'<button type="submit" class="button-small">{escape(button)}</button></form>'
    )

"""The posts app's markup built in Python: the feed's hot path.

A feed page shows 20 posts, each with a reaction bar and up to three comments
with theirs: rendered by Django's template engine, the bars alone cost more
than the rest of the page. They are built here, with the same markup on every
page (feed items, pushes, permalinks, htmx answers), and so are the mention
and hashtag links of ``community.posts.text``.

Every value goes through ``format_html`` / ``format_html_join``, which escape
it; the stored ``body_html`` (sanitised at write time) is the one value passed
as safe, through ``community.core.markdown.sanitised_html``. The template tags
of ``{% load posts %}`` call these builders. A builder's ``context`` is a
template ``Context`` or a plain dict (``post``, ``post_url``, ``viewer``,
``csrf_token``…: see each builder).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from community.core.audiences import PUBLIC
from community.core.markdown import sanitised_html
from community.core.numbers import shown_number
from community.core.timestamps import html_datetime
from community.members.html import avatar_html
from community.posts.models import REACTION_EMOJI, Comment, ReactionKind
from community.posts.paths import group_path, post_path, profile_path, tag_path
from community.posts.permissions import controls_for

# The words of the markup below. Marked here for makemessages; ``_w``
# translates and escapes one (once per language) and refuses a word not listed.
_WORDS = frozenset(
    (
        gettext_noop("Delete"),
        gettext_noop("Edit"),
        gettext_noop("Reply"),
        gettext_noop("See all comments"),
        gettext_noop("Tags"),
        gettext_noop("edited"),
        gettext_noop("in"),
        gettext_noop("on the wall of"),
        gettext_noop("public"),
    )
)

# The words after a count, in the count's plural form (``_w_count``).
_COUNTED: dict[str, Callable[[int], str]] = {
    "comments": lambda n: ngettext("comment", "comments", n),
    "reactions": lambda n: ngettext("reaction · who reacted", "reactions · who reacted", n),
}


@lru_cache(maxsize=128)
def _w_in(word: str, language: str) -> SafeString:
    if word not in _WORDS:
        raise KeyError(f"{word!r}: add it to _WORDS")
    return format_html("{}", gettext(word))


def _w(word: str) -> SafeString:
    """``word`` (one of ``_WORDS``) in the active language, escaped."""
    return _w_in(word, get_language() or "")


@lru_cache(maxsize=256)
def _w_count_in(noun: str, count: int, language: str) -> SafeString:
    return format_html("{}", _COUNTED[noun](count))


def _w_count(noun: str, count: int) -> SafeString:
    """The word after ``count`` (a key of ``_COUNTED``) in the active
    language and the count's plural form, escaped."""
    return _w_count_in(noun, count, get_language() or "")


@lru_cache(maxsize=1024)
def _shown_in(count: int, language: str) -> SafeString:
    return _safe(shown_number(count))


def _shown(count: int) -> SafeString:
    """A count as readers see it: grouped by the active locale ("20 000"),
    escaped once. Never for an attribute (``data-count`` takes ``_number``)."""
    return _shown_in(count, get_language() or "")


def _safe(value) -> SafeString:
    """``value`` escaped once: for the constants below, so that the hot path's
    ``format_html`` calls take them as they are instead of escaping them again
    on every call (``conditional_escape`` is most of a feed item's cost)."""
    return format_html("{}", value)


_NOTHING = _safe("")
_HIDDEN = _safe(" hidden")
_IS_MINE = _safe(" is-mine")
_REPLY = _safe(" comment-reply")
_TRUE, _FALSE = _safe("true"), _safe("false")


@lru_cache(maxsize=1024)
def _number(value: int) -> SafeString:
    """A count or a primary key, escaped once (see ``_safe``)."""
    return _safe(value)


def concat(parts: Iterable[SafeString | str]) -> SafeString:
    """``parts`` one after the other (each escaped unless already safe)."""
    return format_html_join("", "{}", ((part,) for part in parts))


# --- Mention and hashtag links (community.posts.text, at write time) ---------------


def hashtag_link(slug: str, name: str, trailing: str = "") -> SafeString:
    return format_html('<a class="hashtag" href="{}">#{}</a>{}', tag_path(slug), name, trailing)


def mention_link(member, trailing: str = "") -> SafeString:
    return format_html(
        '<a class="mention" href="{}" data-mention="{}">@{}</a>{}',
        profile_path(member.handle),
        member.pk,
        member.handle,
        trailing,
    )


# --- Reactions -----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _kinds_in(language: str) -> tuple[tuple[SafeString, SafeString, SafeString], ...]:
    """``(kind, emoji, label)`` in ``language``, escaped."""
    return tuple(
        (_safe(kind), _safe(REACTION_EMOJI[kind]), _safe(str(label)))
        for kind, label in ReactionKind.choices
    )


@lru_cache(maxsize=8)
def _buttons_in(language: str) -> tuple[tuple[SafeString, SafeString, SafeString], ...]:
    """Per reaction kind: ``(kind, head, head when it is the viewer's)``, the
    button's start up to its count (the same on every bar: built once)."""
    return tuple(
        (
            kind,
            *(
                format_html(
                    '<button type="submit" name="kind" value="{}" class="reaction{}" '
                    'aria-pressed="{}" title="{}"><span aria-hidden="true">{}</span>'
                    '<span class="visually-hidden">{}</span> ',
                    kind,
                    _IS_MINE if is_mine else _NOTHING,
                    _TRUE if is_mine else _FALSE,
                    label,
                    emoji,
                    label,
                )
                for is_mine in (False, True)
            ),
        )
        for kind, emoji, label in _kinds_in(language)
    )


def _buttons() -> tuple[tuple[SafeString, SafeString, SafeString], ...]:
    return _buttons_in(get_language() or "")


def reaction_bar(context, target, post_url: str = "", mine: str = "") -> SafeString:
    """Reaction buttons of a post or comment with live counts (``data-reaction-count``).

    With a CSRF token in the context (a page rendered for the viewer) the form
    posts; in a feed item or a push it posts through htmx and, without
    JavaScript, opens the post's page to confirm the reaction there.
    """
    is_comment = isinstance(target, Comment)
    post_url = post_url or post_path(target.post_id if is_comment else target.pk)
    key = _safe(f"{'comment' if is_comment else 'post'}:{target.pk}")
    base = f"{post_url}comments/{target.pk}/" if is_comment else post_url
    react_url = f"{base}react/"
    token = context.get("csrf_token")
    if token:
        method, action = "post", react_url
        hidden = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
    else:
        method, action = "get", post_url
        hidden = (
            format_html('<input type="hidden" name="comment" value="{}">', target.pk)
            if is_comment
            else _NOTHING
        )
    counts = target.reaction_counts or {}
    rows = []
    total = 0
    for kind, head, mine_head in _buttons():
        count = int(counts.get(kind, 0) or 0)
        total += count
        rows.append((mine_head if kind == mine else head, key, kind, _number(count), _shown(count)))
    buttons = format_html_join(
        "",
        '{}<span class="reaction-count" data-reaction-count="{}:{}" data-count="{}">{}</span>'
        "</button>",
        rows,
    )
    return format_html(
        '<form class="reaction-bar cluster" data-reactions="{}" method="{}" action="{}" '
        'hx-post="{}" hx-target="this" hx-swap="outerHTML">{}{}'
        '<a class="small reaction-total" href="{}reactions/">'
        '<span data-reaction-total="{}" data-count="{}">{}</span> {}</a></form>',
        key,
        method,
        action,
        react_url,
        hidden,
        buttons,
        base,
        key,
        _number(total),
        _shown(total),
        _w_count("reactions", total),
    )


# --- Comments ------------------------------------------------------------------------


def comment_item(context, comment) -> SafeString:
    """One comment (``comment.author`` loaded) as an ``<li>``: the same markup in
    feeds, pushes (``comment`` messages), htmx answers and the permalink.

    Reads from the context: ``post`` (its ``group_id``), ``post_url``,
    ``viewer`` (reveals the author's and a network admin's controls
    server-side), ``show_delete_comments`` (a group admin on the permalink),
    ``show_reply_form`` and ``csrf_token``. Controls are otherwise hidden with
    ``data-show-for`` (realtime/README.md). A top-level comment holds its
    replies' list (``data-replies``; ``comment.shown_replies`` when loaded)."""
    main = comment_main(context, comment)
    pk = _safe(comment.pk)
    replies = reply_box = _NOTHING
    if not comment.parent_id:
        post = context.get("post")
        replies = format_html(
            '<ol class="list-plain comment-replies" data-replies="comment:{}">{}</ol>',
            pk,
            concat(
                comment_item(context, reply) for reply in comment.__dict__.get("shown_replies", ())
            ),
        )
        if context.get("show_reply_form"):
            with context.push(form_suffix="", initial_body=""):
                form = comment_form(context, post or comment.post, comment)
            reply_box = format_html(
                '<details class="reply-box"><summary class="small">{}</summary>{}</details>',
                _w("Reply"),
                form,
            )
    return format_html(
        '<li class="comment{}" id="comment-{}" data-object="comment:{}">{}{}{}</li>',
        _REPLY if comment.parent_id else _NOTHING,
        pk,
        pk,
        main,
        replies,
        reply_box,
    )


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
    base = _safe(f"{post_url}comments/{comment.pk}/")
    pk = _safe(comment.pk)
    edited = (
        format_html(' · <span class="muted">{}</span>', _w("edited"))
        if comment.edited
        else _NOTHING
    )
    return format_html(
        '<div class="comment-main" data-part="comment:{}">{}'
        '<div class="comment-content"><div class="comment-meta small">'
        '<a class="comment-author" href="{}">{}</a> '
        '<a class="muted" href="{}#comment-{}"><time datetime="{}">{}</time></a>{}'
        '<span class="comment-controls">'
        '<a href="{}edit/"{} data-show-for="{}">{}</a> '
        '<a href="{}delete/"{} data-show-for="{}">{}</a></span></div>'
        '<div class="prose comment-body">{}</div>{}</div></div>',
        pk,
        avatar_html(author, "avatar-sm"),
        profile_path(author.handle),
        author.display_name,
        post_url,
        pk,
        html_datetime(comment.created),
        naturaltime(comment.created),
        edited,
        base,
        _NOTHING if is_author else _HIDDEN,
        edit_for,
        _w("Edit"),
        base,
        _NOTHING if show_delete else _HIDDEN,
        delete_for,
        _w("Delete"),
        sanitised_html(comment.body_html),
        reaction_bar(context, comment, post_url, comment.__dict__.get("my_reaction", "")),
    )


def comment_form(context, post, parent=None) -> SafeString:
    """Comment (or reply to ``parent``) on ``post``. With a CSRF token in the
    context (a page rendered for the viewer) it posts; in a feed item or a push
    it posts through htmx and, without JavaScript, opens the post's page with
    the text in its form. Context: ``form_suffix`` (unique ids), ``initial_body``."""
    url = post_path(post.pk)
    token = context.get("csrf_token")
    if token:
        method, action = "post", f"{url}comments/"
        hidden = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
    else:
        method, action = "get", f"{url}#comment-form"
        hidden = _NOTHING
    if parent is not None:
        parent_field = format_html('<input type="hidden" name="parent" value="{}">', parent.pk)
        target, rows = "previous [data-replies]", 1
        label, placeholder = gettext("Your reply"), gettext("Write a reply…")
        button = gettext("Reply")
    else:
        parent_field = _NOTHING
        target, rows = "previous [data-comments]", 2
        label, placeholder = gettext("Your comment"), gettext("Write a comment…")
        button = gettext("Comment")
    parent_part = parent.pk if parent is not None else "top"
    field_id = f"comment-body-{post.pk}-{parent_part}{context.get('form_suffix') or ''}"
    return format_html(
        '<form class="comment-form" method="{}" action="{}" hx-post="{}comments/" '
        'hx-target="{}" hx-swap="beforeend" data-comment-form>{}{}'
        '<label class="visually-hidden" for="{}">{}</label>'
        '<textarea id="{}" name="body" rows="{}" maxlength="5000" data-mentions '
        'placeholder="{}">{}</textarea>'
        '<p class="form-error small" data-form-error role="alert" hidden></p>'
        '<button type="submit" class="button-small">{}</button></form>',
        method,
        action,
        url,
        target,
        hidden,
        parent_field,
        field_id,
        label,
        field_id,
        rows,
        placeholder,
        context.get("initial_body") or "",
        button,
    )


# --- Posts ---------------------------------------------------------------------------


def _controls(post, *, viewer=None, show_edit: bool = False, show_delete: bool = False):
    viewer_id = getattr(viewer, "pk", None) if viewer else None
    is_author = viewer_id is not None and viewer_id == post.author_id
    admin = bool(viewer) and bool(getattr(viewer, "is_network_admin", False))
    edit_for, delete_for = controls_for(post.author_id, post.group_id)
    url = post_path(post.pk)
    return format_html(
        '<span class="post-controls push-right small">'
        '<a href="{}edit/"{} data-show-for="{}">{}</a> '
        '<a href="{}delete/"{} data-show-for="{}">{}</a></span>',
        url,
        _NOTHING if (show_edit or is_author) else _HIDDEN,
        edit_for,
        _w("Edit"),
        url,
        _NOTHING if (show_delete or is_author or admin) else _HIDDEN,
        delete_for,
        _w("Delete"),
    )


def post_body(post) -> SafeString:
    """The post's rendered text (``body_html``, with its mention and hashtag
    links), as every page shows it; the RSS and Atom feeds show the same."""
    return sanitised_html(post.body_html)


def _image_link_label(image, number: int, count: int) -> SafeString:
    """The name of the link to an image without a description (its ``alt``
    names it otherwise): which image it opens."""
    if image.alt:
        return _NOTHING
    label = gettext("Image %(number)s of %(count)s, full size") % {
        "number": number,
        "count": count,
    }
    return format_html(' aria-label="{}"', label)


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
    where: SafeString = _NOTHING
    if post.group_id:
        where = format_html(
            ' <span class="muted">{}</span> <a href="{}">{}</a>',
            _w("in"),
            group_path(post.group.slug),
            post.group.name,
        )
    elif post.wall_owner_id:
        owner = post.wall_owner
        where = format_html(
            ' <span class="muted">{}</span> <a href="{}">{}</a>',
            _w("on the wall of"),
            profile_path(owner.handle),
            owner.display_name,
        )
    title: SafeString = _NOTHING
    if post.title:
        if variant == "page":
            title = format_html('<h1 class="post-title">{}</h1>', post.title)
        else:
            title = format_html('<h3 class="post-title"><a href="{}">{}</a></h3>', url, post.title)
    images = list(post.images.all())
    images_html: SafeString = _NOTHING
    if images:
        images_html = format_html(
            '<ul class="list-plain post-images post-images-{}">{}</ul>',
            len(images),
            format_html_join(
                "",
                '<li><a href="{}"{}><img src="{}" alt="{}" width="{}" height="{}" '
                'loading="lazy"></a></li>',
                (
                    (
                        f"{src}view/",
                        _image_link_label(image, number, len(images)),
                        src,
                        image.alt,
                        image.width,
                        image.height,
                    )
                    for number, image in enumerate(images, start=1)
                    for src in (f"{url}images/{image.pk}/",)
                ),
            ),
        )
    tags = list(post.tags.all())
    tags_html: SafeString = _NOTHING
    if tags:
        tags_html = format_html(
            '<ul class="tag-list post-tags" aria-label="{}">{}</ul>',
            _w("Tags"),
            format_html_join(
                "",
                '<li><a class="badge badge-accent" href="{}">#{}</a></li>',
                ((tag_path(tag.slug), tag.name) for tag in tags),
            ),
        )
    return format_html(
        '<div class="post-content" data-part="post:{}" data-variant="{}">'
        '<header class="post-header">{}<div class="post-meta">'
        '<a class="post-author" href="{}">{}</a>{}'
        ' <span class="muted small"><a class="post-time" href="{}">'
        '<time datetime="{}">{}</time></a>{}{}</span></div>{}</header>'
        '{}<div class="prose post-body">{}</div>{}{}</div>',
        post.pk,
        variant,
        avatar_html(author),
        profile_path(author.handle),
        author.display_name,
        where,
        url,
        html_datetime(post.created),
        naturaltime(post.created),
        format_html(" · {}", _w("edited")) if post.edited else _NOTHING,
        format_html(" · {}", _w("public")) if post.audience == PUBLIC else _NOTHING,
        _controls(
            post,
            viewer=context.get("viewer"),
            show_edit=bool(context.get("show_edit")),
            show_delete=bool(context.get("show_delete")),
        ),
        title,
        post_body(post),
        images_html,
        tags_html,
    )


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
        listed = concat(comment_item(context, comment) for comment in comments)
        form = comment_form(context, post)
    see_all = _NOTHING
    if post.comment_count > len(comments):
        see_all = format_html(
            '<p class="small"><a href="{}#comments">{}</a></p>', post_url, _w("See all comments")
        )
    label = gettext("Post by %(name)s") % {"name": post.author.display_name}
    pk, activity_pk = _safe(post.pk), _safe(activity.pk)
    return format_html(
        '<li class="activity activity-item post-item" id="activity-{}" '
        'data-activity-id="{}" data-feeds="{}" data-actor-id="{}" data-object="post:{}">'
        '<article class="post" aria-label="{}">{}'
        '<footer class="post-footer">{}<a class="small" href="{}#comments">'
        '<span data-comment-count="post:{}" data-count="{}">{}</span> {}</a></footer>'
        '<ol class="list-plain comments" data-comments="post:{}">{}</ol>'
        "{}{}</article></li>",
        activity_pk,
        activity_pk,
        " ".join(feeds),
        activity.actor_id,
        pk,
        label,
        content,
        bar,
        post_url,
        pk,
        _number(post.comment_count),
        _shown(post.comment_count),
        _w_count("comments", post.comment_count),
        pk,
        listed,
        see_all,
        form,
    )

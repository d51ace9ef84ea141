"""Feeds: every read of the activity stream that depends on who is looking.

Every feed is ``Activity`` filtered by the one visibility rule
(``community.activity.visibility``) and by the feed's scope, newest first,
keyset-paginated by id (``?before=<id>``, ``FEED_PAGE_SIZE`` per page): a new
activity gets a larger id, so loading the next page while members post never
shows an item twice nor skips one.

Verbs that feeds do not show (``activity.models.FEED_HIDDEN_VERBS``: a comment appears under its
post, a reaction is only counted) are left out in SQL, so a page holds
``FEED_PAGE_SIZE`` visible items.

A page costs a fixed number of queries: the activities (with actor and
group), one query per kind of target (posts share their activity's actor
and group), and for
posts ``attach_feed_data`` (images, tags, latest comments).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL

from community.activity.models import FEED_VERBS_Q, Activity
from community.activity.visibility import (
    audiences_for,
    is_active_member,
    visible_in_group_q,
    visible_q,
)
from community.groups import permissions
from community.groups.models import Group
from community.members.models import Follow, User
from community.posts.feed_data import attach_feed_data, feed_posts
from community.posts.models import Post, Tag

FEED_PAGE_SIZE = 20
POSTED = "posted"


HOME_TABS = ("all", "groups", "following")
GROUP_AUDIENCE_PREFIX = "group:"

# From this many values on (and up to the max), a keyset page over ``field IN
# (…)`` is read one value's index range at a time on PostgreSQL (see ``_newest``).
PER_VALUE_MIN_VALUES = 2
PER_VALUE_MAX_VALUES = 1000


@dataclass
class FeedPage:
    """One page of a feed: its items (newest first) and where the next page starts."""

    activities: list = field(default_factory=list)
    has_more: bool = False
    keys: str = "home"  # the DOM contract's data-feed keys (realtime/README.md)

    @property
    def newest_id(self) -> int:
        return self.activities[0].pk if self.activities else 0

    @property
    def next_before(self) -> int | None:
        return self.activities[-1].pk if self.has_more and self.activities else None

    def __bool__(self) -> bool:
        return bool(self.activities)

    def __iter__(self):
        return iter(self.activities)

    def __len__(self) -> int:
        return len(self.activities)


def parse_before(value: str | int | None) -> int | None:
    """``?before=`` as a positive id, or None (a bad value shows the first page)."""
    try:
        before = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return before if before > 0 else None


# --- the building blocks -----------------------------------------------------------


def feed_activities() -> QuerySet[Activity]:
    """Activities that feeds show (every verb but ``FEED_HIDDEN_VERBS``)."""
    return Activity.objects.filter(FEED_VERBS_Q)  # the feed indexes' condition


def _group_ids(audiences: Iterable[str]) -> list[int]:
    return sorted(
        int(audience[len(GROUP_AUDIENCE_PREFIX) :])
        for audience in audiences
        if audience.startswith(GROUP_AUDIENCE_PREFIX)
    )


def _newest(
    queryset: QuerySet[Activity],
    *,
    before: int | None,
    limit: int,
    split: tuple[str, list] | None = None,
) -> list[Activity]:
    """The ``limit`` newest rows of ``queryset`` below ``before``, newest first,
    with actor and group: one query.

    ``split=(field, values)`` restricts the queryset to ``field IN values``
    (the viewer's audiences, groups, or the members they follow). A plain
    ``IN`` list with ``ORDER BY id DESC LIMIT n`` either walks the primary key
    backwards until n rows match — long when the values are rare (a member's
    20 groups among 2,000, 50 followed members among 50,000) — or sorts every
    matching row. On PostgreSQL the ids are read instead one value at a time
    (``_per_value_ids``): n rows from each value's ``(field, -id)`` index
    range, so the cost depends on the number of values and the page size,
    never on the size of the table (``bench/feed.py``: the *My groups* tab
    1.3 ms instead of 7 ms, *Following* 2.5 ms instead of 32 ms over a million
    activities; *All*, whose ``public`` and ``members`` audiences are dense, about
    the same either way). Elsewhere (SQLite), and past
    ``PER_VALUE_MAX_VALUES`` values, the ``IN`` list serves.
    """
    if before is not None:
        queryset = queryset.filter(id__lt=before)
    if split is not None:
        name, values = split
        per_value = PER_VALUE_MIN_VALUES <= len(values) <= PER_VALUE_MAX_VALUES
        if per_value and connection.vendor == "postgresql":
            ids = _per_value_ids(queryset, name, values, limit)
            queryset = Activity.objects.filter(pk__in=ids)
        else:
            queryset = queryset.filter(**{f"{name}__in": values})
    return list(queryset.select_related("actor", "group").order_by("-id")[:limit])


def _per_value_ids(queryset: QuerySet[Activity], name: str, values: list, limit: int) -> RawSQL:
    """``SELECT id … FROM unnest(values) CROSS JOIN LATERAL (the queryset for
    one value, ORDER BY id DESC LIMIT n) ORDER BY id DESC LIMIT n`` (PostgreSQL).

    The per-value query is the ORM's own SQL for ``queryset``, compiled once
    with the value left to the lateral join; only the wrapper is written here.
    """
    one_value = queryset.filter(**{name: RawSQL('"feed_values"."value"', ())})
    sql, params = (
        one_value.order_by("-id").values_list("id", flat=True)[:limit].query.sql_with_params()
    )
    array_type = "text[]" if isinstance(values[0], str) else "bigint[]"
    # Only the wrapper is SQL text: identifiers are constants, values are parameters.
    return RawSQL(  # noqa: S611
        f'SELECT "feed_page"."id" FROM unnest(%s::{array_type}) AS "feed_values"("value") '  # noqa: S608
        f'CROSS JOIN LATERAL ({sql}) AS "feed_page" ORDER BY "feed_page"."id" DESC LIMIT %s',
        (list(values), *params, limit),
    )


def _page(
    queryset: QuerySet[Activity],
    *,
    before: int | None,
    size: int,
    keys: str,
    split: tuple[str, list] | None = None,
) -> FeedPage:
    activities = _newest(queryset, before=before, limit=size + 1, split=split)
    has_more = len(activities) > size
    activities = activities[:size]
    load_targets(activities)
    return FeedPage(activities, has_more, keys)


def load_targets(activities: list[Activity]) -> None:
    """Load every activity's target in one query per kind of target; posts
    come with what a feed item shows (``attach_feed_data``).

    A post's author and group are its ``posted`` activity's actor and group,
    which the page query already joined: they are shared, not joined again
    (the post query was the page's slowest after the page itself)."""
    if not activities:
        return
    wanted: dict[int, set[int]] = defaultdict(set)
    for activity in activities:
        wanted[activity.target_type_id].add(activity.target_id)
    loaded: dict[int, dict] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # the target's model is gone: the generic item
            continue
        if model is Post:
            queryset = Post.objects.select_related("wall_owner")
        else:
            queryset = model._default_manager.all()
        loaded[type_id] = queryset.in_bulk(ids)
    target = Activity._meta.get_field("target")
    for activity in activities:
        found = loaded.get(activity.target_type_id, {}).get(activity.target_id)
        target.set_cached_value(activity, found)
    posts = list(loaded.get(ContentType.objects.get_for_model(Post).pk, {}).values())
    _share_author_and_group(posts, activities)
    attach_feed_data(posts)


def _share_author_and_group(posts: list[Post], activities: list[Activity]) -> None:
    """Set each post's author and group from the activities' actors and groups;
    any other (a post whose activity is not on the page) in one query each."""
    users = {activity.actor_id: activity.actor for activity in activities}
    groups = {activity.group_id: activity.group for activity in activities if activity.group_id}
    missing = {post.author_id for post in posts} - users.keys()
    if missing:
        users.update(User.objects.in_bulk(missing))
    missing = {post.group_id for post in posts if post.group_id} - groups.keys()
    if missing:
        groups.update(Group.objects.in_bulk(missing))
    for post in posts:
        if post.author_id in users:
            Post.author.field.set_cached_value(post, users[post.author_id])
        Post.group.field.set_cached_value(post, groups.get(post.group_id))


def empty_page(keys: str) -> FeedPage:
    return FeedPage([], False, keys)


# --- the feeds ---------------------------------------------------------------------


def home_feed(
    *, viewer, tab: str = "all", before: int | None = None, size: int = FEED_PAGE_SIZE
) -> FeedPage:
    """The viewer's home: everything they may see (``all``), what happened in
    their groups (``groups``) or what the members they follow did (``following``)."""
    if not is_active_member(viewer):
        return empty_page("home")
    audiences = audiences_for(viewer)
    visible = feed_activities().filter(visible_q(viewer, audiences=audiences))
    if tab == "groups":
        group_ids = _group_ids(audiences)
        keys = " ".join(f"group:{pk}" for pk in group_ids)
        if not group_ids:
            return empty_page(keys)
        return _page(visible, before=before, size=size, keys=keys, split=("group_id", group_ids))
    if tab == "following":
        followed = followed_ids(viewer)
        keys = " ".join(f"profile:{pk}" for pk in followed)
        if not followed:
            return empty_page(keys)
        return _page(visible, before=before, size=size, keys=keys, split=("actor_id", followed))
    return _page(
        visible, before=before, size=size, keys="home", split=("audience", sorted(audiences))
    )


def followed_ids(viewer) -> list[int]:
    """The active members ``viewer`` follows."""
    return sorted(
        Follow.objects.filter(follower=viewer, followed__is_active=True).values_list(
            "followed_id", flat=True
        )
    )


def group_feed(
    *, viewer, group, access=None, before: int | None = None, size: int = FEED_PAGE_SIZE
) -> FeedPage:
    """What happened in ``group`` as ``viewer`` may see it on the group's pages."""
    keys = f"group:{group.pk}"
    access = access if access is not None else permissions.access_for(viewer, group)
    if not access.can_see_content:
        return empty_page(keys)
    visible = feed_activities().filter(group=group).filter(visible_in_group_q(viewer, group))
    return _page(visible, before=before, size=size, keys=keys)


def profile_feed(
    *, viewer, member, before: int | None = None, size: int = FEED_PAGE_SIZE
) -> FeedPage:
    """What ``member`` did, and what others posted on their wall, as ``viewer`` may see it."""
    post_type = ContentType.objects.get_for_model(Post)
    on_wall = Post.objects.filter(wall_owner=member).values("id")
    scope = Q(actor=member) | Q(verb=POSTED, target_type=post_type, target_id__in=on_wall)
    visible = feed_activities().filter(scope).filter(visible_q(viewer))
    # ``wall:<id>``: posts by others on the wall, which the *Following* tab
    # (``profile:<id>`` keys: what followed members did) must not take live.
    keys = f"profile:{member.pk} wall:{member.pk}"
    return _page(visible, before=before, size=size, keys=keys)


def tag_feed(
    *, viewer, tag: Tag, before: int | None = None, size: int = FEED_PAGE_SIZE
) -> FeedPage:
    """The posts tagged ``tag`` that ``viewer`` may see."""
    post_type = ContentType.objects.get_for_model(Post)
    tagged = Post.tags.through.objects.filter(tag=tag).values("post_id")
    visible = Activity.objects.filter(
        verb=POSTED, target_type=post_type, target_id__in=tagged
    ).filter(visible_q(viewer))
    return _page(visible, before=before, size=size, keys=f"tag:{tag.slug}")


# --- articles ----------------------------------------------------------------------


@dataclass
class ArticlePage:
    posts: list = field(default_factory=list)
    has_more: bool = False

    @property
    def next_before(self) -> int | None:
        return self.posts[-1].pk if self.has_more and self.posts else None

    def __bool__(self) -> bool:
        return bool(self.posts)

    def __iter__(self):
        return iter(self.posts)


def _article_page(queryset: QuerySet[Post], *, before: int | None, size: int) -> ArticlePage:
    if before is not None:
        queryset = queryset.filter(id__lt=before)
    posts = list(queryset.order_by("-id")[: size + 1])
    has_more = len(posts) > size
    posts = posts[:size]
    prefetch_related_objects(posts, "tags")  # an article's card shows its tags, not comments
    return ArticlePage(posts, has_more)


def articles() -> QuerySet[Post]:
    """Posts with a title (articles), with what their card shows."""
    return feed_posts().exclude(title="")


def community_articles(
    *, viewer, before: int | None = None, size: int = FEED_PAGE_SIZE
) -> ArticlePage:
    """Articles on the community wall that ``viewer`` may see."""
    queryset = articles().filter(group__isnull=True, wall_owner__isnull=True)
    return _article_page(queryset.filter(visible_q(viewer)), before=before, size=size)


def group_articles(
    *, viewer, group, access=None, before: int | None = None, size: int = FEED_PAGE_SIZE
) -> ArticlePage:
    """Articles of ``group`` that ``viewer`` may see on the group's pages."""
    access = access if access is not None else permissions.access_for(viewer, group)
    if not access.can_see_content:
        return ArticlePage()
    queryset = articles().filter(group=group).filter(visible_in_group_q(viewer, group))
    return _article_page(queryset, before=before, size=size)


def latest_articles(*, viewer, size: int) -> list[Post]:
    """The newest articles ``viewer`` may read, wherever they were written
    (the landing page shows a visitor the public ones)."""
    return _article_page(articles().filter(visible_q(viewer)), before=None, size=size).posts


# --- syndication (RSS / Atom) ------------------------------------------------------


def public_articles(*, limit: int = FEED_PAGE_SIZE) -> list[Post]:
    """Community articles anyone may read (the network is public, the post too).

    Read through the visibility module as a visitor sees it: on a private
    network a visitor has no audience, so nothing is returned."""
    queryset = (
        articles()
        .filter(group__isnull=True, wall_owner__isnull=True)
        .filter(visible_q(AnonymousUser()))
    )
    return list(queryset.order_by("-id")[:limit])


def public_group_posts(*, group, limit: int = FEED_PAGE_SIZE) -> list[Post]:
    """Posts of ``group`` anyone may read: an open group's on a public network
    (the audience rule leaves nothing of a closed or secret group, nor on a
    private network)."""
    queryset = feed_posts().filter(group=group).filter(visible_q(AnonymousUser()))
    return list(queryset.order_by("-id")[:limit])

"""What a post needs to render in a feed, loaded for a whole page at once.

A feed page shows up to 20 posts, each with its images, tags, author and its
latest comments. Loading those per post would cost a query per post (and per
comment author); ``attach_feed_data`` loads them for the whole list in a fixed
number of queries, whatever the number of posts, comments and reactions:

* ``images`` and ``tags``: one query each (``prefetch_related``);
* ``feed_comments``: the latest ``FEED_COMMENTS`` top-level comments of each
  post, oldest first, with their author — one query, numbered per post by a
  window function (``ROW_NUMBER() OVER (PARTITION BY post_id ORDER BY id
  DESC)``) so the database returns at most ``FEED_COMMENTS`` rows per post.
  Replies are read on the permalink (the post's ``comment_count`` says how
  many there are in all).

Reaction counts are stored on the post (``reaction_counts``): nothing to load.
The post's ``author`` (and ``group``, ``wall_owner``) are expected to come
with the post: ``select_related`` (``feed_posts``) for articles and tag pages,
or shared from the activities' actors and groups
(``activity.selectors.load_targets``).
"""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import RowNumber

from community.posts.models import FEED_COMMENTS, Comment, Post

FEED_POST_RELATED = ("author", "group", "wall_owner")


def feed_posts() -> QuerySet[Post]:
    """Posts with the relations a feed item reads (one join, no extra query)."""
    return Post.objects.select_related(*FEED_POST_RELATED)


def latest_comments() -> QuerySet[Comment]:
    """The latest ``FEED_COMMENTS`` top-level comments of each post, oldest first."""
    return (
        Comment.objects.filter(parent__isnull=True)
        .annotate(
            feed_rank=Window(RowNumber(), partition_by=[F("post_id")], order_by=F("id").desc())
        )
        .filter(feed_rank__lte=FEED_COMMENTS)
        .select_related("author")
        .order_by("id")
    )


def attach_feed_data(posts: list[Post]) -> None:
    """Set ``feed_comments`` on each post and prefetch its ``images`` and ``tags``
    (three queries for the whole list; none for an empty list)."""
    if not posts:
        return
    prefetch_related_objects(
        posts,
        "images",
        "tags",
        Prefetch("comments", queryset=latest_comments(), to_attr="feed_comments"),
    )

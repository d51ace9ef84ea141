"""RSS 2.0 and Atom feeds of public content (``django.contrib.syndication``).

Two feeds, each in both formats, and only on a public network (a private
network answers 404, whoever asks):

* the community's articles — posts with a title on the community wall whose
  audience is ``public``;
* an open group's posts — ``public`` by the group's privacy (a closed or secret
  group, or one made so after posting, answers 404 / lists nothing).

Items are read through ``selectors.public_articles`` / ``public_group_posts``,
which filter with the visibility module *as a visitor*: members-only,
group-only and profile-wall content never appears.

An item's description is the post's body as its pages show it
(``community.posts.html.post_body``: Markdown with the mention and hashtag
links), with every link made absolute: a feed reader has no base URL.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from community.core.markdown import absolute_links
from community.core.network import get_network
from community.feeds import selectors
from community.groups.models import Group
from community.groups.permissions import can_see_content
from community.posts.html import post_body
from community.posts.models import Post


class PublicPostsFeed(Feed):
    """What both feeds share: public network only, one item per post."""

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        network = getattr(request, "network", None) or get_network()
        if not network.is_public:
            raise Http404
        self.network = network
        # Relative links of the bodies resolve against this (as the items'
        # own links do, through the request).
        self.site_url = request.build_absolute_uri("/")
        return super().__call__(request, *args, **kwargs)

    def _with_tags(self, posts: list[Post]) -> list[Post]:
        prefetch_related_objects(posts, "tags")
        return posts

    def item_title(self, item: Post) -> str:
        return str(item)

    def item_description(self, item: Post) -> str:
        page_url = self.site_url.rstrip("/") + item.get_absolute_url()
        return absolute_links(str(post_body(item)), page_url)

    def item_link(self, item: Post) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Post) -> str:
        return f"post-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Post):
        return item.created

    def item_updateddate(self, item: Post):
        return item.edited or item.created

    def item_author_name(self, item: Post) -> str:
        return item.author.display_name

    def item_categories(self, item: Post) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class ArticlesRssFeed(PublicPostsFeed):
    def title(self) -> str:
        return _("%(network)s — articles") % {"network": self.network.name}

    def description(self) -> str:
        return self.network.tagline or _("Articles published by the community.")

    def link(self) -> str:
        return reverse("feeds:articles")

    def items(self) -> list[Post]:
        return self._with_tags(selectors.public_articles())


class ArticlesAtomFeed(ArticlesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class GroupRssFeed(PublicPostsFeed):
    def get_object(self, request: HttpRequest, slug: str):
        group = Group.objects.filter(slug=slug).first()
        if group is None or not can_see_content(AnonymousUser(), group):  # open groups only
            raise Http404
        return group

    def title(self, group) -> str:
        return _("%(group)s — %(network)s") % {"group": group.name, "network": self.network.name}

    def description(self, group) -> str:
        return group.description[:300] or _("Posts of the group %(group)s.") % {"group": group.name}

    def link(self, group) -> str:
        return group.get_absolute_url()

    def items(self, group) -> list[Post]:
        return self._with_tags(selectors.public_group_posts(group=group))


class GroupAtomFeed(GroupRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, group) -> str:
        return self.description(group)

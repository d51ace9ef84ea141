from django.urls import path

from community.feeds import syndication, views

app_name = "feeds"

urlpatterns = [
    # htmx fragments of the feeds shown on the home, group and profile pages
    path("home/feed/", views.home_feed, name="home_feed"),
    path("groups/<slug:slug>/feed/", views.group_feed, name="group_feed"),
    path("members/<slug:handle>/feed/", views.profile_feed, name="profile_feed"),
    # pages
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("articles/", views.articles, name="articles"),
    path("groups/<slug:slug>/articles/", views.group_articles, name="group_articles"),
    # RSS / Atom (public networks only; /feeds/ is open to visitors, see core.middleware)
    path("feeds/articles.rss", syndication.ArticlesRssFeed(), name="articles_rss"),
    path("feeds/articles.atom", syndication.ArticlesAtomFeed(), name="articles_atom"),
    path("feeds/groups/<slug:slug>.rss", syndication.GroupRssFeed(), name="group_rss"),
    path("feeds/groups/<slug:slug>.atom", syndication.GroupAtomFeed(), name="group_atom"),
]

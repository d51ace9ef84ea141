from django.urls import path

from community.activity import feeds, views

app_name = "activity"

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
    path("feeds/articles.rss", feeds.ArticlesRssFeed(), name="articles_rss"),
    path("feeds/articles.atom", feeds.ArticlesAtomFeed(), name="articles_atom"),
    path("feeds/groups/<slug:slug>.rss", feeds.GroupRssFeed(), name="group_rss"),
    path("feeds/groups/<slug:slug>.atom", feeds.GroupAtomFeed(), name="group_atom"),
]

from django.urls import path

from community.posts import views

app_name = "posts"

urlpatterns = [
    path("posts/new/", views.create, name="create"),
    path("posts/mentions/", views.mention_suggestions, name="mentions"),
    path("posts/<int:pk>/", views.detail, name="detail"),
    path("posts/<int:pk>/edit/", views.edit, name="edit"),
    path("posts/<int:pk>/delete/", views.delete, name="delete"),
    path("posts/<int:pk>/images/<int:image_pk>/", views.image, name="image"),
    path("posts/<int:pk>/images/<int:image_pk>/view/", views.image_page, name="image_page"),
    path("posts/<int:pk>/react/", views.react, name="react"),
    path("posts/<int:pk>/reactions/", views.reactions, name="reactions"),
    path("posts/<int:pk>/comments/", views.comment, name="comment"),
    path(
        "posts/<int:pk>/comments/<int:comment_pk>/edit/",
        views.edit_comment,
        name="edit_comment",
    ),
    path(
        "posts/<int:pk>/comments/<int:comment_pk>/delete/",
        views.delete_comment,
        name="delete_comment",
    ),
    path(
        "posts/<int:pk>/comments/<int:comment_pk>/react/",
        views.react_to_comment,
        name="react_to_comment",
    ),
    path(
        "posts/<int:pk>/comments/<int:comment_pk>/reactions/",
        views.comment_reactions,
        name="comment_reactions",
    ),
]

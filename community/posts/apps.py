from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "community.posts"
    label = "posts"

from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "community.posts"
    label = "posts"

    def ready(self) -> None:
        from community.activity.visibility import register_group_content
        from community.posts import realtime  # noqa: F401  (registers the companions)
        from community.posts.models import Post

        # A group's posts follow the group's privacy (see visibility.py).
        register_group_content(Post)

from django.apps import AppConfig
from django.db.models.signals import post_delete


def delete_image_file(sender, instance, **kwargs) -> None:
    """A post image's row gone — removed by an edit, or with its post, its
    author or its group — its file goes too, once that commits."""
    from community.core.images import delete_files_on_commit

    delete_files_on_commit([instance.image.name])


class PostsConfig(AppConfig):
    name = "community.posts"
    label = "posts"

    def ready(self) -> None:
        from community.activity.visibility import register_group_content
        from community.posts import realtime  # noqa: F401  (registers the companions)
        from community.posts.models import Post, PostImage

        # A group's posts follow the group's privacy (see visibility.py).
        register_group_content(Post)
        post_delete.connect(delete_image_file, sender=PostImage, dispatch_uid="posts.image_file")

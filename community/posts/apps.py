from django.apps import AppConfig
from django.db.models.signals import post_delete

from community.core.images import delete_files_on_commit


def delete_image_file(sender, instance, **kwargs) -> None:
    """A post image's row gone — removed by an edit, or with its post, its
    author or its group — its file goes too, once that commits."""
    delete_files_on_commit([instance.image.name])


class PostsConfig(AppConfig):
    name = "community.posts"
    label = "posts"

    def ready(self) -> None:
        from community.groups.content import register_group_content
        from community.members.demo import register_demo_step
        from community.posts import demo, live, notify  # noqa: F401  (live: the companions)

        notify.register_kinds()
        register_demo_step(demo.seed_demo_posts, order=30)
        from community.posts.models import Post, PostImage

        # A group's posts follow the group's privacy (see visibility.py).
        register_group_content(Post)
        post_delete.connect(delete_image_file, sender=PostImage, dispatch_uid="posts.image_file")

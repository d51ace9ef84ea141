"""The demo network comes with posts, comments and reactions (spinup --demo)."""

from __future__ import annotations

import io

from community.groups.models import Group
from community.members.demo import seed_demo
from community.posts.models import Comment, Post, Reaction
from tests.posts.conftest import client_for


def test_demo_posts(network, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    assert seed_demo(stdout=out)
    assert "Demo posts: 7 added" in out.getvalue()
    assert Post.objects.count() == 7
    article = Post.objects.get(title="Calendrier des semis de printemps")
    assert article.images.count() == 1 and article.group.slug == "jardin-partage"
    fete = Post.objects.get(body__startswith="Bonjour à toutes")
    assert fete.comment_count == 3 == Comment.objects.filter(post=fete).count()
    assert sum(fete.reaction_counts.values()) == 4
    assert Reaction.objects.count() >= 9
    # The secret group's post stays with its members.
    secret = Post.objects.get(group=Group.objects.get(slug="bureau"))
    outsider = Post.objects.get(wall_owner__isnull=False).wall_owner  # Inès, not in the bureau
    assert client_for(outsider).get(secret.get_absolute_url()).status_code == 404
    assert client_for(secret.author).get(secret.get_absolute_url()).status_code == 200

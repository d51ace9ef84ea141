"""The demo community's posts (``spinup --demo``): on the community wall, in
each demo group (an article with a picture in the shared garden), on a
profile wall, with comments, a reply, reactions, #tags and @mentions — all
written through the actions, so the feeds, notifications and counters are
those of real use."""

from __future__ import annotations

import io
from typing import TextIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from community.groups.models import Group
from community.members.models import User
from community.posts import actions
from community.posts.models import Post


def _garden_picture() -> ContentFile:
    """A small drawn picture (no binary file in the repository)."""
    image = Image.new("RGB", (960, 540), (196, 226, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 960, 540), fill=(120, 84, 52))
    for x in range(60, 960, 120):
        draw.line((x, 380, x, 250), fill=(46, 125, 50), width=8)
        draw.ellipse((x - 34, 200, x + 34, 268), fill=(76, 175, 80))
    draw.ellipse((780, 40, 880, 140), fill=(255, 213, 79))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="jardin.jpg")


def seed_demo_posts(*, members: list[User], stdout: TextIO) -> int:
    """Add the demo posts once; returns how many were created."""
    if Post.objects.exists():
        return 0
    groups = {group.slug: group for group in Group.objects.all()}
    camille, karim, lea, thomas, ines, hugo, sarah, mamadou = members[:8]
    created: list[Post] = []

    def post(author: User, body: str, **kwargs) -> Post:
        item = actions.create_post(author=author, body=body, **kwargs)
        created.append(item)
        return item

    fete = post(
        lea,
        "Bonjour à toutes et à tous ! La **fête de quartier** aura lieu le 14 juin "
        "place Colbert. Il nous faut des bras pour monter les stands et tenir la buvette.\n\n"
        f"@{camille.handle}, tu nous ferais l'affiche comme l'an dernier ? #fetedequartier",
        audience="public",
    )
    answer = actions.add_comment(
        author=camille, post=fete, body="Avec plaisir ! Je vous montre un projet jeudi."
    )
    actions.add_comment(
        author=lea, post=fete, body="Merci Camille, tu es la meilleure 🎉", parent=answer
    )
    actions.add_comment(author=hugo, post=fete, body="Je peux tenir la buvette l'après-midi.")
    for member, kind in ((camille, "love"), (hugo, "like"), (thomas, "celebrate"), (ines, "like")):
        actions.toggle_reaction(user=member, post=fete, kind=kind)
    actions.toggle_reaction(user=lea, comment=answer, kind="love")

    if "jardin-partage" in groups:
        semis = post(
            camille,
            "Voici le calendrier des semis pour le printemps :\n\n"
            "- **mars** : tomates et poivrons au chaud, sous la serre\n"
            "- **avril** : radis, carottes, salades en pleine terre\n"
            "- **mai** : courgettes et haricots, après les Saints de glace\n\n"
            "Pensez à noter vos arrosages sur le cahier de la cabane. #jardin #semis",
            title="Calendrier des semis de printemps",
            group=groups["jardin-partage"],
            images=[_garden_picture()],
        )
        actions.add_comment(
            author=karim, post=semis, body=f"Merci ! @{lea.handle} on s'occupe des radis ?"
        )
        actions.toggle_reaction(user=karim, post=semis, kind="like")
        actions.toggle_reaction(user=lea, post=semis, kind="love")
    if "epicerie-solidaire" in groups:
        collecte = post(
            thomas,
            "Collecte samedi devant le Carrefour Market du boulevard, de 9 h à 13 h. "
            "On cherche surtout des conserves et des produits d'hygiène. #collecte",
            group=groups["epicerie-solidaire"],
        )
        actions.add_comment(author=ines, post=collecte, body="Je viens avec ma voiture.")
        actions.toggle_reaction(user=ines, post=collecte, kind="like")
    if "aide-aux-devoirs" in groups:
        post(
            karim,
            "Planning de la semaine : lundi et jeudi maths avec Inès, mardi français "
            "avec Sarah. Les parents peuvent passer récupérer les cahiers mercredi. #devoirs",
            group=groups["aide-aux-devoirs"],
        )
    if "bureau" in groups:
        post(
            camille,
            f"Ordre du jour du prochain CA : budget 2027, renouvellement du bail de la "
            f"cabane, subvention de la mairie. @{karim.handle} tu présentes les comptes ?",
            group=groups["bureau"],
        )
    wall = post(
        hugo,
        "Merci pour le coup de main au déménagement de l'épicerie, Inès ! 💪",
        wall_owner=ines,
        audience="members",
    )
    actions.toggle_reaction(user=ines, post=wall, kind="love")
    actions.add_comment(author=mamadou, post=wall, body="Bravo à vous deux.")
    post(
        sarah,
        "Quelqu'un aurait une imprimante à prêter pour les fiches de l'aide aux devoirs ?",
        audience="members",
    )
    stdout.write(f"Demo posts: {len(created)} added, with comments and reactions.")
    return len(created)

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

from community.groups.demo import demo_group_slugs
from community.groups.models import Group
from community.members.demo import Text, localise
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


TEXTS = {
    "party": Text(
        fr=(
            "Bonjour à toutes et à tous ! La **fête de quartier** aura lieu le 14 juin "
            "place Colbert. Il nous faut des bras pour monter les stands et tenir la "
            "buvette.\n\n"
            "@{camille}, tu nous ferais l'affiche comme l'an dernier ? #fetedequartier"
        ),
        en=(
            "Hello everyone! The **street party** will take place on 14 June on place "
            "Colbert. We need hands to put up the stalls and run the refreshment bar.\n\n"
            "@{camille}, would you make the poster like last year? #streetparty"
        ),
    ),
    "party_answer": Text(
        fr="Avec plaisir ! Je vous montre un projet jeudi.",
        en="With pleasure! I'll show you a draft on Thursday.",
    ),
    "party_thanks": Text(
        fr="Merci Camille, tu es la meilleure 🎉", en="Thank you Camille, you're the best 🎉"
    ),
    "party_bar": Text(
        fr="Je peux tenir la buvette l'après-midi.",
        en="I can run the refreshment bar in the afternoon.",
    ),
    "sowing": Text(
        fr=(
            "Voici le calendrier des semis pour le printemps :\n\n"
            "- **mars** : tomates et poivrons au chaud, sous la serre\n"
            "- **avril** : radis, carottes, salades en pleine terre\n"
            "- **mai** : courgettes et haricots, après les Saints de glace\n\n"
            "Pensez à noter vos arrosages sur le cahier de la cabane. #jardin #semis"
        ),
        en=(
            "Here is the sowing calendar for the spring:\n\n"
            "- **March**: tomatoes and peppers in the warm, in the greenhouse\n"
            "- **April**: radishes, carrots, lettuces in the open ground\n"
            "- **May**: courgettes and beans, once the last frosts are over\n\n"
            "Remember to write down your watering in the notebook in the shed. "
            "#garden #sowing"
        ),
    ),
    "sowing_title": Text(fr="Calendrier des semis de printemps", en="Spring sowing calendar"),
    "sowing_comment": Text(
        fr="Merci ! @{lea} on s'occupe des radis ?",
        en="Thanks! @{lea} shall we take care of the radishes?",
    ),
    "collection": Text(
        fr=(
            "Collecte samedi devant le Carrefour Market du boulevard, de 9 h à 13 h. "
            "On cherche surtout des conserves et des produits d'hygiène. #collecte"
        ),
        en=(
            "Food drive on Saturday outside the supermarket on the boulevard, from 9 am "
            "to 1 pm. We mostly need tinned food and toiletries. #fooddrive"
        ),
    ),
    "collection_car": Text(fr="Je viens avec ma voiture.", en="I'll come with my car."),
    "homework": Text(
        fr=(
            "Planning de la semaine : lundi et jeudi maths avec Inès, mardi français "
            "avec Sarah. Les parents peuvent passer récupérer les cahiers mercredi. #devoirs"
        ),
        en=(
            "This week's timetable: maths with Inès on Monday and Thursday, French with "
            "Sarah on Tuesday. Parents can collect the exercise books on Wednesday. "
            "#homework"
        ),
    ),
    "board": Text(
        fr=(
            "Ordre du jour du prochain CA : budget 2027, renouvellement du bail de la "
            "cabane, subvention de la mairie. @{karim} tu présentes les comptes ?"
        ),
        en=(
            "Agenda of the next board meeting: the 2027 budget, renewing the lease of "
            "the shed, the town hall's grant. @{karim} will you present the accounts?"
        ),
    ),
    "wall": Text(
        fr="Merci pour le coup de main au déménagement de l'épicerie, Inès ! 💪",
        en="Thank you for the helping hand moving the grocery, Inès! 💪",
    ),
    "wall_comment": Text(fr="Bravo à vous deux.", en="Well done, both of you."),
    "printer": Text(
        fr="Quelqu'un aurait une imprimante à prêter pour les fiches de l'aide aux devoirs ?",
        en="Could anyone lend a printer for the homework help worksheets?",
    ),
}


def seed_demo_posts(*, members: list[User], language: str = "fr", stdout: TextIO) -> int:
    """Add the demo posts once, in ``language``; returns how many were created."""
    if Post.objects.exists():
        return 0
    by_slug = {group.slug: group for group in Group.objects.all()}
    groups = {
        key: by_slug[slug] for key, slug in demo_group_slugs(language).items() if slug in by_slug
    }
    text = localise(TEXTS, language)
    camille, karim, lea, thomas, ines, hugo, sarah, mamadou = members[:8]
    created: list[Post] = []

    def post(author: User, body: str, **kwargs) -> Post:
        item = actions.create_post(author=author, body=body, **kwargs)
        created.append(item)
        return item

    fete = post(lea, text["party"].format(camille=camille.handle), audience="public")
    answer = actions.add_comment(author=camille, post=fete, body=text["party_answer"])
    actions.add_comment(author=lea, post=fete, body=text["party_thanks"], parent=answer)
    actions.add_comment(author=hugo, post=fete, body=text["party_bar"])
    for member, kind in ((camille, "love"), (hugo, "like"), (thomas, "celebrate"), (ines, "like")):
        actions.toggle_reaction(user=member, post=fete, kind=kind)
    actions.toggle_reaction(user=lea, comment=answer, kind="love")

    if "garden" in groups:
        semis = post(
            camille,
            text["sowing"],
            title=text["sowing_title"],
            group=groups["garden"],
            images=[_garden_picture()],
        )
        actions.add_comment(
            author=karim, post=semis, body=text["sowing_comment"].format(lea=lea.handle)
        )
        actions.toggle_reaction(user=karim, post=semis, kind="like")
        actions.toggle_reaction(user=lea, post=semis, kind="love")
    if "grocery" in groups:
        collecte = post(thomas, text["collection"], group=groups["grocery"])
        actions.add_comment(author=ines, post=collecte, body=text["collection_car"])
        actions.toggle_reaction(user=ines, post=collecte, kind="like")
    if "homework" in groups:
        post(karim, text["homework"], group=groups["homework"])
    if "board" in groups:
        post(camille, text["board"].format(karim=karim.handle), group=groups["board"])
    wall = post(hugo, text["wall"], wall_owner=ines, audience="members")
    actions.toggle_reaction(user=ines, post=wall, kind="love")
    actions.add_comment(author=mamadou, post=wall, body=text["wall_comment"])
    post(sarah, text["printer"], audience="members")
    stdout.write(f"Demo posts: {len(created)} added, with comments and reactions.")
    return len(created)

"""The demo community's groups (``spinup --demo``): one of each privacy, with
members, a pending request and an invitation."""

from __future__ import annotations

from typing import TextIO

from community.groups import actions
from community.groups.models import Group, Privacy
from community.members.demo import Text, localise
from community.members.models import User

DEMO_GROUPS = [
    {
        "key": "garden",
        "slug": Text(fr="jardin-partage", en="shared-garden"),
        "name": Text(fr="Jardin partagé", en="Shared garden"),
        "privacy": Privacy.OPEN,
        "description": Text(
            fr=(
                "Le jardin de la rue des Tables-Claudiennes : plantations, arrosage, "
                "récoltes partagées.\n\n**Permanence** le samedi de 10 h à 12 h."
            ),
            en=(
                "The garden on rue des Tables-Claudiennes: planting, watering, "
                "shared harvests.\n\n**Open** on Saturdays from 10 am to noon."
            ),
        ),
        "owner": 0,
        "members": [1, 2, 3, 5, 8],
    },
    {
        "key": "grocery",
        "slug": Text(fr="epicerie-solidaire", en="community-grocery"),
        "name": Text(fr="Épicerie solidaire", en="Community grocery"),
        "privacy": Privacy.OPEN,
        "description": Text(
            fr="Accueil, mise en rayon et collectes pour l'épicerie du quartier.",
            en="Welcoming, shelving and food drives for the neighbourhood grocery.",
        ),
        "owner": 3,
        "members": [4, 6, 9, 10],
    },
    {
        "key": "homework",
        "slug": Text(fr="aide-aux-devoirs", en="homework-help"),
        "name": Text(fr="Aide aux devoirs", en="Homework help"),
        "privacy": Privacy.CLOSED,
        "description": Text(
            fr=(
                "Des bénévoles accompagnent les élèves du CP à la 3e, du lundi au jeudi "
                "après l'école. Les familles et les bénévoles échangent ici."
            ),
            en=(
                "Volunteers help pupils aged 6 to 15, Monday to Thursday after school. "
                "Families and volunteers talk to each other here."
            ),
        ),
        "owner": 1,
        "members": [4, 7],
        "requests": [
            (
                2,
                Text(
                    fr="Je suis enseignante à la retraite, je peux aider en maths.",
                    en="I am a retired teacher, I can help with maths.",
                ),
            )
        ],
    },
    {
        "key": "board",
        "slug": Text(fr="bureau", en="board"),
        "name": Text(fr="Bureau de l'association", en="The association's board"),
        "privacy": Privacy.SECRET,
        "description": Text(
            fr="Préparation des conseils d'administration et des budgets.",
            en="Preparing the board meetings and the budgets.",
        ),
        "owner": 0,
        "members": [1],
        "invitations": [5],
    },
]


def demo_group_slugs(language: str) -> dict[str, str]:
    """The demo groups' slugs in ``language``, by key (``garden``, ``grocery``…)."""
    return {spec["key"]: spec["slug"](language) for spec in DEMO_GROUPS}


def seed_demo_groups(*, members: list[User], language: str = "fr", stdout: TextIO) -> int:
    """Create the demo groups that do not exist yet; returns how many were created."""
    created = 0
    for spec in localise(DEMO_GROUPS, language):
        if Group.objects.filter(slug=spec["slug"]).exists():
            continue
        owner = members[spec["owner"]]
        group = actions.create_group(
            creator=owner,
            name=spec["name"],
            slug=spec["slug"],
            description=spec["description"],
            privacy=Privacy.OPEN,
        )
        for index in spec["members"]:
            actions.join_group(user=members[index], group=group)
        if spec["privacy"] != Privacy.OPEN:
            group = actions.change_group_privacy(actor=owner, group=group, privacy=spec["privacy"])
        for index, message in spec.get("requests", []):
            actions.request_to_join(user=members[index], group=group, message=message)
        for index in spec.get("invitations", []):
            actions.invite_member(inviter=owner, group=group, member=members[index])
        created += 1
    if created:
        stdout.write(f"Demo groups: {created} added (open, closed and secret).")
    return created

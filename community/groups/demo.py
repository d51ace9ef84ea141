"""The demo community's groups (``spinup --demo``): one of each privacy, with
members, a pending request and an invitation."""

from __future__ import annotations

from typing import TextIO

from community.groups import actions
from community.groups.models import Group, Privacy
from community.members.models import User

DEMO_GROUPS = [
    {
        "slug": "jardin-partage",
        "name": "Jardin partagé",
        "privacy": Privacy.OPEN,
        "description": (
            "Le jardin de la rue des Tables-Claudiennes : plantations, arrosage, "
            "récoltes partagées.\n\n**Permanence** le samedi de 10 h à 12 h."
        ),
        "owner": 0,
        "members": [1, 2, 3, 5, 8],
    },
    {
        "slug": "epicerie-solidaire",
        "name": "Épicerie solidaire",
        "privacy": Privacy.OPEN,
        "description": "Accueil, mise en rayon et collectes pour l'épicerie du quartier.",
        "owner": 3,
        "members": [4, 6, 9, 10],
    },
    {
        "slug": "aide-aux-devoirs",
        "name": "Aide aux devoirs",
        "privacy": Privacy.CLOSED,
        "description": (
            "Des bénévoles accompagnent les élèves du CP à la 3e, du lundi au jeudi "
            "après l'école. Les familles et les bénévoles échangent ici."
        ),
        "owner": 1,
        "members": [4, 7],
        "requests": [(2, "Je suis enseignante à la retraite, je peux aider en maths.")],
    },
    {
        "slug": "bureau",
        "name": "Bureau de l'association",
        "privacy": Privacy.SECRET,
        "description": "Préparation des conseils d'administration et des budgets.",
        "owner": 0,
        "members": [1],
        "invitations": [5],
    },
]


def seed_demo_groups(*, members: list[User], stdout: TextIO) -> int:
    """Create the demo groups that do not exist yet; returns how many were created."""
    created = 0
    for spec in DEMO_GROUPS:
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

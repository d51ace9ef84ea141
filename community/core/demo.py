"""The demo community created by ``spinup --demo``: a French solidarity
association with members (and, as each capability lands, groups, posts,
projects and offers)."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from community.members.actions import create_account
from community.members.models import User

ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "entraide-demo"
MEMBER_PASSWORD = "entraide-demo"

NETWORK_DEFAULTS = {
    "name": "Solidarités Croix-Rousse",
    "tagline": "Voisins, bénévoles et associations qui s'entraident à Lyon",
    "about": (
        "**Solidarités Croix-Rousse** relie les habitants, les bénévoles et les associations "
        "du quartier : aide aux devoirs, épicerie solidaire, jardin partagé, "
        "accompagnement numérique.\n\n"
        "Rejoignez-nous pour proposer vos compétences ou trouver un coup de main."
    ),
    "admin_email": ADMIN_EMAIL,
    "admin_name": "Claire Admin",
    "admin_password": ADMIN_PASSWORD,
    "theme": "entraide",
    "language": "en",
    "visibility": "public",
    "registration": "open",
}

DEMO_MEMBERS = [
    ("camille.martin@example.org", "Camille Martin"),
    ("karim.benali@example.org", "Karim Benali"),
    ("lea.dubois@example.org", "Léa Dubois"),
    ("thomas.nguyen@example.org", "Thomas Nguyen"),
    ("ines.moreau@example.org", "Inès Moreau"),
    ("hugo.lefebvre@example.org", "Hugo Lefebvre"),
    ("sarah.cohen@example.org", "Sarah Cohen"),
    ("mamadou.diallo@example.org", "Mamadou Diallo"),
    ("julie.garcia@example.org", "Julie Garcia"),
    ("antoine.roux@example.org", "Antoine Roux"),
    ("emma.petit@example.org", "Emma Petit"),
    ("lucas.fontaine@example.org", "Lucas Fontaine"),
]


def demo_admin_exists() -> bool:
    return User.objects.filter(email=ADMIN_EMAIL).exists()


def sign_in_help() -> str:
    return (
        "\nSign in at http://127.0.0.1:8000/accounts/login/\n"
        f"  network admin: {ADMIN_EMAIL} / {ADMIN_PASSWORD}\n"
        f"  a member:      {DEMO_MEMBERS[0][0]} / {MEMBER_PASSWORD}\n"
    )


@transaction.atomic
def seed_demo(*, stdout: TextIO) -> bool:
    """Add the demo community once. Returns False when it is already there."""
    if User.objects.filter(email=DEMO_MEMBERS[0][0]).exists():
        return False
    members = [
        create_account(email=email, password=MEMBER_PASSWORD, display_name=name)
        for email, name in DEMO_MEMBERS
    ]
    stdout.write(f"Demo community: {len(members)} members added.")
    from community.groups.demo import seed_demo_groups

    seed_demo_groups(members=members, stdout=stdout)
    return True

"""The demo community created by ``spinup --demo``: a French solidarity
association with members and their profiles; the apps above add their part
(groups, projects, posts) through ``register_demo_step`` from their
``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from django.db import transaction

from community.members import actions as member_actions
from community.members.actions import create_account
from community.members.models import Skill, User

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


def sign_in_help(url: str = "http://127.0.0.1:8000") -> str:
    return (
        f"\nSign in at {url.rstrip('/')}/accounts/login/\n"
        f"  network admin: {ADMIN_EMAIL} / {ADMIN_PASSWORD}\n"
        f"  a member:      {DEMO_MEMBERS[0][0]} / {MEMBER_PASSWORD}\n"
    )


DemoStep = Callable[..., object]  # step(*, members: list[User], stdout: TextIO)
_demo_steps: list[tuple[int, DemoStep]] = []


def register_demo_step(step: DemoStep, *, order: int) -> None:
    """Add ``step(members=…, stdout=…)`` to the demo; steps run by ``order``
    (groups 10, volunteering 20, posts 30), each once per new demo."""
    if all(existing is not step for _order, existing in _demo_steps):
        _demo_steps.append((order, step))


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
    seed_profiles(members, stdout=stdout)
    for _order, step in sorted(_demo_steps, key=lambda item: item[0]):
        step(members=members, stdout=stdout)
    return True


# --- Profiles (members issue) -------------------------------------------------

# (bio, city, postcode, languages, skills with levels, interests, profile open to visitors)
DEMO_PROFILES = [
    (
        "Graphiste indépendante, je fais les affiches de la fête de quartier depuis 2019.",
        "Lyon",
        "69004",
        ["fr", "en", "es"],
        {"graphic-design": "expert", "photography": "confirmed", "spanish": "confirmed"},
        ["illustration", "vélo"],
        True,
    ),
    (
        "Ancien comptable, je tiens les comptes de l'épicerie solidaire.",
        "Villeurbanne",
        "69100",
        ["fr", "ar", "kab"],
        {"accounting": "expert", "budgeting": "expert", "arabic": "expert"},
        ["football", "cuisine"],
        True,
    ),
    (
        "Étudiante en master, j'aide aux devoirs le mercredi.",
        "Lyon",
        "69001",
        ["fr", "en", "de"],
        {"tutoring": "confirmed", "german": "confirmed", "social-media": "beginner"},
        ["théâtre"],
        False,
    ),
    (
        "Développeur web, je m'occupe du site de l'association.",
        "Lyon",
        "69007",
        ["fr", "en", "vi"],
        {"web-development": "expert", "website-management": "expert", "it-support": "confirmed"},
        ["jeux de société", "randonnée"],
        True,
    ),
    (
        "Infirmière à la retraite, formatrice aux premiers secours.",
        "Saint-Étienne",
        "42000",
        ["fr", "it"],
        {"first-aid": "expert", "nursing": "expert", "training": "confirmed"},
        ["jardinage"],
        True,
    ),
    (
        "Chauffeur le samedi pour la collecte alimentaire.",
        "Vénissieux",
        "69200",
        ["fr", "pt"],
        {"driving": "expert", "food-distribution": "confirmed", "warehouse": "confirmed"},
        ["pêche"],
        False,
    ),
    (
        "Juriste, je réponds aux questions de droit des associations.",
        "Paris",
        "75011",
        ["fr", "en", "he"],
        {"legal-advice": "expert", "association-law": "expert", "writing": "confirmed"},
        ["lecture", "cinéma"],
        True,
    ),
    (
        "Cuisinier amateur, j'anime l'atelier cuisine du jeudi.",
        "Lyon",
        "69009",
        ["fr", "wo", "ff"],
        {"cooking": "expert", "event-organisation": "confirmed", "youth-work": "beginner"},
        ["musique"],
        True,
    ),
    (
        "Traductrice espagnol-français, j'accompagne les familles dans leurs démarches.",
        "Grenoble",
        "38000",
        ["fr", "es", "ca"],
        {"translation": "expert", "spanish": "expert", "listening": "confirmed"},
        ["danse"],
        True,
    ),
    (
        "Bricoleur du dimanche, je répare tout ce qui passe à l'atelier.",
        "Caluire-et-Cuire",
        "69300",
        ["fr"],
        {"diy-repairs": "expert", "gardening": "confirmed", "sewing": "beginner"},
        ["menuiserie"],
        False,
    ),
    (
        "Coordinatrice de projets, je mets les bonnes personnes en relation.",
        "Lyon",
        "69003",
        ["fr", "en"],
        {
            "project-management": "expert",
            "volunteer-coordination": "expert",
            "facilitation": "confirmed",
        },
        ["yoga"],
        True,
    ),
    (
        "Photographe, je couvre les événements de l'association.",
        "Marseille",
        "13001",
        ["fr", "en", "ar"],
        {"photography": "expert", "video": "confirmed", "social-media": "confirmed"},
        ["voyage"],
        True,
    ),
]


def seed_profiles(members: list[User], *, stdout: TextIO) -> None:
    """Bios, places, languages and skills for the demo members, three profile
    questions, a few follows. Runs inside ``seed_demo`` (once)."""
    admin = User.objects.filter(is_network_admin=True).order_by("pk").first()
    if admin is None:
        return
    availability = member_actions.create_profile_question(
        admin=admin,
        label="Disponibilités",
        kind="multiple_choice",
        choices=["En semaine, en journée", "En soirée", "Le week-end"],
        ask_at_signup=True,
        filterable=True,
        help_text="Quand pouvez-vous donner un coup de main ?",
    )
    licence = member_actions.create_profile_question(
        admin=admin, label="Permis de conduire", kind="yes_no", filterable=True
    )
    phone = member_actions.create_profile_question(
        admin=admin,
        label="Téléphone",
        kind="short_text",
        visibility="admins",
        help_text="Visible uniquement des administrateurs du réseau.",
    )
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    slots = list(availability.choices.all())
    for n, (member, profile) in enumerate(zip(members, DEMO_PROFILES, strict=False)):
        bio, city, postcode, languages, levels, interests, public = profile
        member_actions.update_profile(
            member=member,
            editor=member,
            bio=bio,
            city=city,
            postcode=postcode,
            country="France",
            languages=languages,
            interests=interests,
        )
        member_actions.set_member_skills(
            member=member,
            editor=member,
            levels={skills[slug]: level for slug, level in levels.items() if slug in skills},
        )
        member_actions.set_profile_answers(
            member=member,
            editor=member,
            values={
                availability: [slot.pk for slot in slots[n % 3 : n % 3 + 1 + n % 2]],
                licence: "yes" if n % 3 else "no",
                phone: f"06 12 34 {n:02d} {n + 10:02d}",
            },
        )
        if public:
            member_actions.update_privacy(
                member=member,
                editor=member,
                choices={"profile": "everyone", "bio": "everyone", "skills": "everyone"},
            )
    for n, member in enumerate(members):
        for other in (members[(n + 1) % len(members)], members[(n + 4) % len(members)]):
            member_actions.follow_member(follower=member, member=other)
    stdout.write("Demo profiles: bios, places, languages, skills, 3 profile questions, follows.")

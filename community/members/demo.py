"""The demo community created by ``spinup --demo``: a solidarity association
in Lyon with members and their profiles; the apps above add their part
(groups, projects, posts) through ``register_demo_step`` from their
``AppConfig.ready()``.

The demo is written in the network's language, French or English
(``spinup --demo --language fr|en``, French by default): every demo text is a
``Text(fr=…, en=…)``, both versions side by side, and each step turns its data
into one language with ``localise(data, language)``. (Demo content, not
interface: it is stored in the database as the members' own writing, so it
is not in the gettext catalogue.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction

from community.members import actions as member_actions
from community.members.actions import create_account
from community.members.models import Skill, User

DEMO_LANGUAGES = ("fr", "en")
DEFAULT_DEMO_LANGUAGE = "fr"
_all_texts: list[Text] = []


@dataclass(frozen=True)
class Text:
    """One demo text in both languages of the demo."""

    fr: str
    en: str

    def __post_init__(self) -> None:
        _all_texts.append(self)

    def __call__(self, language: str) -> str:
        return self.en if language == "en" else self.fr


def localise(data: Any, language: str) -> Any:
    """``data`` (nested dicts, lists, tuples) with every ``Text`` in ``language``."""
    if isinstance(data, Text):
        return data(language)
    if isinstance(data, dict):
        return {key: localise(value, language) for key, value in data.items()}
    if isinstance(data, list):
        return [localise(value, language) for value in data]
    if isinstance(data, tuple):
        return tuple(localise(value, language) for value in data)
    return data


def demo_texts(language: str) -> list[str]:
    """Every demo text in ``language`` that differs from its other version (for tests)."""
    return [text(language) for text in _all_texts if text.fr != text.en]


ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "entraide-demo"
MEMBER_PASSWORD = "entraide-demo"

NETWORK_DEFAULTS = {
    "name": "Solidarités Croix-Rousse",
    "tagline": Text(
        fr="Voisins, bénévoles et associations qui s'entraident à Lyon",
        en="Neighbours, volunteers and associations helping each other in Lyon",
    ),
    "about": Text(
        fr=(
            "**Solidarités Croix-Rousse** relie les habitants, les bénévoles et les "
            "associations du quartier : aide aux devoirs, épicerie solidaire, jardin "
            "partagé, accompagnement numérique.\n\n"
            "Rejoignez-nous pour proposer vos compétences ou trouver un coup de main."
        ),
        en=(
            "**Solidarités Croix-Rousse** brings together the neighbourhood's residents, "
            "volunteers and associations: homework help, a community grocery, a shared "
            "garden, help with computers and phones.\n\n"
            "Join us to offer your skills or to find a helping hand."
        ),
    ),
    "admin_email": ADMIN_EMAIL,
    "admin_name": "Claire Admin",
    "admin_password": ADMIN_PASSWORD,
    "theme": "entraide",
    "language": DEFAULT_DEMO_LANGUAGE,
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


DemoStep = Callable[..., object]  # step(*, members: list[User], language: str, stdout: TextIO)
_demo_steps: list[tuple[int, DemoStep]] = []


def register_demo_step(step: DemoStep, *, order: int) -> None:
    """Add ``step(members=…, language=…, stdout=…)`` to the demo; steps run by ``order``
    (groups 10, volunteering 20, posts 30), each once per new demo."""
    if all(existing is not step for _order, existing in _demo_steps):
        _demo_steps.append((order, step))


@transaction.atomic
def seed_demo(*, stdout: TextIO, language: str = DEFAULT_DEMO_LANGUAGE) -> bool:
    """Add the demo community once, its texts in ``language`` (``DEMO_LANGUAGES``).
    Returns False when it is already there."""
    if language not in DEMO_LANGUAGES:
        raise ValueError(f"The demo is in {' or '.join(DEMO_LANGUAGES)}, not {language!r}.")
    if User.objects.filter(email=DEMO_MEMBERS[0][0]).exists():
        return False
    members = [
        create_account(email=email, password=MEMBER_PASSWORD, display_name=name)
        for email, name in DEMO_MEMBERS
    ]
    stdout.write(f"Demo community: {len(members)} members added.")
    seed_profiles(members, language=language, stdout=stdout)
    for _order, step in sorted(_demo_steps, key=lambda item: item[0]):
        step(members=members, language=language, stdout=stdout)
    return True


# --- Profiles (members issue) -------------------------------------------------

# (bio, city, postcode, languages, skills with levels, interests, profile open to visitors)
DEMO_PROFILES = [
    (
        Text(
            fr="Graphiste indépendante, je fais les affiches de la fête de quartier depuis 2019.",
            en="Freelance graphic designer, I have made the street party posters since 2019.",
        ),
        "Lyon",
        "69004",
        ["fr", "en", "es"],
        {"graphic-design": "expert", "photography": "confirmed", "spanish": "confirmed"},
        ["illustration", Text(fr="vélo", en="cycling")],
        True,
    ),
    (
        Text(
            fr="Ancien comptable, je tiens les comptes de l'épicerie solidaire.",
            en="A retired accountant, I keep the books of the community grocery.",
        ),
        "Villeurbanne",
        "69100",
        ["fr", "ar", "kab"],
        {"accounting": "expert", "budgeting": "expert", "arabic": "expert"},
        ["football", Text(fr="cuisine", en="cooking")],
        True,
    ),
    (
        Text(
            fr="Étudiante en master, j'aide aux devoirs le mercredi.",
            en="A master's student, I help with homework on Wednesdays.",
        ),
        "Lyon",
        "69001",
        ["fr", "en", "de"],
        {"tutoring": "confirmed", "german": "confirmed", "social-media": "beginner"},
        [Text(fr="théâtre", en="theatre")],
        False,
    ),
    (
        Text(
            fr="Développeur web, je m'occupe du site de l'association.",
            en="A web developer, I look after the association's website.",
        ),
        "Lyon",
        "69007",
        ["fr", "en", "vi"],
        {"web-development": "expert", "website-management": "expert", "it-support": "confirmed"},
        [Text(fr="jeux de société", en="board games"), Text(fr="randonnée", en="hiking")],
        True,
    ),
    (
        Text(
            fr="Infirmière à la retraite, formatrice aux premiers secours.",
            en="A retired nurse, I teach first aid.",
        ),
        "Saint-Étienne",
        "42000",
        ["fr", "it"],
        {"first-aid": "expert", "nursing": "expert", "training": "confirmed"},
        [Text(fr="jardinage", en="gardening")],
        True,
    ),
    (
        Text(
            fr="Chauffeur le samedi pour la collecte alimentaire.",
            en="Driver on Saturdays for the food collection.",
        ),
        "Vénissieux",
        "69200",
        ["fr", "pt"],
        {"driving": "expert", "food-distribution": "confirmed", "warehouse": "confirmed"},
        [Text(fr="pêche", en="fishing")],
        False,
    ),
    (
        Text(
            fr="Juriste, je réponds aux questions de droit des associations.",
            en="A lawyer, I answer questions on the law of associations.",
        ),
        "Paris",
        "75011",
        ["fr", "en", "he"],
        {"legal-advice": "expert", "association-law": "expert", "writing": "confirmed"},
        [Text(fr="lecture", en="reading"), Text(fr="cinéma", en="cinema")],
        True,
    ),
    (
        Text(
            fr="Cuisinier amateur, j'anime l'atelier cuisine du jeudi.",
            en="An amateur cook, I run the Thursday cooking workshop.",
        ),
        "Lyon",
        "69009",
        ["fr", "wo", "ff"],
        {"cooking": "expert", "event-organisation": "confirmed", "youth-work": "beginner"},
        [Text(fr="musique", en="music")],
        True,
    ),
    (
        Text(
            fr="Traductrice espagnol-français, j'accompagne les familles dans leurs démarches.",
            en="A Spanish-French translator, I help families with their paperwork.",
        ),
        "Grenoble",
        "38000",
        ["fr", "es", "ca"],
        {"translation": "expert", "spanish": "expert", "listening": "confirmed"},
        [Text(fr="danse", en="dance")],
        True,
    ),
    (
        Text(
            fr="Bricoleur du dimanche, je répare tout ce qui passe à l'atelier.",
            en="A weekend handyman, I repair whatever comes through the workshop.",
        ),
        "Caluire-et-Cuire",
        "69300",
        ["fr"],
        {"diy-repairs": "expert", "gardening": "confirmed", "sewing": "beginner"},
        [Text(fr="menuiserie", en="woodwork")],
        False,
    ),
    (
        Text(
            fr="Coordinatrice de projets, je mets les bonnes personnes en relation.",
            en="A project coordinator, I put the right people in touch.",
        ),
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
        Text(
            fr="Photographe, je couvre les événements de l'association.",
            en="A photographer, I cover the association's events.",
        ),
        "Marseille",
        "13001",
        ["fr", "en", "ar"],
        {"photography": "expert", "video": "confirmed", "social-media": "confirmed"},
        [Text(fr="voyage", en="travel")],
        True,
    ),
]


PROFILE_QUESTIONS = {
    "availability": {
        "label": Text(fr="Disponibilités", en="Availability"),
        "kind": "multiple_choice",
        "choices": [
            Text(fr="En semaine, en journée", en="Weekdays, daytime"),
            Text(fr="En soirée", en="Evenings"),
            Text(fr="Le week-end", en="Weekends"),
        ],
        "ask_at_signup": True,
        "filterable": True,
        "help_text": Text(
            fr="Quand pouvez-vous donner un coup de main ?", en="When can you lend a hand?"
        ),
    },
    "licence": {
        "label": Text(fr="Permis de conduire", en="Driving licence"),
        "kind": "yes_no",
        "filterable": True,
    },
    "phone": {
        "label": Text(fr="Téléphone", en="Phone"),
        "kind": "short_text",
        "visibility": "admins",
        "help_text": Text(
            fr="Visible uniquement des administrateurs du réseau.",
            en="Only the network's admins see it.",
        ),
    },
}


def seed_profiles(
    members: list[User], *, language: str = DEFAULT_DEMO_LANGUAGE, stdout: TextIO
) -> None:
    """Bios, places, languages and skills for the demo members, three profile
    questions, a few follows. Runs inside ``seed_demo`` (once)."""
    admin = User.objects.filter(is_network_admin=True).order_by("pk").first()
    if admin is None:
        return
    questions = localise(PROFILE_QUESTIONS, language)
    availability = member_actions.create_profile_question(admin=admin, **questions["availability"])
    licence = member_actions.create_profile_question(admin=admin, **questions["licence"])
    phone = member_actions.create_profile_question(admin=admin, **questions["phone"])
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    slots = list(availability.choices.all())
    profiles = localise(DEMO_PROFILES, language)
    for n, (member, profile) in enumerate(zip(members, profiles, strict=False)):
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

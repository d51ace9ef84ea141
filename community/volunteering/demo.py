"""The demo community's volunteering (``spinup --demo``): projects with needs,
offers that match them, and engagements at every stage, so that matching,
the dashboard and an attestation are visible at first launch.

Signed in as the demo member (Camille, graphic designer in Lyon), the home
page lists "needs matching my skills"; as the network admin, each need's
"suggested volunteers" page ranks the offers with their explanation.
Everything goes through the actions; running it twice adds nothing.
"""

from __future__ import annotations

from typing import TextIO

from django.utils import timezone

from community.groups.demo import demo_group_slugs
from community.groups.models import Group
from community.members.demo import Text, localise
from community.members.models import Skill, User
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.models import OfferStatus, Project
from community.volunteering.needs import actions as need_actions
from community.volunteering.offers import actions as offer_actions
from community.volunteering.projects import actions as project_actions

BOOKS = Text(fr="Tenir la comptabilité", en="Keep the books")
DRIVER = Text(fr="Chauffeur pour la collecte du samedi", en="Driver for the Saturday collection")
COOKING = Text(fr="Stand cuisine", en="Cooking stall")

# (demo group key or None, manager index or "admin", project fields, needs)
PROJECTS = [
    (
        None,
        "admin",
        {
            "title": Text(fr="Fête de quartier 2025", en="Street party 2025"),
            "cause": "culture",
            "description": Text(
                fr=(
                    "La grande fête de la Croix-Rousse revient en juin : concerts, repas "
                    "partagé, jeux pour les enfants. **Il nous faut des bras et des talents !**"
                ),
                en=(
                    "The big Croix-Rousse party is back in June: concerts, a shared meal, "
                    "games for the children. **We need hands and talents!**"
                ),
            ),
            "city": "Lyon",
            "postcode": "69004",
        },
        [
            {
                "title": Text(fr="Affiche et flyers", en="Poster and flyers"),
                "skills": {"graphic-design": "confirmed"},
                "description": Text(
                    fr="Une affiche A3 et un flyer A5, aux couleurs du quartier.",
                    en="An A3 poster and an A5 flyer, in the neighbourhood's colours.",
                ),
                "total_hours": 12,
                "work_mode": "either",
            },
            {
                "title": Text(fr="Photos de la fête", en="Party photos"),
                "skills": {"photography": "confirmed"},
                "description": Text(
                    fr="Couvrir l'après-midi et la soirée, trier et partager les photos.",
                    en="Cover the afternoon and the evening, sort and share the photos.",
                ),
                "total_hours": 6,
                "volunteers_wanted": 2,
            },
            {
                "title": COOKING,
                "skills": {"cooking": "beginner"},
                "description": Text(
                    fr="Préparer et servir le repas partagé.",
                    en="Prepare and serve the shared meal.",
                ),
                "total_hours": 5,
                "volunteers_wanted": 3,
            },
        ],
    ),
    (
        "grocery",
        3,
        {
            "title": Text(fr="Gestion de l'épicerie solidaire", en="Running the community grocery"),
            "cause": "solidarity",
            "description": Text(
                fr="Tenir les comptes et assurer la collecte du samedi.",
                en="Keep the accounts and run the Saturday food collection.",
            ),
            "city": "Lyon",
            "postcode": "69001",
        },
        [
            {
                "title": BOOKS,
                "skills": {"accounting": "confirmed", "budgeting": "beginner"},
                "description": Text(
                    fr="Saisie mensuelle, rapprochement bancaire, budget prévisionnel.",
                    en="Monthly entries, bank reconciliation, budget forecast.",
                ),
                "hours_per_week": 2,
                "weeks": 12,
                "work_mode": "either",
            },
            {
                "title": DRIVER,
                "skills": {"driving": "confirmed"},
                "description": Text(
                    fr="Camionnette de l'association, permis B.",
                    en="The association's van, car driving licence.",
                ),
                "total_hours": 16,
                "city": "Vénissieux",
                "postcode": "69200",
            },
        ],
    ),
    (
        "garden",
        0,
        {
            "title": Text(fr="Remettre le jardin en état", en="Putting the garden back in shape"),
            "cause": "environment",
            "description": Text(
                fr="Réparer les bacs, refaire les allées, préparer les semis de printemps.",
                en="Repair the planters, redo the paths, prepare the spring sowing.",
            ),
            "city": "Lyon",
            "postcode": "69004",
        },
        [
            {
                "title": Text(fr="Réparer les bacs", en="Repair the planters"),
                "skills": {"diy-repairs": "confirmed", "gardening": "beginner"},
                "total_hours": 10,
                "volunteers_wanted": 2,
            },
        ],
    ),
    (
        "homework",
        1,
        {
            "title": Text(fr="Soutien scolaire en ligne", en="Online tutoring"),
            "cause": "education",
            "description": Text(
                fr="Des séances en visio pour les collégiens, le soir.",
                en="Video sessions for secondary-school pupils, in the evening.",
            ),
            "work_mode": "remote",
        },
        [
            {
                "title": Text(fr="Tutorat en visio", en="Tutoring by video"),
                "skills": {"tutoring": "confirmed"},
                "hours_per_week": 1,
                "weeks": 20,
                "work_mode": "remote",
                "volunteers_wanted": 4,
            },
        ],
    ),
]

# (member index, offer fields); a "status" of paused pauses it after publishing.
OFFERS = [
    (
        0,
        {
            "title": Text(
                fr="Graphisme pour les associations", en="Graphic design for associations"
            ),
            "skills": {"graphic-design": "expert", "photography": "confirmed"},
            "description": Text(
                fr="Affiches, logos, flyers. J'aime les projets de quartier.",
                en="Posters, logos, flyers. I love neighbourhood projects.",
            ),
            "hours_per_month": 8,
            "work_mode": "either",
        },
    ),
    (
        1,
        {
            "title": Text(fr="Comptabilité associative", en="Bookkeeping for associations"),
            "skills": {"accounting": "expert", "budgeting": "expert"},
            "hours_per_month": 10,
            "work_mode": "either",
        },
    ),
    (
        3,
        {
            "title": Text(fr="Sites web et outils numériques", en="Websites and digital tools"),
            "skills": {"web-development": "expert", "it-support": "confirmed"},
            "hours_per_month": 6,
            "work_mode": "remote",
            "visibility": "managers",
        },
    ),
    (
        5,
        {
            "title": Text(fr="Chauffeur le samedi", en="Driver on Saturdays"),
            "skills": {"driving": "expert"},
            "hours_per_month": 12,
            "work_mode": "on_site",
            "travel_radius_km": 30,
        },
    ),
    (
        7,
        {
            "title": Text(fr="Cuisine pour les grandes tablées", en="Cooking for big tables"),
            "skills": {"cooking": "expert", "event-organisation": "confirmed"},
            "hours_per_month": 8,
            "work_mode": "on_site",
        },
    ),
    (
        9,
        {
            "title": Text(fr="Bricolage et jardin", en="Repairs and gardening"),
            "skills": {"diy-repairs": "expert", "gardening": "confirmed"},
            "hours_per_month": 6,
            "work_mode": "on_site",
            "travel_radius_km": 15,
        },
    ),
    (
        11,
        {
            "title": Text(fr="Reportages photo", en="Photo reports"),
            "skills": {"photography": "expert", "video": "confirmed"},
            "hours_per_month": 6,
            "work_mode": "on_site",
            "travel_radius_km": 30,
        },
    ),
    (
        10,
        {
            "title": Text(fr="Coordination de bénévoles", en="Volunteer coordination"),
            "skills": {"volunteer-coordination": "expert", "project-management": "expert"},
            "hours_per_month": 4,
            "status": "paused",
        },
    ),
]


# What the volunteers and managers write.
BOOKS_APPLICATION = Text(
    fr="Ancien comptable, je peux reprendre les comptes dès ce mois-ci.",
    en="A retired accountant, I can take over the books this month.",
)
MARCH_ENTRIES = Text(fr="Saisie de mars", en="March entries")
FORECAST = Text(fr="Budget prévisionnel", en="Budget forecast")
DRIVER_APPLICATION = Text(
    fr="Disponible tous les samedis matin.", en="Available every Saturday morning."
)
COOK_INVITATION = Text(
    fr="Votre atelier cuisine a fait l'unanimité : partant pour la fête ?",
    en="Everyone loved your cooking workshop: up for the party?",
)
MEAL = Text(fr="Repas pour 80", en="Meal for 80")

NEW_SITE = {
    "title": Text(fr="Nouveau site de l'association", en="The association's new website"),
    "cause": "digital",
    "description": Text(
        fr="Refaire le site : agenda, adhésions en ligne, accessibilité.",
        en="Rebuild the website: calendar, online membership, accessibility.",
    ),
    "work_mode": "remote",
}


def seed_demo_volunteering(*, members: list[User], language: str = "fr", stdout: TextIO) -> int:
    """Add the demo projects, offers and engagements once, in ``language``;
    returns the number of projects."""
    first = PROJECTS[0][2]["title"]
    if Project.objects.filter(title__in=[first("fr"), first("en")]).exists():
        return 0
    slugs = demo_group_slugs(language)
    admin = User.objects.filter(is_network_admin=True, is_active=True).order_by("pk").first()
    if admin is None or len(members) < 12:
        return 0
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    members = [User.objects.get(pk=member.pk) for member in members]  # with their profiles

    def levels(spec: dict[str, str]) -> dict[Skill, str]:
        return {skills[slug]: level for slug, level in spec.items() if slug in skills}

    needs = {}
    for group_key, manager_index, fields, need_specs in localise(PROJECTS, language):
        group_slug = slugs[group_key] if group_key else None
        group = Group.objects.filter(slug=group_slug).first() if group_slug else None
        if group_slug and group is None:
            continue
        manager = admin if manager_index == "admin" else members[manager_index]
        project = project_actions.create_project(actor=manager, group=group, publish=True, **fields)
        for spec in need_specs:
            spec = dict(spec)
            need = need_actions.create_need(
                actor=manager, project=project, skills=levels(spec.pop("skills")), **spec
            )
            needs[need.title] = (need, manager)
    project_actions.create_project(actor=admin, **localise(NEW_SITE, language))

    offers = {}
    for index, fields in localise(OFFERS, language):
        fields = dict(fields)
        status = fields.pop("status", OfferStatus.ACTIVE)
        member = members[index]
        offer = offer_actions.create_offer(
            user=member,
            skills=levels(fields.pop("skills")),
            city=member.city,
            postcode=member.postcode,
            **fields,
        )
        if status == OfferStatus.PAUSED:
            offer_actions.pause_offer(user=member, offer=offer)
        offers[index] = offer

    today = timezone.localdate()
    if BOOKS(language) in needs:
        need, manager = needs[BOOKS(language)]
        karim = members[1]
        engagement = engagement_actions.apply_to_need(
            volunteer=karim,
            need=need,
            offer=offers.get(1),
            message=BOOKS_APPLICATION(language),
        )
        engagement = engagement_actions.accept_engagement(actor=manager, engagement=engagement)
        entry = hours_actions.log_hours(
            volunteer=karim,
            engagement=engagement,
            date=today,
            hours=3,
            note=MARCH_ENTRIES(language),
        )
        hours_actions.confirm_hours(actor=manager, entry=entry)
        hours_actions.log_hours(
            volunteer=karim,
            engagement=engagement,
            date=today,
            hours="1.5",
            note=FORECAST(language),
        )
    if DRIVER(language) in needs:
        need, _manager = needs[DRIVER(language)]
        engagement_actions.apply_to_need(
            volunteer=members[5],
            need=need,
            offer=offers.get(5),
            message=DRIVER_APPLICATION(language),
        )
    if COOKING(language) in needs:
        need, manager = needs[COOKING(language)]
        cook = members[7]
        engagement = engagement_actions.invite_volunteer(
            manager=manager,
            need=need,
            volunteer=cook,
            offer=offers.get(7),
            message=COOK_INVITATION(language),
        )
        engagement = engagement_actions.accept_engagement(actor=cook, engagement=engagement)
        entry = hours_actions.log_hours(
            volunteer=cook, engagement=engagement, date=today, hours=5, note=MEAL(language)
        )
        hours_actions.confirm_hours(actor=manager, entry=entry)
        engagement_actions.complete_engagement(actor=manager, engagement=engagement)
    count = Project.objects.count()
    stdout.write(
        f"Demo volunteering: {count} projects, {len(needs)} needs, {len(offers)} offers, "
        "engagements at every stage."
    )
    return count

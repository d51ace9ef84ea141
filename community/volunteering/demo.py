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

from community.groups.models import Group
from community.members.models import Skill, User
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.models import OfferStatus, Project
from community.volunteering.needs import actions as need_actions
from community.volunteering.offers import actions as offer_actions
from community.volunteering.projects import actions as project_actions

# (group slug or None, manager index or "admin", project fields, needs)
PROJECTS = [
    (
        None,
        "admin",
        {
            "title": "Fête de quartier 2025",
            "cause": "culture",
            "description": (
                "La grande fête de la Croix-Rousse revient en juin : concerts, repas partagé, "
                "jeux pour les enfants. **Il nous faut des bras et des talents !**"
            ),
            "city": "Lyon",
            "postcode": "69004",
        },
        [
            {
                "title": "Affiche et flyers",
                "skills": {"graphic-design": "confirmed"},
                "description": "Une affiche A3 et un flyer A5, aux couleurs du quartier.",
                "total_hours": 12,
                "work_mode": "either",
            },
            {
                "title": "Photos de la fête",
                "skills": {"photography": "confirmed"},
                "description": "Couvrir l'après-midi et la soirée, trier et partager les photos.",
                "total_hours": 6,
                "volunteers_wanted": 2,
            },
            {
                "title": "Stand cuisine",
                "skills": {"cooking": "beginner"},
                "description": "Préparer et servir le repas partagé.",
                "total_hours": 5,
                "volunteers_wanted": 3,
            },
        ],
    ),
    (
        "epicerie-solidaire",
        3,
        {
            "title": "Gestion de l'épicerie solidaire",
            "cause": "solidarity",
            "description": "Tenir les comptes et assurer la collecte du samedi.",
            "city": "Lyon",
            "postcode": "69001",
        },
        [
            {
                "title": "Tenir la comptabilité",
                "skills": {"accounting": "confirmed", "budgeting": "beginner"},
                "description": "Saisie mensuelle, rapprochement bancaire, budget prévisionnel.",
                "hours_per_week": 2,
                "weeks": 12,
                "work_mode": "either",
            },
            {
                "title": "Chauffeur pour la collecte du samedi",
                "skills": {"driving": "confirmed"},
                "description": "Camionnette de l'association, permis B.",
                "total_hours": 16,
                "city": "Vénissieux",
                "postcode": "69200",
            },
        ],
    ),
    (
        "jardin-partage",
        0,
        {
            "title": "Remettre le jardin en état",
            "cause": "environment",
            "description": "Réparer les bacs, refaire les allées, préparer les semis de printemps.",
            "city": "Lyon",
            "postcode": "69004",
        },
        [
            {
                "title": "Réparer les bacs",
                "skills": {"diy-repairs": "confirmed", "gardening": "beginner"},
                "total_hours": 10,
                "volunteers_wanted": 2,
            },
        ],
    ),
    (
        "aide-aux-devoirs",
        1,
        {
            "title": "Soutien scolaire en ligne",
            "cause": "education",
            "description": "Des séances en visio pour les collégiens, le soir.",
            "work_mode": "remote",
        },
        [
            {
                "title": "Tutorat en visio",
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
            "title": "Graphisme pour les associations",
            "skills": {"graphic-design": "expert", "photography": "confirmed"},
            "description": "Affiches, logos, flyers. J'aime les projets de quartier.",
            "hours_per_month": 8,
            "work_mode": "either",
        },
    ),
    (
        1,
        {
            "title": "Comptabilité associative",
            "skills": {"accounting": "expert", "budgeting": "expert"},
            "hours_per_month": 10,
            "work_mode": "either",
        },
    ),
    (
        3,
        {
            "title": "Sites web et outils numériques",
            "skills": {"web-development": "expert", "it-support": "confirmed"},
            "hours_per_month": 6,
            "work_mode": "remote",
            "visibility": "managers",
        },
    ),
    (
        5,
        {
            "title": "Chauffeur le samedi",
            "skills": {"driving": "expert"},
            "hours_per_month": 12,
            "work_mode": "on_site",
            "travel_radius_km": 30,
        },
    ),
    (
        7,
        {
            "title": "Cuisine pour les grandes tablées",
            "skills": {"cooking": "expert", "event-organisation": "confirmed"},
            "hours_per_month": 8,
            "work_mode": "on_site",
        },
    ),
    (
        9,
        {
            "title": "Bricolage et jardin",
            "skills": {"diy-repairs": "expert", "gardening": "confirmed"},
            "hours_per_month": 6,
            "work_mode": "on_site",
            "travel_radius_km": 15,
        },
    ),
    (
        11,
        {
            "title": "Reportages photo",
            "skills": {"photography": "expert", "video": "confirmed"},
            "hours_per_month": 6,
            "work_mode": "on_site",
            "travel_radius_km": 30,
        },
    ),
    (
        10,
        {
            "title": "Coordination de bénévoles",
            "skills": {"volunteer-coordination": "expert", "project-management": "expert"},
            "hours_per_month": 4,
            "status": "paused",
        },
    ),
]


def seed_demo_volunteering(*, members: list[User], stdout: TextIO) -> int:
    """Add the demo projects, offers and engagements once; returns the number of projects."""
    if Project.objects.filter(title=PROJECTS[0][2]["title"]).exists():
        return 0
    admin = User.objects.filter(is_network_admin=True, is_active=True).order_by("pk").first()
    if admin is None or len(members) < 12:
        return 0
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    members = [User.objects.get(pk=member.pk) for member in members]  # with their profiles

    def levels(spec: dict[str, str]) -> dict[Skill, str]:
        return {skills[slug]: level for slug, level in spec.items() if slug in skills}

    needs = {}
    for group_slug, manager_index, fields, need_specs in PROJECTS:
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
    project_actions.create_project(
        actor=admin,
        title="Nouveau site de l'association",
        cause="digital",
        description="Refaire le site : agenda, adhésions en ligne, accessibilité.",
        work_mode="remote",
    )

    offers = {}
    for index, fields in OFFERS:
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
    if "Tenir la comptabilité" in needs:
        need, manager = needs["Tenir la comptabilité"]
        karim = members[1]
        engagement = engagement_actions.apply_to_need(
            volunteer=karim,
            need=need,
            offer=offers.get(1),
            message="Ancien comptable, je peux reprendre les comptes dès ce mois-ci.",
        )
        engagement = engagement_actions.accept_engagement(actor=manager, engagement=engagement)
        entry = hours_actions.log_hours(
            volunteer=karim, engagement=engagement, date=today, hours=3, note="Saisie de mars"
        )
        hours_actions.confirm_hours(actor=manager, entry=entry)
        hours_actions.log_hours(
            volunteer=karim,
            engagement=engagement,
            date=today,
            hours="1.5",
            note="Budget prévisionnel",
        )
    if "Chauffeur pour la collecte du samedi" in needs:
        need, _manager = needs["Chauffeur pour la collecte du samedi"]
        engagement_actions.apply_to_need(
            volunteer=members[5],
            need=need,
            offer=offers.get(5),
            message="Disponible tous les samedis matin.",
        )
    if "Stand cuisine" in needs:
        need, manager = needs["Stand cuisine"]
        cook = members[7]
        engagement = engagement_actions.invite_volunteer(
            manager=manager,
            need=need,
            volunteer=cook,
            offer=offers.get(7),
            message="Votre atelier cuisine a fait l'unanimité : partant pour la fête ?",
        )
        engagement = engagement_actions.accept_engagement(actor=cook, engagement=engagement)
        entry = hours_actions.log_hours(
            volunteer=cook, engagement=engagement, date=today, hours=5, note="Repas pour 80"
        )
        hours_actions.confirm_hours(actor=manager, entry=entry)
        engagement_actions.complete_engagement(actor=manager, engagement=engagement)
    count = Project.objects.count()
    stdout.write(
        f"Demo volunteering: {count} projects, {len(needs)} needs, {len(offers)} offers, "
        "engagements at every stage."
    )
    return count

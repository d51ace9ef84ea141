"""The default skills taxonomy shipped with the kit, in English (``name``) and
French (``names["fr"]``), loaded by a data migration; network admins edit it
afterwards."""

from __future__ import annotations

from community.members.models import Skill, SkillCategory

# (slug, English name, French name, [(slug, English name, French name)])
DEFAULT_TAXONOMY: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "communication",
        "Communication",
        "Communication",
        [
            ("writing", "Writing and editing", "Rédaction et relecture"),
            ("social-media", "Social media", "Réseaux sociaux"),
            ("graphic-design", "Graphic design", "Graphisme"),
            ("photography", "Photography", "Photographie"),
            ("video", "Video making", "Réalisation vidéo"),
            ("public-relations", "Press and public relations", "Relations presse et publiques"),
            ("event-organisation", "Event organisation", "Organisation d’événements"),
        ],
    ),
    (
        "digital",
        "Digital",
        "Numérique",
        [
            ("web-development", "Web development", "Développement web"),
            (
                "website-management",
                "Website management (WordPress…)",
                "Gestion de site web (WordPress…)",
            ),
            ("data-analysis", "Data analysis and spreadsheets", "Analyse de données et tableurs"),
            ("it-support", "IT support and equipment", "Assistance informatique et matériel"),
            ("digital-inclusion", "Digital inclusion coaching", "Médiation numérique"),
            ("cybersecurity", "Cybersecurity", "Cybersécurité"),
            ("ux-design", "UX and service design", "UX et design de services"),
        ],
    ),
    (
        "finance-legal",
        "Finance & legal",
        "Finances et juridique",
        [
            ("accounting", "Accounting and bookkeeping", "Comptabilité et tenue des comptes"),
            (
                "fundraising",
                "Fundraising and grant writing",
                "Collecte de fonds et demandes de subventions",
            ),
            ("legal-advice", "Legal advice", "Conseil juridique"),
            (
                "association-law",
                "Association law and governance",
                "Droit des associations et gouvernance",
            ),
            ("payroll", "Payroll and HR administration", "Paie et administration RH"),
            ("budgeting", "Budgeting and financial planning", "Budget et prévisions financières"),
        ],
    ),
    (
        "management",
        "Management",
        "Gestion et pilotage",
        [
            ("project-management", "Project management", "Gestion de projet"),
            ("volunteer-coordination", "Volunteer coordination", "Coordination de bénévoles"),
            ("strategy", "Strategy and planning", "Stratégie et planification"),
            ("facilitation", "Meeting facilitation", "Animation de réunions"),
            ("partnerships", "Partnerships and networking", "Partenariats et réseautage"),
            ("impact-measurement", "Impact measurement", "Mesure d’impact"),
        ],
    ),
    (
        "education",
        "Education & support",
        "Éducation et accompagnement",
        [
            ("tutoring", "Tutoring and homework help", "Soutien scolaire et aide aux devoirs"),
            (
                "literacy",
                "Literacy and French as a foreign language",
                "Alphabétisation et français langue étrangère",
            ),
            ("training", "Training adults", "Formation d’adultes"),
            (
                "mentoring",
                "Mentoring and career coaching",
                "Parrainage et accompagnement vers l’emploi",
            ),
            ("youth-work", "Youth work", "Animation jeunesse"),
            ("listening", "Listening and befriending", "Écoute et visites de convivialité"),
        ],
    ),
    (
        "field-logistics",
        "Field & logistics",
        "Terrain et logistique",
        [
            ("driving", "Driving (car or van)", "Conduite (voiture ou utilitaire)"),
            (
                "food-distribution",
                "Food collection and distribution",
                "Collecte et distribution alimentaire",
            ),
            ("warehouse", "Warehouse and stock handling", "Entrepôt et gestion des stocks"),
            ("diy-repairs", "DIY and repairs", "Bricolage et réparations"),
            ("gardening", "Gardening", "Jardinage"),
            ("cooking", "Cooking", "Cuisine"),
            ("sewing", "Sewing and textile repair", "Couture et réparation textile"),
        ],
    ),
    (
        "languages",
        "Languages",
        "Langues",
        [
            ("english", "English", "Anglais"),
            ("spanish", "Spanish", "Espagnol"),
            ("arabic", "Arabic", "Arabe"),
            ("german", "German", "Allemand"),
            ("sign-language", "French Sign Language", "Langue des signes française (LSF)"),
            ("translation", "Translation and interpreting", "Traduction et interprétariat"),
        ],
    ),
    (
        "health",
        "Health & care",
        "Santé et soins",
        [
            ("first-aid", "First aid", "Premiers secours"),
            ("nursing", "Nursing and care", "Soins infirmiers et aide à la personne"),
            ("mental-health", "Mental health support", "Soutien en santé mentale"),
            ("elderly-care", "Care for older people", "Accompagnement des personnes âgées"),
            ("disability-support", "Disability support", "Accompagnement du handicap"),
        ],
    ),
]


def _install(model, slug: str, name: str, name_fr: str, **defaults) -> object:
    """The shipped entry ``slug``, created when missing. One that exists gets
    the French name if it has none and still bears the shipped English name
    (an entry the admins renamed keeps its names)."""
    entry, created = model.objects.get_or_create(
        slug=slug, defaults={"name": name, "names": {"fr": name_fr}, **defaults}
    )
    if not created and not entry.names.get("fr") and entry.name == name:
        entry.names = {**entry.names, "fr": name_fr}
        entry.save(update_fields=["names"])
    return entry


def install_default_taxonomy(category_model=None, skill_model=None) -> None:
    """Create the default categories and skills that are missing, with their
    French names, and give the shipped ones already there their French name
    (idempotent).

    The data migration passes its historical models; tests whose database was
    flushed (transactional tests) call it with no arguments.
    """
    if category_model is None or skill_model is None:
        category_model, skill_model = SkillCategory, Skill
    for position, (slug, name, name_fr, skills) in enumerate(DEFAULT_TAXONOMY):
        category = _install(category_model, slug, name, name_fr, position=position)
        for skill_slug, skill_name, skill_name_fr in skills:
            _install(skill_model, skill_slug, skill_name, skill_name_fr, category=category)

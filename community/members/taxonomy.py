"""The default skills taxonomy shipped with the kit (loaded by a data
migration; network admins edit it afterwards)."""

from __future__ import annotations

from community.members.models import Skill, SkillCategory

DEFAULT_TAXONOMY: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "communication",
        "Communication",
        [
            ("writing", "Writing and editing"),
            ("social-media", "Social media"),
            ("graphic-design", "Graphic design"),
            ("photography", "Photography"),
            ("video", "Video making"),
            ("public-relations", "Press and public relations"),
            ("event-organisation", "Event organisation"),
        ],
    ),
    (
        "digital",
        "Digital",
        [
            ("web-development", "Web development"),
            ("website-management", "Website management (WordPress…)"),
            ("data-analysis", "Data analysis and spreadsheets"),
            ("it-support", "IT support and equipment"),
            ("digital-inclusion", "Digital inclusion coaching"),
            ("cybersecurity", "Cybersecurity"),
            ("ux-design", "UX and service design"),
        ],
    ),
    (
        "finance-legal",
        "Finance & legal",
        [
            ("accounting", "Accounting and bookkeeping"),
            ("fundraising", "Fundraising and grant writing"),
            ("legal-advice", "Legal advice"),
            ("association-law", "Association law and governance"),
            ("payroll", "Payroll and HR administration"),
            ("budgeting", "Budgeting and financial planning"),
        ],
    ),
    (
        "management",
        "Management",
        [
            ("project-management", "Project management"),
            ("volunteer-coordination", "Volunteer coordination"),
            ("strategy", "Strategy and planning"),
            ("facilitation", "Meeting facilitation"),
            ("partnerships", "Partnerships and networking"),
            ("impact-measurement", "Impact measurement"),
        ],
    ),
    (
        "education",
        "Education & support",
        [
            ("tutoring", "Tutoring and homework help"),
            ("literacy", "Literacy and French as a foreign language"),
            ("training", "Training adults"),
            ("mentoring", "Mentoring and career coaching"),
            ("youth-work", "Youth work"),
            ("listening", "Listening and befriending"),
        ],
    ),
    (
        "field-logistics",
        "Field & logistics",
        [
            ("driving", "Driving (car or van)"),
            ("food-distribution", "Food collection and distribution"),
            ("warehouse", "Warehouse and stock handling"),
            ("diy-repairs", "DIY and repairs"),
            ("gardening", "Gardening"),
            ("cooking", "Cooking"),
            ("sewing", "Sewing and textile repair"),
        ],
    ),
    (
        "languages",
        "Languages",
        [
            ("english", "English"),
            ("spanish", "Spanish"),
            ("arabic", "Arabic"),
            ("german", "German"),
            ("sign-language", "French Sign Language"),
            ("translation", "Translation and interpreting"),
        ],
    ),
    (
        "health",
        "Health & care",
        [
            ("first-aid", "First aid"),
            ("nursing", "Nursing and care"),
            ("mental-health", "Mental health support"),
            ("elderly-care", "Care for older people"),
            ("disability-support", "Disability support"),
        ],
    ),
]


def install_default_taxonomy(category_model=None, skill_model=None) -> None:
    """Create the default categories and skills that are missing (idempotent).

    The data migration passes its historical models; tests whose database was
    flushed (transactional tests) call it with no arguments.
    """
    if category_model is None or skill_model is None:
        category_model, skill_model = SkillCategory, Skill
    for position, (slug, name, skills) in enumerate(DEFAULT_TAXONOMY):
        category, _ = category_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        for skill_slug, skill_name in skills:
            skill_model.objects.get_or_create(
                slug=skill_slug, defaults={"name": skill_name, "category": category}
            )

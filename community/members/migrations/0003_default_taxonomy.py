from django.db import migrations

from community.members.taxonomy import DEFAULT_TAXONOMY


def load_taxonomy(apps, schema_editor):
    SkillCategory = apps.get_model("members", "SkillCategory")
    Skill = apps.get_model("members", "Skill")
    for position, (slug, name, skills) in enumerate(DEFAULT_TAXONOMY):
        category, _ = SkillCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        for skill_slug, skill_name in skills:
            Skill.objects.get_or_create(
                slug=skill_slug, defaults={"name": skill_name, "category": category}
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0002_skills")]
    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]

from django.db import migrations

from community.members.taxonomy import install_default_taxonomy


def load_taxonomy(apps, schema_editor):
    install_default_taxonomy(apps.get_model("members", "SkillCategory"), apps.get_model("members", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("members", "0002_skills")]
    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]

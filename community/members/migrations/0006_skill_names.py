from django.db import migrations, models

from community.members.taxonomy import install_default_taxonomy


def load_taxonomy(apps, schema_editor):
    install_default_taxonomy(apps.get_model("members", "SkillCategory"), apps.get_model("members", "Skill"))


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_user_name_key'),
    ]

    operations = [
        migrations.AddField(
            model_name='skill',
            name='names',
            field=models.JSONField(blank=True, default=dict, verbose_name='names in other languages'),
        ),
        migrations.AddField(
            model_name='skillcategory',
            name='names',
            field=models.JSONField(blank=True, default=dict, verbose_name='names in other languages'),
        ),
        # The shipped taxonomy with its French names: installed on a new
        # database, the French names added to the shipped entries of one that
        # had it (those the admins renamed keep their names).
        migrations.RunPython(load_taxonomy, migrations.RunPython.noop),
    ]

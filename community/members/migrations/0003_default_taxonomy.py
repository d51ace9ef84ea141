from django.db import migrations

# The default taxonomy is installed by 0006_skill_names, with its French names
# (a database that ran this migration before gets them there).


class Migration(migrations.Migration):
    dependencies = [("members", "0002_skills")]
    operations = []

"""``User.name_key``: the display name without accents, case or punctuation,
so that name searches find "Hélène" when "helene" is typed. Filled for the
members who already exist (later saves keep it, ``User.save``)."""

import re
import unicodedata

from django.db import migrations, models

NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def key(text: str) -> str:
    # community.members.normalise.search_key as it was when this migration was written.
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return NOT_WORD.sub(" ", stripped.casefold()).strip()


def fill(apps, schema_editor) -> None:
    User = apps.get_model("members", "User")
    batch = []
    for user in User.objects.only("pk", "display_name").iterator(chunk_size=2000):
        user.name_key = key(user.display_name)
        batch.append(user)
        if len(batch) == 2000:
            User.objects.bulk_update(batch, ["name_key"])
            batch = []
    User.objects.bulk_update(batch, ["name_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_profiles"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="name_key",
            field=models.CharField(blank=True, db_default="", editable=False, max_length=200),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

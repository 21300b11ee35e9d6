from django.db import migrations

from search.index import rebuild


def fill_index(apps, schema_editor):
    rebuild(apps)


class Migration(migrations.Migration):
    # Index what is already published; from now on, publishing keeps it current.
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill_index, migrations.RunPython.noop),
    ]

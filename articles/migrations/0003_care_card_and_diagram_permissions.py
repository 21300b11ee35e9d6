"""Let Editors and Medical reviewers write care cards and cycle diagrams."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Both groups edit them as they edit sections: they are reviewed with the article.
CODENAMES = [
    f"{action}_{model}"
    for model in ("carecard", "carecarditem", "cyclediagram", "cyclestage")
    for action in ("add", "change", "delete", "view")
]
GROUPS = ["Editors", "Medical reviewers"]


def grant(apps, schema_editor):
    # Permissions are normally made after migrations; the grant needs them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_care_cards_and_cycle_diagrams"),
        ("editorial", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""Let Editors and Medical reviewers edit the site's own pages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Pages are a fixed set: both groups change them, neither adds or deletes one.
CODENAMES = ["change_page", "view_page"]
GROUPS = ["Editors", "Medical reviewers"]


def grant(apps, schema_editor):
    # Permissions are normally made after migrations; the grant needs them now.
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="pages", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("editorial", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

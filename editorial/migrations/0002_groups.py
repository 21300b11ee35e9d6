"""Create the Editors and Medical reviewers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = {
    "articles": ["add_article", "change_article", "view_article",
                 "add_section", "change_section", "delete_section", "view_section"],
    "faq": ["add_entry", "change_entry", "view_entry"],
    "disclaimers": ["change_disclaimer", "view_disclaimer", "view_topic"],
    "editorial": ["add_reference", "change_reference", "view_reference",
                  "view_reviewer"],
}  # fmt: skip
# Reviewers do all that editors do, and publish and record clinical reviews.
REVIEWERS = {
    "articles": [*EDITORS["articles"], "publish_article", "delete_article"],
    "faq": [*EDITORS["faq"], "publish_entry", "delete_entry"],
    "disclaimers": EDITORS["disclaimers"],
    "editorial": EDITORS["editorial"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in [("Editors", EDITORS), ("Medical reviewers", REVIEWERS)]:
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            permission
            for app_label, codenames in grants.items()
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        ]
        if len(permissions) != sum(map(len, grants.values())):
            raise RuntimeError(f"Some permissions for {name} do not exist.")
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("articles", "0001_initial"),
        ("faq", "0001_initial"),
        ("disclaimers", "0002_topics"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]

"""Create the topic tags: a fixed vocabulary, each tied to one disclaimer."""

from django.db import migrations

TOPICS = [
    ("condition", "Condition", "condition-scope"),
    ("evidence", "Evidence", "evidence"),
    ("outlook", "Outlook", "outlook"),
    ("safety", "Safety", "safety"),
    ("cost", "Cost", "cost-clinics"),
    ("clinics", "Clinics", "cost-clinics"),
    ("treatments", "Treatments", "approved-alternatives"),
    ("lifestyle", "Lifestyle", "lifestyle"),
]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("disclaimers", "Topic")
    for slug, name, disclaimer_key in TOPICS:
        Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "disclaimer_key": disclaimer_key}
        )


class Migration(migrations.Migration):
    dependencies = [("disclaimers", "0001_initial")]

    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]

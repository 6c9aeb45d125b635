"""OMERO's system groups: ``system`` (administrators), ``user`` (active users), ``guest``."""

from django.db import migrations

GROUPS = [
    ("system", "rw----", "OMERO administrators."),
    ("user", "rwr---", "Every active user."),
    ("guest", "rw----", "The guest user."),
]


def create_groups(apps, schema_editor):
    group_model = apps.get_model("model", "ExperimenterGroup")
    for name, permissions, description in GROUPS:
        group_model.objects.get_or_create(
            name=name, defaults={"permissions": permissions, "description": description}
        )


def remove_groups(apps, schema_editor):
    group_model = apps.get_model("model", "ExperimenterGroup")
    group_model.objects.filter(name__in=[name for name, _, _ in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("model", "0001_initial")]

    operations = [migrations.RunPython(create_groups, remove_groups)]

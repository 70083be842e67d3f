"""Hoofdredacteuren may see the anonymous statistics of the self-assessment (never single answers)."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="checklists", model="selfassessment")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_selfassessment", defaults={"name": "Can view zelfscan"}
    )
    for group in Group.objects.filter(name="Hoofdredacteur"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0001_initial"),
        ("home", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

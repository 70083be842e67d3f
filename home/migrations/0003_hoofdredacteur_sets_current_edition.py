"""The Hoofdredacteur chooses the current edition (the site setting), not only a superuser."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="portalsettings")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_portalsettings",
        defaults={"name": "Can change portaalinstellingen"},
    )
    for group in Group.objects.filter(name="Hoofdredacteur"):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Hoofdredacteur"):
        group.permissions.remove(
            *group.permissions.filter(codename="change_portalsettings")
        )


class Migration(migrations.Migration):
    dependencies = [("home", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]

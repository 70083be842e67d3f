"""Let Wagtail's editor and moderator groups manage competencies and their areas."""

from django.db import migrations

GROUP_PERMISSIONS = {
    "Editors": ["add_competentie", "change_competentie", "add_competentiegebied", "change_competentiegebied"],
    "Moderators": [
        "add_competentie", "change_competentie", "delete_competentie", "publish_competentie",
        "add_competentiegebied", "change_competentiegebied", "delete_competentiegebied",
    ],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create the ones needed here.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            action, model = codename.split("_", 1)
            content_type, _ = ContentType.objects.get_or_create(app_label="framework_pages", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": f"Can {action} {model}"}
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("framework_pages", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

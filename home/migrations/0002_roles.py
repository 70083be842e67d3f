"""The editorial roles as Wagtail groups: Redacteur (edit, submit for moderation) and
Hoofdredacteur (also publish, delete and import editions, and approve in the moderation workflow).

Page permissions are granted on the tree root, as Wagtail grants its own Editors and Moderators,
so they cover the home page, every edition and every page added later. Coordinators and their
invited managers have no account or an account in neither group: without
``wagtailadmin.access_admin`` the admin refuses them.
"""

from django.db import migrations

PAGE_PERMISSIONS = {
    "Redacteur": ["add_page", "change_page", "lock_page"],
    "Hoofdredacteur": ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"],
}

MODEL_PERMISSIONS = {
    "Redacteur": [
        ("wagtailadmin", "admin", "access_admin"),
        ("framework_pages", "competentie", "add_competentie"),
        ("framework_pages", "competentie", "change_competentie"),
        ("framework_pages", "competentiegebied", "add_competentiegebied"),
        ("framework_pages", "competentiegebied", "change_competentiegebied"),
        ("wagtailimages", "image", "add_image"),
        ("wagtaildocs", "document", "add_document"),
    ],
    "Hoofdredacteur": [
        ("wagtailadmin", "admin", "access_admin"),
        ("framework_pages", "competentie", "add_competentie"),
        ("framework_pages", "competentie", "change_competentie"),
        ("framework_pages", "competentie", "delete_competentie"),
        ("framework_pages", "competentie", "publish_competentie"),
        ("framework_pages", "competentiegebied", "add_competentiegebied"),
        ("framework_pages", "competentiegebied", "change_competentiegebied"),
        ("framework_pages", "competentiegebied", "delete_competentiegebied"),
        ("framework_pages", "frameworkpage", "import_edition"),
        ("wagtailimages", "image", "add_image"),
        ("wagtaildocs", "document", "add_document"),
    ],
}

NAMES = {
    "access_admin": "Can access Wagtail admin",
    "import_edition": "Kan een editie importeren",
}


def permission(apps, app_label, model, codename):
    # Permissions are normally created after all migrations; create the ones needed here.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    action = codename.split("_", 1)[0]
    obj, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": NAMES.get(codename, f"Can {action} {model}")},
    )
    return obj


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name in PAGE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codename in MODEL_PERMISSIONS[name]:
            perm = permission(apps, app_label, model, codename)
            if app_label in ("wagtailimages", "wagtaildocs"):
                # Wagtail checks image and document permissions per collection.
                if root_collection is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )
            else:
                group.permissions.add(perm)
        if root is not None:
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root,
                    permission=permission(apps, "wagtailcore", "page", codename),
                )

    # The default moderation task ("Moderators approval") is approved by Hoofdredacteur too.
    hoofdredacteur = Group.objects.get(name="Hoofdredacteur")
    for task in GroupApprovalTask.objects.filter(groups__name="Moderators"):
        task.groups.add(hoofdredacteur)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PAGE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("framework_pages", "0004_framework_import_permission"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0001_initial"),
        ("wagtaildocs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

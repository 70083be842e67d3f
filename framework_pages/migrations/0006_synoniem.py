from django.db import migrations, models

# A first list; editors keep it in the admin (Beroepsprofiel → Synoniemen voor zoeken).
FIRST_SYNONYMS = [
    "VOG, verklaring omtrent gedrag",
    "werven, werving",
    "AVG, privacy, gegevensbescherming",
    "inwerken, introductie",
    "kennismakingsgesprek, intakegesprek, intake",
    "waarderen, erkenning",
    "scholing, training, cursus",
]


# The synonyms change public search results at once, without moderation: only the roles that
# publish may change them.
GROUPS = ["Hoofdredacteur", "Moderators"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="framework_pages", model="synoniem")
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        for action in ("add", "change", "delete"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_synoniem",
                defaults={"name": f"Can {action} synoniem"},
            )
            group.permissions.add(permission)


def add_first_synonyms(apps, schema_editor):
    Synoniem = apps.get_model("framework_pages", "Synoniem")
    for words in FIRST_SYNONYMS:
        Synoniem.objects.get_or_create(words=words)


class Migration(migrations.Migration):
    dependencies = [
        ("framework_pages", "0005_competency_chooser_block"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Synoniem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("words", models.TextField(help_text="Twee of meer woorden of woordgroepen met dezelfde betekenis, gescheiden door komma's. Bijvoorbeeld: ‘VOG, verklaring omtrent gedrag’ of ‘werven, werving’.", max_length=1000, verbose_name="woorden")),
            ],
            options={"verbose_name": "synoniem", "verbose_name_plural": "synoniemen", "ordering": ["words"]},
        ),
        migrations.RunPython(add_first_synonyms, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

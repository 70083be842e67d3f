"""Wagtail's default English names in Dutch: the moderation workflow (editors see it on the submit
button, "Stuur door naar …"), its task (in the moderator's queue) and the root of the page tree
(the page listing's first crumb). Only Wagtail's defaults are replaced; a name an editor chose
stays."""

from django.db import migrations

WORKFLOW = ("Moderators approval", "Redactionele goedkeuring")
TASK = ("Moderators approval", "Goedkeuring door de hoofdredactie")
ROOT = ("Root", "Alle pagina's")  # home.setup.ROOT_TITLE


def rename(apps, old, new):
    """Each default name at index ``old`` of its pair becomes the one at ``new``."""
    get = apps.get_model
    get("wagtailcore", "Workflow").objects.filter(name=WORKFLOW[old]).update(name=WORKFLOW[new])
    get("wagtailcore", "Task").objects.filter(name=TASK[old]).update(name=TASK[new])
    get("wagtailcore", "Page").objects.filter(depth=1, title=ROOT[old]).update(
        title=ROOT[new], draft_title=ROOT[new]
    )


def to_dutch(apps, schema_editor):
    rename(apps, 0, 1)


def to_english(apps, schema_editor):
    rename(apps, 1, 0)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_hoofdredacteur_sets_current_edition"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_dutch, to_english)]

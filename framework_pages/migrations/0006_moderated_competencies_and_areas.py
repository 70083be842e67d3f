"""Competencies and their areas go through the moderation workflow, as pages do.

Both get Wagtail's workflow, draft state, locking and revision fields; areas that exist are
live (the field's default). The workflow of the page tree's root (Wagtail's default
"Moderators approval", approved by Hoofdredacteur too) is assigned to both snippet models,
and the roles get the snippet permissions that go with it: Redacteur (and Wagtail's Editors)
may lock; Hoofdredacteur (and Moderators) may also unlock and publish areas.

The workflow's group approval tasks become ``ModerationTask`` (a proxy: same row, groups and
name), which does not offer "approve" for a page choosing never-published competencies.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


PERMISSIONS = {
    ("Redacteur", "Editors"): ["lock_competentie", "lock_competentiegebied"],
    ("Hoofdredacteur", "Moderators"): [
        "lock_competentie",
        "unlock_competentie",
        "lock_competentiegebied",
        "unlock_competentiegebied",
        "publish_competentiegebied",
    ],
}


def moderate_snippets(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    Task = apps.get_model("wagtailcore", "Task")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    root = WorkflowPage.objects.filter(page__depth=1).select_related("workflow").first()
    workflow = root.workflow if root else Workflow.objects.filter(active=True).first()
    for model in ("competentie", "competentiegebied"):
        content_type, _ = ContentType.objects.get_or_create(app_label="framework_pages", model=model)
        if workflow is not None:
            WorkflowContentType.objects.get_or_create(
                content_type=content_type, defaults={"workflow": workflow}
            )
    if workflow is not None:
        proxy, _ = ContentType.objects.get_or_create(app_label="framework_pages", model="moderationtask")
        approval = ContentType.objects.get_for_model(apps.get_model("wagtailcore", "GroupApprovalTask"))
        task_ids = WorkflowTask.objects.filter(workflow=workflow).values("task_id")
        Task.objects.filter(pk__in=task_ids, content_type=approval).update(content_type=proxy)
    for group_names, codenames in PERMISSIONS.items():
        for codename in codenames:
            action, model = codename.split("_", 1)
            content_type = ContentType.objects.get(app_label="framework_pages", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": f"Can {action} {model}"}
            )
            for group in Group.objects.filter(name__in=group_names):
                group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ('framework_pages', '0005_competency_chooser_block'),
        ('wagtailcore', '0098_apitoken'),
        ('home', '0002_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='competentie',
            name='locked',
            field=models.BooleanField(default=False, editable=False, verbose_name='locked'),
        ),
        migrations.AddField(
            model_name='competentie',
            name='locked_at',
            field=models.DateTimeField(editable=False, null=True, verbose_name='locked at'),
        ),
        migrations.AddField(
            model_name='competentie',
            name='locked_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='locked_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='locked by'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='expire_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='expired',
            field=models.BooleanField(default=False, editable=False, verbose_name='expired'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='first_published_at',
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='go_live_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='go live date/time'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='has_unpublished_changes',
            field=models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='last_published_at',
            field=models.DateTimeField(editable=False, null=True, verbose_name='last published at'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='latest_revision',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='live',
            field=models.BooleanField(default=True, editable=False, verbose_name='live'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='live_revision',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='locked',
            field=models.BooleanField(default=False, editable=False, verbose_name='locked'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='locked_at',
            field=models.DateTimeField(editable=False, null=True, verbose_name='locked at'),
        ),
        migrations.AddField(
            model_name='competentiegebied',
            name='locked_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='locked_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='locked by'),
        ),
        migrations.CreateModel(
            name='ModerationTask',
            fields=[
            ],
            options={
                'verbose_name': 'goedkeuring door een groep, met controle van de competenties',
                'verbose_name_plural': 'goedkeuringen door een groep, met controle van de competenties',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('wagtailcore.groupapprovaltask',),
        ),
        migrations.RunPython(moderate_snippets, migrations.RunPython.noop),
    ]

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
import framework_pages.blocks
import wagtail.fields
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
        ('framework_pages', '0007_merge_edition_status_and_synonyms'),
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
        migrations.AlterField(
            model_name='taakgebiedpage',
            name='body',
            field=wagtail.fields.StreamField([('intro', 0), ('kerntaken', 12), ('task_matrix', 20), ('competenties', 26)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'ol', 'ul', 'link'], 'icon': 'pilcrow', 'label': 'Tekst', 'template': 'blocks/intro.html'}), 1: ('wagtail.blocks.CharBlock', (), {'default': 'Kerntaken zijn dan ook:', 'help_text': 'De zin boven de lijst, bijvoorbeeld ‘Kerntaken voor de coördinator zijn:’.', 'label': 'Inleidende zin'}), 2: ('wagtail.blocks.TextBlock', (), {'label': 'Kerntaak'}), 3: ('wagtail.blocks.BooleanBlock', (), {'help_text': 'Aan als de bron hier een selectievakje heeft; uit voor een opsommingsteken.', 'label': 'Aanvinkbaar in de zelfscan', 'required': False}), 4: ('wagtail.blocks.TextBlock', (), {'help_text': 'Redactionele notitie, alleen zichtbaar voor redacteuren: waarom de tekst of de plaats afwijkt van de bron, of wat nog besloten moet worden.', 'label': 'Redactionele notitie', 'required': False}), 5: ('wagtail.blocks.TextBlock', (), {'label': 'Onderdeel'}), 6: ('wagtail.blocks.BooleanBlock', (), {'help_text': 'Aan als de bron hier een selectievakje heeft.', 'label': 'Aanvinkbaar in de zelfscan', 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('text', 5), ('assessable', 6), ('note', 4)]], {}), 8: ('wagtail.blocks.ListBlock', (7,), {'help_text': 'Alleen als de kerntaak eindigt op een dubbele punt en onderdelen opsomt.', 'label': 'Onderdelen', 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('text', 2), ('assessable', 3), ('note', 4), ('children', 8)]], {}), 10: ('wagtail.blocks.ListBlock', (9,), {'label': 'Kerntaken'}), 11: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic'], 'label': 'Tekst na de lijst', 'required': False}), 12: ('wagtail.blocks.StructBlock', [[('intro', 1), ('items', 10), ('outro', 11)]], {}), 13: ('wagtail.blocks.TextBlock', (), {'help_text': 'De taak zoals coördinatoren haar lezen en aanvinken, in één zin.', 'label': 'Taak'}), 14: ('wagtail.blocks.StructBlock', [[('text', 13), ('note', 4)]], {}), 15: ('wagtail.blocks.ListBlock', (14,), {'collapsed': False, 'help_text': 'Taken die elke coördinator, beginnend en ervaren, substantieel kan aanvinken.', 'label': 'Basistaken', 'min_num': 0}), 16: ('wagtail.blocks.ListBlock', (14,), {'collapsed': False, 'help_text': 'Taken voor coördinatoren met ervaring in het werken met vrijwilligers.', 'label': 'Aanvullende taken', 'min_num': 0}), 17: ('wagtail.blocks.StructBlock', [[('basis', 15), ('aanvullend', 16)]], {'help_text': 'Taken van coördinatoren met veel direct contact met vrijwilligers.', 'label': 'Uitvoerend niveau'}), 18: ('wagtail.blocks.StructBlock', [[('basis', 15), ('aanvullend', 16)]], {'help_text': 'Taken rond vrijwilligersbeleid, randvoorwaarden en samenwerking.', 'label': 'Tactisch en strategisch niveau'}), 19: ('wagtail.blocks.TextBlock', (), {'help_text': 'Bijvoorbeeld waarom een taak in deze kolom staat: de bron las per rij eerst de linker- en dan de rechterkolom, de grens is een redactionele keuze.', 'label': 'Redactionele notitie bij de matrix', 'required': False}), 20: ('wagtail.blocks.StructBlock', [[('uitvoerend', 17), ('tactisch_strategisch', 18), ('note', 19)]], {}), 21: ('framework_pages.blocks.CompetentieChooserBlock', (), {'help_text': 'Kies een competentie van deze editie; een wijziging ervan geldt overal.', 'label': 'Competentie'}), 22: ('framework_pages.blocks.CompetentieChooserBlock', (), {'label': 'Deelcompetentie'}), 23: ('wagtail.blocks.ListBlock', (22,), {'default': [], 'help_text': 'Alleen als deze competentie eindigt op een dubbele punt en onderdelen heeft.', 'label': 'Deelcompetenties', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('competentie', 21), ('children', 23)]], {}), 25: ('wagtail.blocks.ListBlock', (24,), {'label': 'Competenties'}), 26: ('wagtail.blocks.StructBlock', [[('items', 25)]], {})}, verbose_name='inhoud'),
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

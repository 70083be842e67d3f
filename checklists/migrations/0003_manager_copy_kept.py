"""A manager's copy is their own: deleting the coordinator's assessment unlinks it (SET_NULL)
instead of deleting it with it (issue 12, personal data)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0002_statistics_permission"),
    ]

    operations = [
        migrations.AlterField(
            model_name="selfassessment",
            name="coordinator_assessment",
            field=models.ForeignKey(
                blank=True,
                help_text="Voor de zelfscan van een leidinggevende: de zelfscan waarmee hij vergeleken wordt.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="manager_assessments",
                to="checklists.selfassessment",
                verbose_name="zelfscan van de coördinator",
            ),
        ),
    ]

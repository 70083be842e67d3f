"""The development plan per point as what / how / who helps / date (two new text fields), and
the ticks a step had before "dit taakgebied doe ik niet", so that it can be undone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0003_manager_copy_kept"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="plan_how",
            field=models.TextField(blank=True, max_length=2000, verbose_name="hoe ga je dat doen"),
        ),
        migrations.AddField(
            model_name="answer",
            name="plan_support",
            field=models.TextField(blank=True, max_length=500, verbose_name="wie helpt je daarbij"),
        ),
        migrations.AlterField(
            model_name="answer",
            name="plan_note",
            field=models.TextField(blank=True, max_length=2000, verbose_name="wat wil je bereiken"),
        ),
        migrations.AddField(
            model_name="selfassessment",
            name="not_done",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]

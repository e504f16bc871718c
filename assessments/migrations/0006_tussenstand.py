import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_organisation_min_group_size"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tussenstand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("released_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("respondent_ids", models.JSONField(default=list)),
                ("rows", models.JSONField(default=list)),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tussenstanden",
                        to="assessments.round",
                    ),
                ),
            ],
            options={
                "verbose_name": "tussenstand",
                "verbose_name_plural": "tussenstanden",
                "ordering": ["round", "-released_at", "-id"],
            },
        ),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_rename_consensus_note_toelichting"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]

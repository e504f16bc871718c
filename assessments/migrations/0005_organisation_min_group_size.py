import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_answer_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="min_group_size",
            field=models.PositiveSmallIntegerField(
                default=3,
                help_text=(
                    "Cijfers over antwoorden tonen we pas vanaf dit aantal mensen, zodat niemand "
                    "herkenbaar is. Nooit minder dan 2."
                ),
                validators=[
                    django.core.validators.MinValueValidator(2),
                    django.core.validators.MaxValueValidator(50),
                ],
                verbose_name="minimale groepsgrootte",
            ),
        ),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_respondent_save_mark"),
    ]

    operations = [
        migrations.RenameField(model_name="consensus", old_name="note", new_name="toelichting"),
    ]

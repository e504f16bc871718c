"""Each release stores who was in which group when it was made (BenchmarkRelease.members), so
an organisation sees only the groups it was in. Earlier releases get it from their basis."""

from django.db import migrations, models


def members_from_basis(apps, schema_editor):
    # the historical model: its plain manager may write the one new field (the app's refuses)
    release_model = apps.get_model("assessments", "BenchmarkRelease")
    for release in release_model.objects.all():
        contributions = (release.basis or {}).get("contributions", {})
        release.members = {
            org: [type_, size, sorted({key.rsplit(":", 1)[0] for key in figures})]
            for org, (type_, size, figures) in contributions.items()
        }
        release.save(update_fields=["members"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0018_merged_audit_actions"),
    ]

    operations = [
        migrations.AddField(
            model_name="benchmarkrelease",
            name="members",
            field=models.JSONField(default=dict, editable=False),
        ),
        migrations.RunPython(members_from_basis, migrations.RunPython.noop),
    ]

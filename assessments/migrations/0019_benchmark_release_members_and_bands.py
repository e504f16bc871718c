"""Each release stores who was in which group when it was made (BenchmarkRelease.members), so
an organisation sees only the groups it was in; and a group shows its figures as bands of the
scale (benchmark/disclosure.py: summary). Earlier releases get both from their basis, which
holds every contribution and every content shown."""

import math

from django.db import migrations, models


def _summary(values):
    # a copy of disclosure.summary as it was when this migration was written
    ordered = sorted(values)
    count = len(ordered)
    shares = {"p25": 1, "median": 2, "p75": 3} if count >= 10 else {"median": 2}
    result = {"count": count}
    for statistic, share in shares.items():
        figure = ordered[max(1, math.ceil(count * share / 4)) - 1]
        result[statistic] = max(1, min(4, math.floor(figure)))
    return result


def bands_from_basis(apps, schema_editor):
    release_model = apps.get_model("assessments", "BenchmarkRelease")
    for release in release_model.objects.all():
        figures = release.figures or {}
        for bouwsteen, groups in (release.basis or {}).get("shown", {}).items():
            lineage, number = bouwsteen.rsplit(":", 1)
            shown = figures.get(lineage, {}).get("bouwstenen", {}).get(number)
            if shown is None:
                continue
            for code, content in groups.items():
                shown[code] = _summary(content.values())
        release.figures = figures
        release.save(update_fields=["figures"])


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
        migrations.RunPython(bands_from_basis, migrations.RunPython.noop),
    ]

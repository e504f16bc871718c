"""A closed round's frozen look back (ActionsAtClose.previous_actions) was taken from the
organisation's previous closed round of any model. From now on the previous round is the
latest earlier one of the same model (a framework's lineage, bouwstenen 0004). Where the
frozen list came from a round of another model, it is replaced by the actions of the right
round, as they stand now (what they were when the round closed is not known); a round with
no earlier round of its model gets an empty look back."""

from django.db import migrations

PREVIOUS_ACTION_FIELDS = ["id", "bouwsteen_id", "title", "status"]


def previous_of(Round, round):
    """Round.previous_closed as it reads now, on the migration's models."""
    candidates = Round.objects.filter(
        status="closed",
        organisation_id=round.organisation_id,
        framework__lineage=round.framework.lineage,
    ).exclude(pk=round.pk)
    if round.closed_at:
        candidates = candidates.filter(closed_at__lt=round.closed_at)
    return candidates.order_by("-closed_at").first()


def refreeze_previous_actions(apps, schema_editor):
    ActionsAtClose = apps.get_model("assessments", "ActionsAtClose")
    ImprovementAction = apps.get_model("assessments", "ImprovementAction")
    Round = apps.get_model("assessments", "Round")
    for frozen in ActionsAtClose.objects.select_related("round__framework"):
        previous = previous_of(Round, frozen.round)
        own = set(
            ImprovementAction.objects.filter(round=previous).values_list("id", flat=True)
            if previous
            else []
        )
        frozen_ids = {action["id"] for action in frozen.previous_actions}
        if frozen_ids <= own:
            continue  # the right round's (or empty)
        frozen.previous_actions = list(
            ImprovementAction.objects.filter(round=previous)
            .order_by("due_date", "id")
            .values(*PREVIOUS_ACTION_FIELDS)
            if previous
            else []
        )
        frozen.save(update_fields=["previous_actions"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0015_insider_logboek_and_start_keys"),
        ("bouwstenen", "0004_framework_lineage"),
    ]

    operations = [
        migrations.RunPython(refreeze_previous_actions, migrations.RunPython.noop),
    ]

"""A round in the Django admin: only a concept round may be deleted, as on the site."""

from django.urls import reverse

from assessments.models import Answer, Round
from tests.factories import make_answers, make_respondent, make_round


def bulk_delete(client, round):
    return client.post(
        reverse("admin:assessments_round_changelist"),
        {"action": "delete_selected", "_selected_action": [round.pk], "post": "yes"},
    )


def test_open_round_with_answers_cannot_be_deleted_in_the_admin(
    admin_client, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_answers(respondent=make_respondent(round=round, rol="bestuur"), levels={1: 3})
    page = admin_client.get(reverse("admin:assessments_round_change", args=[round.pk]))
    assert reverse("admin:assessments_round_delete", args=[round.pk]) not in page.content.decode()

    delete = reverse("admin:assessments_round_delete", args=[round.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert bulk_delete(admin_client, round).status_code == 403

    assert Round.objects.filter(pk=round.pk).exists() and Answer.objects.exists()


def test_concept_round_can_be_deleted_in_the_admin(admin_client, organisation, framework):
    one = make_round(organisation=organisation, framework=framework, name="Een")
    make_respondent(round=one)
    two = make_round(organisation=organisation, framework=framework, name="Twee")

    delete = reverse("admin:assessments_round_delete", args=[one.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert bulk_delete(admin_client, two).status_code == 302

    assert not Round.objects.exists()

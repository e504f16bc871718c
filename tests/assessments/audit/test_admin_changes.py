"""A beheerder who invites, corrects, revokes, reinstates or removes a respondent in the admin
leaves the same logboek lines as a coordinator doing it on the site."""

from django.urls import reverse

from assessments.audit.models import AuditEntry
from assessments.models import Respondent
from tests.factories import make_respondent, make_round

Action = AuditEntry.Action


def respondent_form(respondent, **changes):
    data = {
        "email": respondent.email,
        "name": respondent.name,
        "invited_rol": "",
        "rol": "",
        "function": "",
        "language": "nl",
        "revoked_at_0": "",
        "revoked_at_1": "",
    }
    return data | changes


def trail(round):
    return list(
        AuditEntry.objects.filter(round=round)
        .exclude(action=Action.ROUND_OPEN)
        .order_by("pk")
        .values_list("action", "actor_name")
    )


def test_the_beheerders_changes_to_a_respondent_are_in_the_logboek(
    admin_client, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    person = make_respondent(round=round, email="p@example.org")
    change = reverse("admin:assessments_respondent_change", args=[person.pk])

    revoked = admin_client.post(
        change, respondent_form(person, revoked_at_0="2026-12-01", revoked_at_1="10:00:00")
    )
    reinstated = admin_client.post(change, respondent_form(person))
    corrected = admin_client.post(change, respondent_form(person, email="q@example.org"))
    unchanged = admin_client.post(change, respondent_form(Respondent.objects.get(pk=person.pk)))
    added = admin_client.post(
        reverse("admin:assessments_respondent_add"),
        respondent_form(person, email="nieuw@example.org") | {"round": round.pk},
    )
    newcomer = Respondent.objects.get(email="nieuw@example.org")
    removed = admin_client.post(
        reverse("admin:assessments_respondent_delete", args=[newcomer.pk]), {"post": "yes"}
    )

    assert {r.status_code for r in (revoked, reinstated, corrected, unchanged, added, removed)} == {
        302
    }
    assert trail(round) == [
        (Action.RESPONDENT_REVOKE, "b@example.org"),
        (Action.RESPONDENT_REINSTATE, "b@example.org"),
        (Action.RESPONDENT_CORRECT, "b@example.org"),
        (Action.RESPONDENT_INVITE, "b@example.org"),
        (Action.RESPONDENT_REMOVE, "b@example.org"),
    ]


def test_respondents_added_and_revoked_in_the_rounds_admin_page_are_in_the_logboek(
    admin_client, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    person = make_respondent(round=round, email="p@example.org")
    prefix = "respondents"
    data = {
        "organisation": organisation.pk,
        "framework": framework.pk,
        "name": round.name,
        "deadline": "",
        "min_group_size": round.min_group_size,
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": person.pk,
        f"{prefix}-0-round": round.pk,
        f"{prefix}-0-email": person.email,
        f"{prefix}-0-name": "",
        f"{prefix}-0-invited_rol": "",
        f"{prefix}-0-rol": "",
        f"{prefix}-0-revoked_at_0": "2026-12-01",
        f"{prefix}-0-revoked_at_1": "10:00:00",
        f"{prefix}-1-round": round.pk,
        f"{prefix}-1-email": "inline@example.org",
        f"{prefix}-1-name": "",
        f"{prefix}-1-invited_rol": "",
        f"{prefix}-1-rol": "",
        f"{prefix}-1-revoked_at_0": "",
        f"{prefix}-1-revoked_at_1": "",
    }
    response = admin_client.post(reverse("admin:assessments_round_change", args=[round.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert trail(round) == [
        (Action.RESPONDENT_REVOKE, "b@example.org"),
        (Action.RESPONDENT_INVITE, "b@example.org"),
    ]

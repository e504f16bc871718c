"""The audit trail: every sensitive action of a coordinator is recorded with who and when,
in the same transaction; the organisation's coordinators and lezers read it, nobody else."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.audit.actor import acting_as
from assessments.audit.models import SYSTEM_NAME, AuditEntry
from assessments.audit.services import audit_record
from assessments.models import Membership
from assessments.organisations.models import MemberInvitation
from assessments.organisations.services import member_set_role
from assessments.rounds.services import round_close
from tests.factories import make_respondent, make_round, make_submitted_respondent

Action = AuditEntry.Action


def audit_url(organisation):
    return reverse("assessments:organisation-audit", args=[organisation.slug])


def trail(organisation):
    return list(
        AuditEntry.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("action", "actor_name", "round_name", "subject", "count")
    )


@pytest.fixture
def named_coordinator(coordinator):
    coordinator.first_name = "Carla Coördinator"
    coordinator.save()
    return coordinator


def test_every_sensitive_action_of_a_coordinator_is_recorded_with_who(
    client, named_coordinator, colleague, organisation, framework, mailoutbox
):
    client.force_login(named_coordinator)
    round = make_round(organisation=organisation, framework=framework, name="Scan 2026")
    person = make_respondent(round=round, email="p@example.org", name="Piet")
    make_submitted_respondent(
        round=round, rol="bestuur", levels={1: 2}, toelichting="Geheim antwoord"
    )
    rounds = lambda name, *args: reverse(f"assessments:{name}", args=[round.pk, *args])  # noqa: E731
    client.post(rounds("round-open"))
    client.post(rounds("round-remind"), {"confirm": "on"})
    client.post(rounds("respondent-revoke", person.pk))
    client.post(rounds("respondent-reinstate", person.pk))
    client.post(rounds("round-answers-close"))
    client.post(rounds("round-close"))
    client.post(rounds("round-erase-personal-data"), {"confirm": "on"})
    members = reverse("assessments:organisation-members", args=[organisation.slug])
    client.post(members, {"email": "nieuw@example.org", "name": "Nina", "role": "viewer"})
    colleague_membership = Membership.objects.get(user=colleague)
    member = reverse(
        "assessments:organisation-member", args=[organisation.slug, colleague_membership.pk]
    )
    client.post(member, {"role": "coordinator"})
    client.post(
        reverse(
            "assessments:organisation-member-remove",
            args=[organisation.slug, colleague_membership.pk],
        )
    )

    who = "Carla Coördinator"
    assert trail(organisation) == [
        (Action.ROUND_OPEN, who, "Scan 2026", "", None),
        (Action.ROUND_REMIND, who, "Scan 2026", "", 1),
        (Action.RESPONDENT_REVOKE, who, "Scan 2026", "", None),
        (Action.RESPONDENT_REINSTATE, who, "Scan 2026", "", None),
        (Action.ANSWERS_CLOSE, who, "Scan 2026", "", None),
        (Action.ROUND_CLOSE, who, "Scan 2026", "", None),
        (Action.PERSONAL_DATA_ERASE, who, "Scan 2026", "", 2),
        (Action.MEMBER_INVITE, who, "", "nieuw@example.org", None),
        (Action.MEMBER_ROLE, who, "", "collega@example.org: Coördinator", None),
        (Action.MEMBER_REMOVE, who, "", "collega@example.org", None),
    ]
    entries = AuditEntry.objects.filter(organisation=organisation)
    assert all(entry.actor == named_coordinator for entry in entries)
    client.get(reverse("assessments:round-list"))  # shows (and so clears) the messages
    page = client.get(audit_url(organisation)).content.decode()
    assert "Geheim antwoord" not in page  # never an answer
    assert "p@example.org" not in page and "Piet" not in page  # erased, also from the trail
    assert page.count("Carla Coördinator") >= 9


def test_a_colleague_joining_is_recorded_by_the_address_typed_and_a_withdrawal_too(
    client, named_coordinator, outsider, organisation, mailoutbox
):
    outsider.first_name = "Geheime Naam"
    outsider.email = "buiten@example.org"
    outsider.save()
    client.force_login(named_coordinator)
    members = reverse("assessments:organisation-members", args=[organisation.slug])
    client.post(members, {"email": "BUITEN@example.org", "role": "viewer"})
    client.post(members, {"email": "weg@example.org", "role": "viewer"})
    withdrawn = MemberInvitation.objects.get(email="weg@example.org")
    client.post(
        reverse(
            "assessments:organisation-invitation-withdraw", args=[organisation.slug, withdrawn.pk]
        )
    )
    link = next(line for line in mailoutbox[0].body.splitlines() if line.startswith("http"))
    client.force_login(outsider)
    client.post(link.removeprefix("http://testserver"))

    assert Membership.objects.filter(user=outsider, organisation=organisation).exists()
    # the address as the invitation stores it (its address_key), never the account's name
    assert trail(organisation) == [
        (Action.MEMBER_INVITE, "Carla Coördinator", "", "buiten@example.org", None),
        (Action.MEMBER_INVITE, "Carla Coördinator", "", "weg@example.org", None),
        (Action.MEMBER_INVITE_WITHDRAW, "Carla Coördinator", "", "weg@example.org", None),
        (Action.MEMBER_ADD, "Geheime Naam", "", "buiten@example.org", None),
    ]


def test_a_refused_action_records_nothing(coordinator, organisation, framework):
    closed = make_round(organisation=organisation, framework=framework, status="closed")
    before = AuditEntry.objects.count()
    with pytest.raises(Exception):  # noqa: B017, PT011 (RoundClosedError)
        round_close(round=closed)
    with pytest.raises(Exception):  # noqa: B017, PT011 (the last coordinator)
        member_set_role(membership=Membership.objects.get(user=coordinator), role="viewer")
    assert AuditEntry.objects.count() == before


def test_outside_a_request_the_system_is_the_actor(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    entry = AuditEntry.objects.get(round=round)
    assert entry.actor is None and entry.actor_name == SYSTEM_NAME == "systeem"


def test_the_trail_keeps_the_name_when_the_account_and_the_round_go(
    named_coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, name="Weg")
    with acting_as(named_coordinator):
        entry = audit_record(action=Action.ROUND_OPEN, round=round)
    round.delete()
    get_user_model().objects.filter(pk=named_coordinator.pk).delete()
    entry.refresh_from_db()
    assert (entry.actor, entry.round) == (None, None)
    assert (entry.actor_name, entry.round_name) == ("Carla Coördinator", "Weg")


def test_every_coordinator_and_lezer_of_the_organisation_reads_the_trail(
    client, coordinator, colleague, organisation
):
    for member in [coordinator, colleague]:
        client.force_login(member)
        response = client.get(audit_url(organisation))
        assert response.status_code == 200
    # the lezer is not sent to pages only coordinators may open
    settings = reverse("assessments:organisation-settings", args=[organisation.slug])
    assert settings not in response.content.decode()


def test_an_outsider_gets_404_for_the_trail(client, outsider, organisation):
    client.force_login(outsider)
    assert client.get(audit_url(organisation)).status_code == 404


def test_the_trail_needs_login(client, organisation):
    response = client.get(audit_url(organisation))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def make_entries(organisation, framework, count):
    round = make_round(organisation=organisation, framework=framework, name="Ronde")
    person = make_respondent(round=round, email="x@example.org")
    for number in range(count):
        audit_record(action=Action.RESPONDENT_REVOKE, respondent=person, count=number)


@pytest.mark.parametrize("entries", [5, 60])
def test_the_trail_is_paged_in_a_fixed_number_of_queries(
    client, coordinator, organisation, framework, django_assert_max_num_queries, entries
):
    make_entries(organisation, framework, entries)
    client.force_login(coordinator)
    # session, user, the organisation (the user's), coordinated organisations (the nav),
    # the count, the page with round, person and the marks of own questionnaires
    with django_assert_max_num_queries(6):
        response = client.get(audit_url(organisation))
    rows = response.content.decode().count("Link ingetrokken")
    assert rows == min(entries, 50)
    if entries > 50:
        second = client.get(audit_url(organisation) + "?pagina=2").content.decode()
        assert second.count("Link ingetrokken") == entries - 50
        assert "Pagina 2 van 2" in second


def test_the_beheerder_reads_the_trail_in_the_admin_but_cannot_change_it(
    admin_client, organisation, framework
):
    make_entries(organisation, framework, 1)
    entry = AuditEntry.objects.get()
    listing = admin_client.get(reverse("admin:assessments_auditentry_changelist"))
    assert listing.status_code == 200 and "Link ingetrokken" in listing.content.decode()
    detail = admin_client.get(reverse("admin:assessments_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="actor_name"' not in detail.content.decode()
    assert admin_client.get(reverse("admin:assessments_auditentry_add")).status_code == 403
    delete = reverse("admin:assessments_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()

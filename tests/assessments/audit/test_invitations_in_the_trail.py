"""Insider cover made visible: every invitation, resend, correction, removal, revoke,
reinstate, reminder and "Zelf invullen" is a line in the logboek, which every coordinator and
lezer of the organisation reads; lines about a coordinator's own questionnaire are marked, and
no answer is ever shown."""

import pytest
from django.urls import reverse

from assessments.audit.models import AuditEntry
from assessments.models import Membership, Respondent
from assessments.organisations.invitations import member_invitation_resend, member_invite
from assessments.rounds.services import round_close
from tests.factories import make_answers, make_respondent, make_round

Action = AuditEntry.Action
OWN = "Eigen vragenlijst van een coördinator"
COLLEAGUE_ADDRESS = "Adres van een collega met een account"


def audit_url(organisation):
    return reverse("assessments:organisation-audit", args=[organisation.slug])


def actions(organisation, **filters):
    return list(
        AuditEntry.objects.filter(organisation=organisation, **filters)
        .order_by("pk")
        .values_list("action", "respondent__email")
    )


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def test_every_way_of_inviting_someone_to_a_round_is_recorded_per_person(
    client, coordinator, organisation, framework, open_round, mailoutbox
):
    earlier = make_round(organisation=organisation, framework=framework, name="2025", status="open")
    make_respondent(round=earlier, email="terug@example.org", rol="bestuur")
    round_close(round=earlier)
    client.force_login(coordinator)
    url = lambda name, *args: reverse(f"assessments:{name}", args=[open_round.pk, *args])  # noqa: E731

    client.post(url("round-invite"), {"form": "list", "people": "a@example.org\nb@example.org"})
    client.post(url("round-invite"), {"form": "one", "email": "c@example.org", "rol": ""})
    client.post(url("round-invite"), {"form": "previous"})
    a = Respondent.objects.get(round=open_round, email="a@example.org")
    b = Respondent.objects.get(round=open_round, email="b@example.org")
    c = Respondent.objects.get(round=open_round, email="c@example.org")
    client.post(url("respondent-resend", a.pk))
    client.post(url("respondent-correct", b.pk), {"email": "b2@example.org", "name": "", "rol": ""})
    client.post(url("respondent-remove", c.pk))
    client.post(url("respondent-revoke", a.pk))
    client.post(url("respondent-reinstate", a.pk))
    client.post(url("round-remind"), {"confirm": "on"})
    client.post(url("round-fill-in-myself"))

    entries = actions(organisation, round=open_round)
    assert entries == [
        (Action.ROUND_OPEN, None),
        (Action.RESPONDENT_INVITE, "a@example.org"),
        (Action.RESPONDENT_INVITE, "b2@example.org"),  # the link follows the correction
        (Action.RESPONDENT_INVITE, None),  # c, removed from the list since
        (Action.RESPONDENT_INVITE, "terug@example.org"),
        (Action.RESPONDENT_RESEND, "a@example.org"),
        (Action.RESPONDENT_CORRECT, "b2@example.org"),
        (Action.RESPONDENT_REMOVE, None),
        (Action.RESPONDENT_REVOKE, "a@example.org"),
        (Action.RESPONDENT_REINSTATE, "a@example.org"),
        (Action.ROUND_REMIND, None),
        (Action.RESPONDENT_INVITE, coordinator.email),
        (Action.SELF_FILL, coordinator.email),
    ]
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {coordinator.pk, None}


def test_a_refused_invitation_resend_or_self_fill_records_nothing(
    client, coordinator, organisation, framework, mailoutbox
):
    closed = make_round(organisation=organisation, framework=framework, status="open")
    person = make_respondent(round=closed, email="laat@example.org")
    round_close(round=closed)
    before = AuditEntry.objects.count()
    client.force_login(coordinator)
    client.post(
        reverse("assessments:round-invite", args=[closed.pk]),
        {"form": "one", "email": "nieuw@example.org", "rol": ""},
    )
    client.post(reverse("assessments:respondent-resend", args=[closed.pk, person.pk]))
    client.post(reverse("assessments:round-fill-in-myself", args=[closed.pk]))
    assert AuditEntry.objects.count() == before


def test_asking_again_to_fill_in_oneself_records_the_self_fill_once(
    client, coordinator, organisation, open_round, mailoutbox
):
    client.force_login(coordinator)
    for _attempt in range(3):
        client.post(reverse("assessments:round-fill-in-myself", args=[open_round.pk]))
    assert actions(organisation, action=Action.SELF_FILL) == [(Action.SELF_FILL, coordinator.email)]


def test_the_lezer_sees_the_coordinators_own_questionnaire_plainly_marked_and_no_answer(
    client, coordinator, colleague, organisation, framework, open_round, mailoutbox
):
    client.force_login(coordinator)
    client.post(reverse("assessments:round-fill-in-myself", args=[open_round.pk]))
    own = Respondent.objects.get(round=open_round)
    make_answers(respondent=own, levels={1: 5}, toelichting="Mijn geheime toelichting")
    client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {"form": "one", "email": "nep@privé.example.org", "rol": ""},
    )

    client.force_login(colleague)
    page = client.get(audit_url(organisation)).content.decode()

    assert page.count(OWN) == 2  # the invitation and the self-fill of that one person
    assert "Zelf invullen" in page and "nep@privé.example.org" in page
    assert coordinator.email in page
    assert "Mijn geheime toelichting" not in page


def test_inviting_the_address_of_a_colleagues_account_is_marked(
    client, coordinator, colleague, organisation, open_round, mailoutbox
):
    client.force_login(coordinator)
    client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {"form": "list", "people": f"{colleague.email.upper()}\nander@example.org"},
    )
    page = client.get(audit_url(organisation)).content.decode()
    assert page.count(COLLEAGUE_ADDRESS) == 1 and OWN not in page


def test_an_erased_round_leaves_no_invited_address_in_the_trail(
    client, coordinator, organisation, open_round, mailoutbox
):
    client.force_login(coordinator)
    client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {"form": "one", "email": "weg@example.org", "name": "Wim Weg", "rol": ""},
    )
    round_close(round=open_round)
    client.post(
        reverse("assessments:round-erase-personal-data", args=[open_round.pk]), {"confirm": "on"}
    )
    page = client.get(audit_url(organisation)).content.decode()
    assert "Uitgenodigd voor de ronde" in page
    assert "weg@example.org" not in page and "Wim Weg" not in page


def test_a_lezer_finds_the_logboek_from_the_round(client, colleague, organisation, open_round):
    client.force_login(colleague)
    page = client.get(reverse("assessments:round-detail", args=[open_round.pk])).content.decode()
    assert audit_url(organisation) in page


def test_a_colleagues_invitation_sent_again_is_recorded(coordinator, organisation, mailoutbox):
    invitation = member_invite(
        organisation=organisation,
        email="nieuw@example.org",
        role=Membership.Role.VIEWER,
        invited_by=coordinator,
        url_for=str,
    )
    member_invitation_resend(invitation=invitation, invited_by=coordinator, url_for=str)
    subjects = AuditEntry.objects.filter(action=Action.MEMBER_INVITE).values_list(
        "subject", flat=True
    )
    assert list(subjects) == ["nieuw@example.org", "nieuw@example.org"]


@pytest.mark.parametrize("entries", [3, 30])
def test_the_marked_trail_costs_the_same_queries_for_every_length(
    client, coordinator, colleague, organisation, framework, django_assert_max_num_queries, entries
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for number in range(entries):
        person = make_respondent(round=round, email=f"p{number}@example.org")
        AuditEntry.objects.create(
            organisation=organisation, action=Action.SELF_FILL, actor_name="x", respondent=person
        )
    client.force_login(colleague)
    # session, user, the organisation (the user's), coordinated organisations (the nav),
    # the count, the page with round, person and both marks
    with django_assert_max_num_queries(6):
        page = client.get(audit_url(organisation)).content.decode()
    assert page.count(OWN) == entries

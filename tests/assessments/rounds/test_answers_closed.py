"""The stage between answering and closing: answers, people, links and the e-mails' texts
are frozen; the figures are those of the people counted when answering closed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Respondent, RoundClosedError, RoundMessage
from assessments.rounds.invitations import (
    Invitee,
    respondent_reinstate,
    respondent_revoke,
    respondents_invite,
)
from assessments.rounds.services import round_answers_close, round_close, round_open
from tests.factories import make_respondent, make_round, make_submitted_respondent


def url_for(token):
    return f"https://example.org/{token}/"


@pytest.fixture
def meeting_round(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for level in (2, 3, 4):
        make_submitted_respondent(round=round, rol="managers", levels={1: level})
    make_respondent(round=round, email="laat@example.org")
    return round_answers_close(round=round)


def test_closing_answering_counts_who_sent_and_logs_it(meeting_round):
    counted = Respondent.objects.filter(round=meeting_round, counted=True)

    assert counted.count() == 3
    assert not Respondent.objects.get(email="laat@example.org").counted
    assert meeting_round.answers_closed_at is not None
    entry = meeting_round.organisation.audit_entries.get(action="answers_close")
    assert entry.round == meeting_round


def test_nobody_is_invited_revoked_or_reinstated_once_answering_is_closed(meeting_round):
    late = Respondent.objects.get(email="laat@example.org")

    with pytest.raises(RoundClosedError, match="Invullen is gesloten"):
        respondents_invite(
            round=meeting_round, invitees=[Invitee("x@example.org")], url_for=url_for
        )
    with pytest.raises(RoundClosedError):
        respondent_revoke(respondent=late)
    late.revoked_at = timezone.now()
    with pytest.raises(RoundClosedError):
        late.save()
    with pytest.raises(RoundClosedError):
        respondent_reinstate(respondent=late)
    assert Respondent.objects.filter(round=meeting_round).count() == 4


def test_closing_answering_twice_or_opening_again_is_refused(meeting_round):
    with pytest.raises(RoundClosedError):
        round_answers_close(round=meeting_round)
    with pytest.raises(RoundClosedError):
        round_open(round=meeting_round)


def test_the_coordinators_own_questionnaire_is_marked_as_an_insiders_and_never_counts(
    client, organisation, framework, coordinator
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)
    client.post(reverse("assessments:round-fill-in-myself", args=[round.pk]))
    own = Respondent.objects.get(round=round)
    own.submitted_at = timezone.now()
    own.save()

    round_answers_close(round=round)

    own.refresh_from_db()
    assert own.insider and not own.counted


def test_the_emails_texts_are_frozen_once_answering_is_closed(client, coordinator, meeting_round):
    client.force_login(coordinator)
    url = reverse("assessments:round-messages", args=[meeting_round.pk])

    client.post(
        url,
        {
            "contact_name": "Nieuw",
            "contact_email": "nieuw@example.org",
            "invitation_text": "Anders",
            "reminder_text": "",
            "outcome_shared": "on",
        },
    )

    message = RoundMessage.objects.get(round=meeting_round)
    assert (message.invitation_text, message.contact_name) == ("", "")
    assert message.outcome_shared  # what the old links show after closing may still change
    message.invitation_text = "Toch anders"
    with pytest.raises(RoundClosedError):
        message.save()


def test_a_closed_rounds_report_keeps_its_figures_when_a_link_is_revoked_later(
    client, coordinator, meeting_round
):
    closed = round_close(round=meeting_round)
    client.force_login(coordinator)
    url = reverse("assessments:round-report-csv", args=[closed.pk])
    before = client.get(url).content

    with pytest.raises(RoundClosedError):
        respondent_revoke(respondent=Respondent.objects.filter(round=closed).first())

    assert client.get(url).content == before


@pytest.mark.parametrize("people", [3, 30])
def test_the_answers_close_page_reads_a_fixed_number_of_queries(
    client, coordinator, organisation, framework, django_assert_max_num_queries, people
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for _ in range(people):
        make_submitted_respondent(round=round, rol="managers", levels={1: 3})
    client.force_login(coordinator)
    url = reverse("assessments:round-answers-close", args=[round.pk])

    # session, user (and its second factor), round, the people, the tussenstanden, the
    # coordinators' addresses, the active and submitted counts, the nav's organisations
    with django_assert_max_num_queries(14):
        response = client.get(url)

    assert f"{people} van {people} mensen tellen mee" in response.content.decode()


@pytest.mark.parametrize("status", ["answers_closed", "closed"])
def test_a_messages_post_that_changes_nothing_writes_nothing_once_answering_closed(
    client, coordinator, organisation, framework, status
):
    from django.contrib.messages import get_messages

    from tests.factories import make_round

    round = make_round(organisation=organisation, framework=framework, status=status)
    client.force_login(coordinator)
    url = reverse("assessments:round-messages", args=[round.pk])

    response = client.post(
        url, {"contact_name": "Nieuw", "invitation_text": "Anders", "reminder_text": ""}
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Er is niets gewijzigd. De e-mails liggen vast sinds het invullen is gesloten; alleen "
        "het delen van de uitkomst kun je nog aanpassen."
    ]
    assert not RoundMessage.objects.exists()
    with pytest.raises(RoundClosedError):
        RoundMessage(round=round).save()  # an empty row is refused below the view too

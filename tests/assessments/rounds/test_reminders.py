import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Respondent
from tests.factories import make_respondent, make_round


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def invited(round, email, **fields):
    return make_respondent(round=round, email=email, invited_at=timezone.now(), **fields)


def remind(client, round, **kwargs):
    """Send the reminders as the confirmation page does."""
    return client.post(
        reverse("assessments:round-remind", args=[round.pk]), {"confirm": "on"}, **kwargs
    )


def test_reminder_goes_only_to_invited_people_who_have_not_sent(
    client, coordinator, open_round, mailoutbox
):
    started = invited(open_round, "started@example.org", rol=None, last_step="niveau:gesprek")
    invited(open_round, "fresh@example.org", name="Fien")
    invited(open_round, "done@example.org", submitted_at=timezone.now())
    invited(open_round, "gone@example.org", revoked_at=timezone.now())
    make_respondent(round=open_round, email="not-yet-invited@example.org")
    client.force_login(coordinator)

    response = remind(client, open_round, follow=True)

    assert "2 herinneringen verstuurd." in response.content.decode()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_address) == ["fresh@example.org", "started@example.org"]
    assert all(m.subject == "Herinnering: Borgingsscan 2026" for m in mailoutbox)
    assert "Wat je al hebt ingevuld, is bewaard." in by_address["started@example.org"].body
    assert "Wat je al hebt ingevuld" not in by_address["fresh@example.org"].body
    assert by_address["fresh@example.org"].body.startswith("Beste Fien,")
    assert started.token in by_address["started@example.org"].body
    started.refresh_from_db()
    assert started.last_sent_at is not None


def test_nobody_waiting_sends_nothing(client, coordinator, open_round, mailoutbox):
    invited(open_round, "done@example.org", submitted_at=timezone.now())
    client.force_login(coordinator)

    response = remind(client, open_round, follow=True)

    assert "Iedereen heeft al verstuurd." in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize("status", ["concept", "closed"])
def test_reminders_only_in_an_open_round(
    client, coordinator, organisation, framework, mailoutbox, status
):
    round = make_round(organisation=organisation, framework=framework, status=status)
    if status == "concept":
        invited(round, "a@example.org")
    client.force_login(coordinator)

    response = remind(client, round, follow=True)

    assert "alleen sturen als de ronde open is" in response.content.decode()
    assert mailoutbox == []


def test_viewer_and_outsider_cannot_remind(client, colleague, outsider, open_round, mailoutbox):
    waiting = invited(open_round, "a@example.org")
    for user in (colleague, outsider):
        client.force_login(user)
        assert remind(client, open_round).status_code == 404
    assert mailoutbox == []
    waiting.refresh_from_db()
    assert waiting.last_sent_at is None


@pytest.mark.parametrize("people", [3, 30])
def test_reminder_query_count_does_not_grow_with_people(
    client, coordinator, open_round, mailoutbox, django_assert_max_num_queries, people
):
    for number in range(people):
        invited(open_round, f"p{number}@example.org")
    client.force_login(coordinator)
    # session, user, round scoped to the user's coordinated organisations; savepoint, the
    # round locked as stored (closed since the page was read?), the waiting respondents with
    # round, organisation and last reminder, the round's own texts, then twice: closed-round
    # check and update of the send dates; the reminder log in one insert, the audit entry, release
    with django_assert_max_num_queries(14):
        remind(client, open_round)
    assert len(mailoutbox) == people


def test_dashboard_offers_the_reminder_and_warns_after_the_deadline(
    client, coordinator, colleague, organisation, framework
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    round = make_round(
        organisation=organisation, framework=framework, status="open", deadline=yesterday
    )
    invited(round, "a@example.org")
    invited(round, "b@example.org")
    client.force_login(coordinator)
    detail = reverse("assessments:round-detail", args=[round.pk])

    page = client.get(detail).content.decode()

    assert "Herinnering sturen aan 2 mensen die nog niet verstuurden" in page
    assert 'id="deadline-passed"' in page
    client.force_login(colleague)
    page = client.get(detail).content.decode()
    assert 'id="deadline-passed"' in page and "Herinnering sturen" not in page


def test_no_deadline_warning_before_the_deadline(client, coordinator, organisation, framework):
    today = timezone.localdate()
    round = make_round(
        organisation=organisation, framework=framework, status="open", deadline=today
    )
    Respondent.objects.create(round=round, email="a@example.org")
    client.force_login(coordinator)

    page = client.get(reverse("assessments:round-detail", args=[round.pk])).content.decode()

    assert 'id="deadline-passed"' not in page
    assert "Herinnering sturen" not in page  # nobody invited yet


def test_respondent_sees_the_deadline(client, organisation, framework):
    deadline = datetime.date(2031, 3, 14)
    round = make_round(
        organisation=organisation, framework=framework, status="open", deadline=deadline
    )
    respondent = make_respondent(round=round, rol="bestuur")

    page = client.get(
        reverse("assessments:questionnaire-niveau", args=[respondent.token, "gesprek"])
    ).content.decode()

    assert "invullen kan tot en met 14 maart 2031" in page

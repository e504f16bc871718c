import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Respondent
from tests.factories import make_respondent, make_round


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def fill_in(client, round, **kwargs):
    return client.post(reverse("assessments:round-fill-in-myself", args=[round.pk]), **kwargs)


def test_coordinator_is_added_once_and_taken_to_the_questionnaire(
    client, coordinator, open_round, mailoutbox
):
    coordinator.first_name, coordinator.last_name = "Carla", "Coördinator"
    coordinator.save()
    client.force_login(coordinator)
    detail = client.get(reverse("assessments:round-detail", args=[open_round.pk]))
    assert "Zelf invullen" in detail.content.decode()

    first = fill_in(client, open_round)
    second = fill_in(client, open_round)

    respondent = Respondent.objects.get(round=open_round)
    assert respondent.email == coordinator.email and respondent.name == "Carla Coördinator"
    link = reverse("assessments:questionnaire", args=[respondent.token])
    assert first.url == second.url == link
    assert [m.to for m in mailoutbox] == [[coordinator.email]]  # the link, to resume later


def test_an_existing_invitation_is_reused_whatever_the_case_of_the_address(
    client, coordinator, open_round, mailoutbox
):
    invited = make_respondent(round=open_round, email=coordinator.email.upper())
    client.force_login(coordinator)

    response = fill_in(client, open_round)

    assert response.url == reverse("assessments:questionnaire", args=[invited.token])
    assert Respondent.objects.count() == 1 and mailoutbox == []


def test_a_revoked_own_link_is_not_opened(client, coordinator, open_round):
    make_respondent(round=open_round, email=coordinator.email, revoked_at=timezone.now())
    client.force_login(coordinator)

    response = fill_in(client, open_round, follow=True)

    assert "Je eigen link is ingetrokken." in response.content.decode()
    assert Respondent.objects.count() == 1


def test_refused_before_the_round_opens_and_without_an_address(
    client, coordinator, organisation, framework, open_round
):
    concept = make_round(organisation=organisation, framework=framework)
    client.force_login(coordinator)
    assert "pas als de ronde open is" in fill_in(client, concept, follow=True).content.decode()

    coordinator.email = ""
    coordinator.save()
    response = fill_in(client, open_round, follow=True)
    assert "Je account heeft geen e-mailadres." in response.content.decode()
    assert not Respondent.objects.exists()


def test_viewer_and_outsider_get_404(client, colleague, outsider, open_round):
    for user in (colleague, outsider):
        client.force_login(user)
        assert fill_in(client, open_round).status_code == 404
    assert not Respondent.objects.exists()


def test_the_coordinator_is_told_their_own_answers_count_nowhere(client, coordinator, open_round):
    client.force_login(coordinator)

    page = fill_in(client, open_round, follow=True).content.decode()

    assert "Je eigen antwoorden tellen niet mee in de cijfers" in page

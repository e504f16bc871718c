import re

import pytest
from django.urls import reverse

from assessments.models import Answer, Respondent, RoundClosedError
from assessments.rounds.services import round_close, round_personal_data_erase
from tests.factories import make_round, make_scored_round, make_submitted_respondent


@pytest.fixture
def closed_round(organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    Respondent.objects.filter(round=round).update(name="Jan Jansen", function="Wethouder")
    return round_close(round=round)


def erase_url(round):
    return reverse("assessments:round-erase-personal-data", args=[round.pk])


def report_html(client, round):
    """The report page without its per-request CSRF token (in the log-out form)."""
    html = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_erasing_removes_names_addresses_and_links_but_keeps_the_report(
    client, coordinator, closed_round
):
    client.force_login(coordinator)
    old_tokens = list(Respondent.objects.values_list("token", flat=True))
    answers_before = sorted(Answer.objects.values_list("pk", "current_level", "toelichting"))
    report_before = report_html(client, closed_round)
    csv_url = reverse("assessments:round-report-csv", args=[closed_round.pk])
    csv_before = client.get(csv_url).content

    assert round_personal_data_erase(round=closed_round) == 9

    people = list(Respondent.objects.filter(round=closed_round))
    assert all(p.is_erased and p.name == "" and p.function == "" for p in people)
    assert "example.org" not in " ".join(p.email for p in people)
    assert not set(old_tokens) & {p.token for p in people}
    for token in old_tokens:
        link = reverse("assessments:questionnaire", args=[token])
        assert client.get(link).status_code == 404
    assert sorted(Answer.objects.values_list("pk", "current_level", "toelichting")) == (
        answers_before
    )
    assert (
        sorted(p.rol.code for p in people) == ["adviseurs"] * 3 + ["bestuur"] * 3 + ["managers"] * 3
    )
    assert report_html(client, closed_round) == report_before
    assert client.get(csv_url).content == csv_before
    assert round_personal_data_erase(round=closed_round) == 0  # nothing left to erase


def test_open_round_keeps_its_addresses(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_submitted_respondent(round=round, rol="bestuur", levels={1: 3}, name="An")

    with pytest.raises(Exception, match="pas als de ronde gesloten is"):
        round_personal_data_erase(round=round)

    assert Respondent.objects.get().name == "An"


def test_other_writes_to_a_closed_round_are_still_refused(closed_round):
    with pytest.raises(RoundClosedError):
        Respondent.objects.filter(round=closed_round).update(name="x")
    assert not Respondent.objects.filter(name="x").exists()


def test_coordinator_confirms_on_the_page(client, coordinator, closed_round):
    client.force_login(coordinator)
    detail = reverse("assessments:round-detail", args=[closed_round.pk])
    assert erase_url(closed_round) in client.get(detail).content.decode()

    unconfirmed = client.post(erase_url(closed_round), {})
    assert "Vink dit aan als je de gegevens echt wilt wissen." in unconfirmed.content.decode()
    assert Respondent.objects.filter(name="Jan Jansen").count() == 9

    response = client.post(erase_url(closed_round), {"confirm": "on"}, follow=True)
    page = response.content.decode()
    assert "De gegevens van 9 mensen zijn gewist." in page
    assert 'id="personal-data-erased"' in page and "Jan Jansen" not in page
    assert erase_url(closed_round) not in page


def test_page_refuses_an_open_round(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_submitted_respondent(round=round, rol="bestuur", levels={1: 3}, name="An")
    client.force_login(coordinator)

    response = client.post(erase_url(round), {"confirm": "on"})

    assert response.status_code == 409
    assert "pas als de ronde gesloten is" in response.content.decode()
    assert Respondent.objects.get().name == "An"


def test_viewer_and_outsider_get_404(client, colleague, outsider, closed_round):
    for user in (colleague, outsider):
        client.force_login(user)
        assert client.get(erase_url(closed_round)).status_code == 404
        assert client.post(erase_url(closed_round), {"confirm": "on"}).status_code == 404
    assert Respondent.objects.filter(name="Jan Jansen").count() == 9


@pytest.mark.parametrize("per_role", [1, 10])
def test_erasing_takes_a_fixed_number_of_queries(
    organisation, framework, django_assert_max_num_queries, per_role
):
    round = make_scored_round(organisation=organisation, framework=framework, per_role=per_role)
    round_close(round=round)
    # savepoint, lock the round, read the people, one update, the audit entry, release
    with django_assert_max_num_queries(6):
        assert round_personal_data_erase(round=round) == 3 * per_role

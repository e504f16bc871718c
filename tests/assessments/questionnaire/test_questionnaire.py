import re

import pytest
from django.urls import reverse

from assessments.models import TOELICHTING_MAX_LENGTH, Answer, Respondent
from assessments.reporting.tussenstand import tussenstand_released
from bouwstenen.models import Bouwsteen, Rol
from tests.factories import (
    make_answers,
    make_respondent,
    make_round,
    make_submitted_respondent,
    niveau_post,
    numbers_on,
)

ORGANISATIE = [1, 2, 4, 5, 7, 9]


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


@pytest.fixture
def respondent(open_round):
    return make_respondent(round=open_round, rol="managers")


def url(respondent, step="start", niveau=None):
    token = respondent.token
    if step == "start":
        return reverse("assessments:questionnaire", args=[token])
    if step == "rol":
        return reverse("assessments:questionnaire-rol", args=[token])
    if step == "summary":
        return reverse("assessments:questionnaire-summary", args=[token])
    if step == "welkom":
        return reverse("assessments:questionnaire-intro", args=[token])
    return reverse("assessments:questionnaire-niveau", args=[token, niveau])


def answers_of(respondent):
    return {
        a.bouwsteen.number: (a.current_level, a.desired_level, a.toelichting)
        for a in Answer.objects.filter(respondent=respondent).select_related("bouwsteen")
    }


def versions_of(respondent):
    """The hidden version fields a page would carry for the respondent's stored answers."""
    return {
        f"b{bouwsteen_id}_version": str(version)
        for bouwsteen_id, version in respondent.answers.values_list("bouwsteen_id", "version")
    }


def test_pages_follow_the_niveaus_of_the_real_model(open_round):
    assert numbers_on(open_round, "organisatie") == ORGANISATIE
    assert numbers_on(open_round, "vraagstuk") == [3, 6, 8]
    assert numbers_on(open_round, "gesprek") == [10, 11]


def test_new_respondent_reads_the_introduction_then_chooses_a_role(client, open_round):
    respondent = make_respondent(round=open_round)
    response = client.get(url(respondent))
    assert response.url == url(respondent, "welkom")
    intro = client.get(response.url).content.decode()
    assert "Ongeveer 20 minuten." in intro
    assert "minstens 3 mensen uit die rol" in intro
    assert "Persoonsafhankelijk" in intro
    assert f'href="{url(respondent, "rol")}"' in intro

    page = client.get(url(respondent, "rol")).content.decode()
    assert "Vanuit welke rol vul je de vragenlijst in?" in page
    assert "<legend" in page
    adviseurs = Rol.objects.get(framework=open_round.framework, code="adviseurs")
    response = client.post(url(respondent, "rol"), {"rol": adviseurs.pk, "function": "Adviseur"})

    assert response.status_code == 302
    assert response.url == url(respondent, "niveau", "organisatie")
    respondent.refresh_from_db()
    assert respondent.rol == adviseurs
    assert respondent.function == "Adviseur"


def test_role_from_another_framework_is_refused(client, open_round, respondent):
    response = client.post(url(respondent, "rol"), {"rol": 999999, "function": ""})

    assert response.status_code == 200
    assert "Kies een van de drie rollen." in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.rol.code == "managers"


def test_niveau_page_shows_bouwstenen_questions_and_the_scale(client, open_round, respondent):
    response = client.get(url(respondent, "niveau", "organisatie"))

    page = response.content.decode()
    assert response.status_code == 200
    bouwsteen = Bouwsteen.objects.prefetch_related("questions").get(number=1)
    assert bouwsteen.title in page
    assert bouwsteen.questions.first().text in page
    assert "Persoonsafhankelijk" in page
    assert "Het gebeurt waar een enthousiaste collega het oppakt." in page  # meaning visible
    assert "Weet ik niet / niet van toepassing" in page
    assert page.count("<fieldset") == 2 * len(ORGANISATIE)
    assert "Bouwsteen 1: hoe is het nu?" in page
    assert "0 van 11 bouwstenen beantwoord" in page
    assert "Opslaan en verder" in page and "Vorige" in page


def test_save_and_next_stores_the_page_and_goes_on(client, open_round, respondent):
    data = niveau_post(
        open_round,
        "organisatie",
        levels={1: 2, 2: 0, 4: 3},
        desired={1: 4},
        toelichting={1: "Alleen bij grote projecten."},
        next="1",
    )
    response = client.post(url(respondent, "niveau", "organisatie"), data)

    assert response.status_code == 302
    assert response.url == url(respondent, "niveau", "vraagstuk")
    assert answers_of(respondent) == {
        1: (2, 4, "Alleen bij grote projecten."),
        2: (0, None, ""),
        4: (3, None, ""),
    }  # bouwstenen left empty are not written
    page = client.get(response.url).content.decode()
    assert "3 van 11 bouwstenen beantwoord" in page


def test_previous_saves_too_and_goes_back(client, open_round, respondent):
    data = niveau_post(open_round, "vraagstuk", levels={3: 5}, previous="1")
    response = client.post(url(respondent, "niveau", "vraagstuk"), data)

    assert response.url == url(respondent, "niveau", "organisatie")
    assert answers_of(respondent)[3] == (5, None, "")


def test_returning_respondent_finds_answers_and_lands_where_they_stopped(
    client, open_round, respondent
):
    data = niveau_post(open_round, "organisatie", levels={1: 3}, next="1")
    client.post(url(respondent, "niveau", "organisatie"), data)

    response = client.get(url(respondent))

    assert response.url == url(respondent, "niveau", "vraagstuk")
    page = client.get(url(respondent, "niveau", "organisatie")).content.decode()
    pk = Bouwsteen.objects.get(number=1).pk
    assert re.search(rf'name="b{pk}_current" value="3"[^>]*checked', page)
    assert not re.search(rf'name="b{pk}_current" value="2"[^>]*checked', page)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("current", "6", "Kies een stap van de schaal"),
        ("desired", "-1", "Kies een stap van de schaal"),
        ("current", "drie", "Kies een stap van de schaal"),
        (
            "toelichting",
            "x" * (TOELICHTING_MAX_LENGTH + 1),
            "Gebruik hoogstens 2000 tekens (nu 2001)",
        ),
    ],
)
def test_bad_value_is_refused_and_nothing_on_the_page_is_saved(
    client, open_round, respondent, field, value, message
):
    make_answers(respondent=respondent, levels={1: 2, 3: 4}, toelichting="eerder")
    data = niveau_post(open_round, "organisatie", levels={1: 5, 2: 5}, next="1")
    pk = Bouwsteen.objects.get(number=4).pk
    data[f"b{pk}_{field}"] = value

    response = client.post(url(respondent, "niveau", "organisatie"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'id="error-summary"' in page
    assert f'href="#id_b{pk}_{field}' in page  # summary links to the field
    assert answers_of(respondent) == {1: (2, None, "eerder"), 3: (4, None, "eerder")}


def test_closed_round_refuses_every_write_and_keeps_answers(client, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round, rol="bestuur")
    make_answers(respondent=respondent, levels={10: 2}, desired={10: 3})
    from assessments.rounds.services import round_close

    round_close(round=round)
    data = niveau_post(round, "gesprek", levels={10: 5}, desired={10: 5, 11: 4})

    page_post = client.post(url(respondent, "niveau", "gesprek"), data)
    autosave = client.post(url(respondent, "niveau", "gesprek"), data, HTTP_X_AUTOSAVE="1")
    rol_post = client.post(url(respondent, "rol"), {"rol": respondent.rol_id, "function": "x"})
    submit = client.post(url(respondent, "summary"))

    assert page_post.status_code == 409
    assert "Deze ronde is gesloten" in page_post.content.decode()
    assert autosave.status_code == 409
    assert rol_post.status_code == 409
    assert submit.status_code == 409
    assert answers_of(respondent) == {10: (2, 3, "")}
    respondent.refresh_from_db()
    assert respondent.function == "" and respondent.submitted_at is None
    # Reading is still possible, with the fields disabled.
    page = client.get(url(respondent, "niveau", "gesprek")).content.decode()
    assert "disabled" in page and 'name="next" value="1"' not in page


def test_concept_round_is_not_open_yet(client, organisation, framework):
    round = make_round(organisation=organisation, framework=framework)
    respondent = make_respondent(round=round)

    response = client.get(url(respondent))

    assert response.status_code == 200
    assert "nog niet geopend" in response.content.decode()
    assert client.post(url(respondent, "rol"), {"rol": 1}).status_code == 200
    assert Respondent.objects.get().rol is None


@pytest.mark.parametrize("step", ["start", "rol", "niveau", "summary"])
def test_forged_or_revoked_token_gives_404(client, open_round, respondent, step):
    from django.utils import timezone

    forged = Respondent(token="x" * 43)
    assert client.get(url(forged, step, "organisatie")).status_code == 404
    respondent.revoked_at = timezone.now()
    respondent.save()
    data = niveau_post(open_round, "organisatie", levels={1: 3})
    response = client.post(url(respondent, step, "organisatie"), data)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in response.content.decode()
    assert not Answer.objects.exists()


def test_unknown_niveau_gives_404(client, respondent):
    assert client.get(url(respondent, "niveau", "kelder")).status_code == 404


def test_a_token_only_opens_its_own_answers(client, open_round, respondent):
    other = make_respondent(round=open_round, rol="bestuur")
    make_answers(respondent=other, levels={1: 5}, toelichting="geheim van een ander")
    # Post answers for a bouwsteen of another page and a foreign respondent id: ignored.
    data = niveau_post(open_round, "organisatie", levels={1: 1}, respondent=str(other.pk))
    data[f"b{Bouwsteen.objects.get(number=10).pk}_current"] = "5"

    client.post(url(respondent, "niveau", "organisatie"), data)
    page = client.get(url(respondent, "summary")).content.decode()

    assert answers_of(other) == {1: (5, None, "geheim van een ander")}
    assert answers_of(respondent)[1] == (1, None, "")
    assert 10 not in answers_of(respondent)
    assert "geheim van een ander" not in page


def fill_everything(respondent):
    make_answers(respondent=respondent, levels={n: 3 for n in range(1, 12)})


def test_summary_refuses_to_send_with_missing_answers(client, open_round, respondent):
    make_answers(respondent=respondent, levels={n: 3 for n in range(1, 11)})

    response = client.post(url(respondent, "summary"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Bouwsteen 11" in page and 'id="error-summary"' in page
    respondent.refresh_from_db()
    assert respondent.submitted_at is None


def test_send_then_double_submit_keeps_the_first_time(client, open_round, respondent):
    fill_everything(respondent)

    first = client.post(url(respondent, "summary"), follow=True)
    respondent.refresh_from_db()
    sent_at = respondent.submitted_at
    second = client.post(url(respondent, "summary"), follow=True)

    assert "Bedankt, je antwoorden zijn verstuurd." in first.content.decode()
    assert "Je had de vragenlijst al verstuurd." in second.content.decode()
    respondent.refresh_from_db()
    assert respondent.submitted_at == sent_at is not None


def test_sent_answers_change_only_after_reopening(client, open_round, respondent):
    fill_everything(respondent)
    client.post(url(respondent, "summary"))
    before = answers_of(respondent)
    data = niveau_post(open_round, "gesprek", levels={10: 5, 11: 5}, next="1")
    data.update(versions_of(respondent))

    refused = client.post(url(respondent, "niveau", "gesprek"), data)

    assert refused.status_code == 409
    assert "Je hebt je antwoorden al verstuurd" in refused.content.decode()
    assert answers_of(respondent) == before
    reopen = reverse("assessments:questionnaire-reopen", args=[respondent.token])
    summary = client.get(url(respondent, "summary")).content.decode()
    assert f'action="{reopen}"' in summary

    client.post(reopen)
    respondent.refresh_from_db()
    assert respondent.submitted_at is None
    assert client.post(url(respondent, "niveau", "gesprek"), data).status_code == 302
    assert answers_of(respondent)[10] == (5, None, "")


def test_answers_in_a_tussenstand_cannot_be_reopened(client, open_round, respondent):
    fill_everything(respondent)
    client.post(url(respondent, "summary"))
    for _ in range(2):
        make_submitted_respondent(round=open_round, rol="managers", levels={1: 3})
    tussenstand_released(open_round)

    reopen = reverse("assessments:questionnaire-reopen", args=[respondent.token])
    summary = client.get(url(respondent, "summary")).content.decode()
    response = client.post(reopen, follow=True)

    assert f'action="{reopen}"' not in summary
    assert "tellen al mee in een tussenstand" in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.submitted_at is not None


def test_page_and_save_use_a_fixed_number_of_queries(
    client, open_round, respondent, django_assert_max_num_queries
):
    for _ in range(5):
        make_answers(respondent=make_respondent(round=open_round), levels={1: 2, 2: 3})
    fill_everything(respondent)
    data = niveau_post(open_round, "organisatie", levels=dict.fromkeys(ORGANISATIE, 4), next="1")
    data.update(versions_of(respondent))
    # respondent with round, organisation and rol (token), all of their answers
    with django_assert_max_num_queries(2):
        client.get(url(respondent, "niveau", "organisatie"))
    # respondent (token), their answers, savepoint, lock of the respondent, their round's
    # state (rounds/locking.py), the conditional upsert, the respondent's step and mark,
    # release
    with django_assert_max_num_queries(8):
        client.post(url(respondent, "niveau", "organisatie"), data)
    with django_assert_max_num_queries(2):
        client.get(url(respondent, "summary"))


def test_query_count_does_not_grow_with_bouwstenen(
    client, organisation, framework, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_for(round):
        respondent = make_respondent(round=round, rol="bestuur")
        data = niveau_post(round, "organisatie", levels={1: 2}, next="1")
        with CaptureQueriesContext(connection) as context:
            client.get(url(respondent, "niveau", "organisatie"))
            client.post(url(respondent, "niveau", "organisatie"), data)
        return len(context)

    small = count_for(make_round(organisation=organisation, framework=framework, status="open"))
    organisatie = framework.niveau_set.get(code="organisatie")
    bestuur = framework.rol_set.get(code="bestuur")
    for number in range(12, 32):
        Bouwsteen.objects.create(
            framework=framework,
            number=number,
            title=f"Extra {number}",
            short_title="x",
            description="d",
            niveau=organisatie,
            rol=bestuur,
            order=number,
        )
    big = make_round(organisation=organisation, framework=framework, name="Groot", status="open")
    assert len(big.snapshot["bouwstenen"]) == 31
    assert count_for(big) == small


def test_respondents_are_not_offered_a_login(client, open_round, respondent):
    login = f'href="{reverse("login")}"'
    page = client.get(url(respondent, "niveau", "organisatie")).content.decode()

    assert login not in page
    assert login in client.get(reverse("bouwstenen:house")).content.decode()

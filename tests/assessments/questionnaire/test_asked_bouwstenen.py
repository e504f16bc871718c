"""A round that asks some of the bouwstenen: the questionnaire shows, counts, saves and sends
only those; an answer for another one is refused and nothing is written."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Answer
from assessments.questionnaire.services import AnswerInput, answers_save, respondent_submit
from bouwstenen.models import Bouwsteen
from tests.factories import make_answers, make_respondent, make_round, niveau_post

ASKED = [1, 3, 6, 8]  # one of the organisatie floor, all of vraagstuk, none of gesprek


@pytest.fixture
def asked_round(organisation, framework):
    return make_round(
        organisation=organisation, framework=framework, status="open", asked_bouwstenen=ASKED
    )


@pytest.fixture
def respondent(asked_round):
    return make_respondent(round=asked_round, rol="managers")


def link(respondent, name, *args):
    return reverse(f"assessments:questionnaire-{name}", args=[respondent.token, *args])


def pk(number):
    return Bouwsteen.objects.get(number=number).pk


def stored_numbers(respondent):
    return set(
        Answer.objects.filter(respondent=respondent).values_list("bouwsteen__number", flat=True)
    )


def test_pages_show_only_the_asked_bouwstenen_and_count_them(client, respondent):
    page = client.get(link(respondent, "niveau", "organisatie")).content.decode()

    assert page.count("<fieldset") == 2  # bouwsteen 1 only: now and desired
    assert f'id="bouwsteen-{1}"' in page and 'id="bouwsteen-2"' not in page
    assert "0 van 4 bouwstenen beantwoord" in page
    assert "Stap 2 van 4" in page  # rol, organisatie, vraagstuk, overzicht


def test_a_niveau_without_asked_bouwstenen_has_no_page(client, respondent):
    assert client.get(link(respondent, "niveau", "gesprek")).status_code == 404
    page = client.get(link(respondent, "niveau", "vraagstuk")).content.decode()
    assert "Stap 3 van 4" in page


def test_the_introduction_names_the_number_asked(client, respondent):
    page = client.get(link(respondent, "intro")).content.decode()

    assert "Je beantwoordt voor 4 bouwstenen twee vragen" in page


def test_a_posted_answer_for_an_unasked_bouwsteen_writes_nothing(client, asked_round, respondent):
    data = niveau_post(asked_round, "organisatie", levels={1: 3, 2: 4, 4: 5}, next="1")

    response = client.post(link(respondent, "niveau", "organisatie"), data)

    assert response.status_code == 302
    assert stored_numbers(respondent) == {1}


def test_autosave_refuses_an_unasked_bouwsteen_and_saves_nothing(client, respondent):
    body = {
        "niveau": "organisatie",
        "answers": [
            {"bouwsteen": pk(1), "version": 0, "current": 3, "desired": None, "toelichting": ""},
            {"bouwsteen": pk(2), "version": 0, "current": 4, "desired": None, "toelichting": ""},
        ],
    }

    response = client.post(
        link(respondent, "autosave"), json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == ["Deze bouwsteen hoort niet bij de vragenlijst."]
    assert stored_numbers(respondent) == set()


def test_autosave_of_an_asked_bouwsteen_is_stored(client, respondent):
    body = {
        "niveau": "vraagstuk",
        "answers": [
            {"bouwsteen": pk(6), "version": 0, "current": 2, "desired": 4, "toelichting": ""}
        ],
    }

    response = client.post(
        link(respondent, "autosave"), json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 200
    assert stored_numbers(respondent) == {6}


def test_the_save_service_refuses_an_unasked_bouwsteen(respondent):
    answers = [
        AnswerInput(bouwsteen_id=pk(1), current_level=3, desired_level=None, toelichting=""),
        AnswerInput(bouwsteen_id=pk(11), current_level=3, desired_level=None, toelichting=""),
    ]

    with pytest.raises(ValidationError):
        answers_save(respondent=respondent, answers=answers)

    assert stored_numbers(respondent) == set()


def test_sending_is_complete_once_the_asked_bouwstenen_are_answered(client, respondent):
    make_answers(respondent=respondent, levels=dict.fromkeys(ASKED, 3))

    summary = client.get(link(respondent, "summary")).content.decode()
    sent = respondent_submit(respondent=respondent)

    assert sent is True
    assert "Bouwsteen 8" in summary or "8." in summary
    assert "#bouwsteen-2" not in summary and "#bouwsteen-11" not in summary


def test_sending_lists_a_missing_asked_bouwsteen(client, respondent):
    make_answers(respondent=respondent, levels={1: 3, 3: 3, 6: 3})

    response = client.post(link(respondent, "summary"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "#bouwsteen-8" in page and 'id="error-summary"' in page

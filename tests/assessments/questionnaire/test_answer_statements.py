"""An autosave once the process knows the round: on PostgreSQL one call of the database
function (questionnaire/autosave_call.py) that locks, reads the round's status and writes,
with the same promises as the first save of a round, which reads it in full."""

import datetime
import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Respondent
from assessments.questionnaire.services import respondent_submit
from assessments.rounds import locking
from assessments.rounds.services import round_answers_close
from bouwstenen.models import Bouwsteen
from tests.factories import make_answers, make_respondent, make_round

ORGANISATIE = (1, 2, 4, 5, 7, 9)  # the bouwstenen of the niveau "organisatie"


@pytest.fixture
def round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


@pytest.fixture
def respondent(round):
    return make_respondent(round=round, rol="managers")


def autosave(client, respondent, answers, **mark):
    body = {"niveau": "organisatie", "answers": answers, **mark}
    link = reverse("assessments:questionnaire-autosave", args=[respondent.token])
    return client.post(link, json.dumps(body), content_type="application/json")


def change(number, version, current=3):
    bouwsteen = Bouwsteen.objects.get(number=number).pk
    return {
        "bouwsteen": bouwsteen,
        "version": version,
        "current": current,
        "desired": None,
        "toelichting": f"bij {number}",
    }


def stored(respondent):
    return dict(
        Answer.objects.filter(respondent=respondent).values_list("bouwsteen__number", "version")
    )


def known(client, respondent):
    """One save that makes this process know the round (its first save reads it in full)."""
    assert autosave(client, respondent, [change(1, 0)]).status_code == 200


# PostgreSQL: one call of the database function (questionnaire/autosave_call.py). SQLite:
# savepoint, the lock, the status, the answers, the mark, release.
SAVE_QUERIES = 1 if connection.vendor == "postgresql" else 6


@pytest.mark.parametrize("people", [1, 40])
def test_an_autosave_takes_a_fixed_number_of_queries_whatever_the_answers_and_people(
    client, round, respondent, people, django_assert_max_num_queries
):
    for _ in range(people - 1):
        make_answers(respondent=make_respondent(round=round), levels=dict.fromkeys(ORGANISATIE, 2))
    known(client, respondent)

    one, all_of_them = [change(2, 0)], [change(n, int(n in (1, 2))) for n in ORGANISATIE]

    with django_assert_max_num_queries(SAVE_QUERIES):
        assert autosave(client, respondent, one).status_code == 200
    with django_assert_max_num_queries(SAVE_QUERIES):
        response = autosave(client, respondent, all_of_them, page="a1b2c3d4e5f6", seq=1)
    assert response.status_code == 200
    assert stored(respondent) == {1: 2, 2: 2, 4: 1, 5: 1, 7: 1, 9: 1}
    respondent.refresh_from_db()
    assert (respondent.save_page, respondent.save_seq) == ("a1b2c3d4e5f6", 1)
    assert respondent.last_step == "niveau:organisatie"


def test_a_save_refused_in_part_leaves_no_mark_and_returns_the_stored_answer(client, respondent):
    known(client, respondent)

    response = autosave(client, respondent, [change(1, 0), change(4, 0)], page="ab12cd34", seq=5)

    assert response.status_code == 409
    assert [c["version"] for c in response.json()["conflicts"]] == [1]
    assert stored(respondent) == {1: 1, 4: 1}
    respondent.refresh_from_db()
    assert (respondent.save_page, respondent.save_seq) == ("", 0)


def test_once_answering_is_closed_a_known_round_refuses_the_save_and_nothing_changes(
    client, respondent
):
    known(client, respondent)
    round_answers_close(round=respondent.round)

    response = autosave(client, respondent, [change(1, 1, current=5), change(4, 0)])

    assert response.status_code == 409
    assert response.json()["message"].startswith("Invullen is gesloten")
    assert stored(respondent) == {1: 1}
    assert Answer.objects.get(respondent=respondent).current_level == 3


def test_a_sent_questionnaire_of_a_closed_round_says_the_round_is_closed(client, respondent):
    make_answers(respondent=respondent, levels=dict.fromkeys(range(1, 12), 3))
    Respondent.objects.filter(pk=respondent.pk).update(last_step="")
    respondent_submit(respondent=respondent)
    known_round = respondent.round
    locking.read_round_state(locking.lock_respondent(respondent_id=respondent.pk))
    round_answers_close(round=known_round)

    response = autosave(client, respondent, [change(1, 1, current=5)])

    assert response.status_code == 409
    assert response.json()["message"].startswith("Invullen is gesloten")


def test_an_overtaken_save_of_a_known_round_that_closed_is_refused_as_closed(client, respondent):
    assert autosave(client, respondent, [change(1, 0)], page="ab12cd34", seq=2).status_code == 200
    round_answers_close(round=respondent.round)

    late = autosave(client, respondent, [change(1, 0, current=1)], page="ab12cd34", seq=1)

    assert late.status_code == 409
    assert Answer.objects.get(respondent=respondent).current_level == 3


def test_a_round_other_than_the_process_knew_is_read_again_and_the_save_stored_once(
    client, respondent
):
    known(client, respondent)
    opened_at, ids, codes = locking._model_keys[respondent.round_id]
    # as after a database restored under the running app: same id, another opening
    locking._model_keys[respondent.round_id] = (opened_at - datetime.timedelta(days=1), ids, codes)

    response = autosave(client, respondent, [change(1, 1, current=4), change(4, 0)])

    assert response.status_code == 200
    assert stored(respondent) == {1: 2, 4: 1}
    assert locking._model_keys[respondent.round_id][0] == opened_at


def test_a_link_revoked_after_its_saves_is_a_404_and_writes_nothing(client, respondent):
    known(client, respondent)
    Respondent.objects.filter(pk=respondent.pk).update(revoked_at=timezone.now())

    response = autosave(client, respondent, [change(1, 1, current=5)])

    assert response.status_code == 404
    assert stored(respondent) == {1: 1}
    assert Answer.objects.get(respondent=respondent).current_level == 3


def test_an_unknown_bouwsteen_or_niveau_on_a_known_round_is_refused_and_writes_nothing(
    client, respondent
):
    known(client, respondent)

    response = autosave(client, respondent, [change(2, 0), {**change(1, 1), "bouwsteen": 10**9}])
    other = autosave(client, respondent, [change(2, 0)], niveau="kelder")

    assert response.status_code == 400
    assert other.status_code == 400
    assert stored(respondent) == {1: 1}

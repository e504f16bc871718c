"""Sending the questionnaire, checked on the service: every bouwsteen needs a current level."""

import pytest

from assessments.models import Respondent
from assessments.questionnaire.services import IncompleteAnswersError, respondent_submit
from tests.factories import make_answers, make_respondent, make_round

ALL = range(1, 12)  # the 11 bouwstenen of the real model


@pytest.fixture
def respondent(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    return make_respondent(round=round, rol="bestuur")


def test_a_missing_current_level_refuses_the_submit_and_writes_nothing(respondent):
    levels = dict.fromkeys(ALL, 3)
    del levels[4]
    levels[9] = None  # only a desired level or toelichting does not count
    make_answers(respondent=respondent, levels=levels)

    with pytest.raises(IncompleteAnswersError) as error:
        respondent_submit(respondent=respondent, last_step="overzicht")

    assert sorted(bouwsteen.number for bouwsteen in error.value.missing) == [4, 9]
    stored = Respondent.objects.get(pk=respondent.pk)
    assert stored.submitted_at is None and stored.last_step == ""


def test_weet_ik_niet_counts_as_an_answer_and_the_questionnaire_is_sent(respondent):
    make_answers(respondent=respondent, levels={**dict.fromkeys(ALL, 2), 11: 0})

    assert respondent_submit(respondent=respondent, last_step="overzicht") is True
    assert Respondent.objects.get(pk=respondent.pk).is_submitted


def test_a_second_submit_keeps_the_first_time(respondent):
    make_answers(respondent=respondent, levels=dict.fromkeys(ALL, 2))
    respondent_submit(respondent=respondent)
    first = Respondent.objects.get(pk=respondent.pk).submitted_at

    assert respondent_submit(respondent=respondent) is False
    assert Respondent.objects.get(pk=respondent.pk).submitted_at == first

"""manage.py privacy_check covers bestuur per gemeente: the shown gemeente figures are part
of what the attacker sees."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet

from assessments.organisations.models import Onderdeel
from assessments.privacy.observations import final_observations
from assessments.reporting import disclosure
from assessments.rounds.models import Respondent
from assessments.rounds.services import round_answers_close
from tests.factories import make_round, make_submitted_respondent

pytestmark = pytest.mark.django_db


def werkorganisatie_round(organisation, framework):
    """Bestuur of four (three of gemeente A, one without), three managers, three adviseurs;
    answering closed at group size 3."""
    place = Onderdeel.objects.create(
        organisation=organisation, name="Aadorp", kind=Onderdeel.Kind.GEMEENTE
    )
    round = make_round(organisation=organisation, framework=framework, status="open")
    for level, gemeente in ((2, place), (3, place), (4, place), (5, None)):
        person = make_submitted_respondent(round=round, rol="bestuur", levels={1: level, 2: 3})
        QuerySet.update(Respondent.objects.filter(pk=person.pk), gemeente=gemeente)
    for rol in ("managers", "adviseurs"):
        for level in (2, 3, 4):
            make_submitted_respondent(round=round, rol=rol, levels={1: level, 2: 3})
    return round_answers_close(round=round), place


def check(round) -> str:
    output = StringIO()
    call_command("privacy_check", str(round.pk), stdout=output)
    return output.getvalue()


def test_a_gemeente_whose_rest_would_be_one_person_is_hidden_and_the_check_passes(
    organisation, framework
):
    round, _place = werkorganisatie_round(organisation, framework)
    sources = {item.source for item in final_observations(round)}
    assert not any("gemeente" in source for source in sources)
    assert "Niemands niveau ligt vast." in check(round)


def test_the_check_finds_the_other_bestuur_when_the_gemeente_rule_is_off(
    organisation, framework, monkeypatch
):
    monkeypatch.setattr(disclosure, "_pieces", lambda rows, roles, gemeenten: {})
    round, place = werkorganisatie_round(organisation, framework)
    sources = {item.source for item in final_observations(round)}
    assert f"eind, gemeente {place.pk}" in sources
    with pytest.raises(CommandError, match="ligt iemands niveau vast"):
        check(round)


def test_a_gemeente_large_enough_beside_a_large_enough_rest_is_checked_and_passes(
    organisation, framework
):
    round, place = werkorganisatie_round(organisation, framework)
    more = make_round(organisation=organisation, framework=framework, status="open")
    for level, gemeente in zip((2, 3, 4, 5, 1, 3), [place] * 3 + [None] * 3, strict=True):
        person = make_submitted_respondent(round=more, rol="bestuur", levels={1: level})
        QuerySet.update(Respondent.objects.filter(pk=person.pk), gemeente=gemeente)
    for level in (2, 3, 4):
        make_submitted_respondent(round=more, rol="managers", levels={1: level})
    more = round_answers_close(round=more)
    sources = {item.source for item in final_observations(more)}
    assert f"eind, gemeente {place.pk}" in sources
    assert "Niemands niveau ligt vast." in check(more)

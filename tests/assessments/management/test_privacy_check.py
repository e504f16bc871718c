"""manage.py privacy_check: the exact attacker on a real round, for a privacy officer."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet

from assessments.models import Round
from assessments.reporting.tussenstand import tussenstand_released
from assessments.rounds.invitations import respondent_revoke
from assessments.rounds.models import Respondent, Tussenstand
from assessments.rounds.services import round_answers_close
from tests.factories import make_round, make_submitted_respondent


def check(round) -> str:
    output = StringIO()
    call_command("privacy_check", str(round.pk), stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_the_demo_rounds_pin_nobody(framework):
    call_command("load_demo", stdout=StringIO())

    for round in Round.objects.exclude(status=Round.Status.CONCEPT):
        text = check(round)
        assert "Niemands niveau ligt vast." in text
        assert text.count("vastgepind") == 2 * 11


def test_a_leak_in_the_stored_releases_is_found_and_fails(organisation, framework):
    # A release made outside the rules (as the sign attack made them): the target left.
    round = make_round(organisation=organisation, framework=framework, status="open")
    target = make_submitted_respondent(round=round, rol="bestuur", levels={1: 5, 2: 3})
    for level in (2, 3, 3):
        make_submitted_respondent(round=round, rol="managers", levels={1: level, 2: 3})
    tussenstand_released(round)
    respondent_revoke(respondent=target)
    round_answers_close(round=round)
    # past the freeze, as a direct database edit would
    QuerySet.update(Respondent.objects.filter(pk=target.pk), counted=False)

    with pytest.raises(CommandError, match="ligt iemands niveau vast"):
        check(round)


def test_a_unanimous_group_is_reported_as_by_design(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for _ in range(3):
        make_submitted_respondent(round=round, rol="managers", levels={1: 4})
    tussenstand_released(round)

    text = check(round)

    assert Tussenstand.objects.filter(round=round).count() == 1
    assert "0 van 3 mensen vastgepind; 3 door een eensgezinde groep" in text
    assert "Niemands niveau ligt vast." in text


def test_an_unknown_round_is_refused(db):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("privacy_check", "999999", stdout=StringIO())

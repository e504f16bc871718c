"""manage.py privacy_check: the exact attacker on a real round, for a privacy officer."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet
from django.utils import timezone

from assessments.models import Answer, Round
from assessments.reporting.tussenstand import tussenstand_released
from assessments.rounds.invitations import respondent_revoke
from assessments.rounds.models import Respondent
from assessments.rounds.services import round_answers_close
from assessments.rounds.tussenstanden import Tussenstand
from bouwstenen.models import Bouwsteen, Rol
from tests.factories import make_round, make_submitted_respondent


def check(round) -> str:
    output = StringIO()
    call_command("privacy_check", str(round.pk), stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_the_demo_rounds_pin_nobody(framework):
    call_command("load_demo", stdout=StringIO())

    # Werkorganisatie Drie Dorpen's rounds: tests/assessments/demo/test_werkorganisatie.py
    rounds = Round.objects.exclude(status=Round.Status.CONCEPT)
    for round in rounds.exclude(organisation__slug="drie-dorpen"):
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


def test_a_round_of_two_thousand_people_in_ten_releases_is_checked(organisation, framework):
    # README: seconds for 2,000 people (1.9 s here; 13 s for a hundred releases of 20).
    round = make_round(organisation=organisation, framework=framework, status="open")
    rng = random.Random(26)
    rollen = list(Rol.objects.filter(framework=framework))
    bouwstenen = list(Bouwsteen.objects.filter(framework=framework))
    for batch in range(10):
        people = Respondent.objects.bulk_create(
            Respondent(
                round=round,
                email=f"p{batch}-{index}@example.org",
                rol=rng.choice(rollen),
                submitted_at=timezone.now(),
            )
            for index in range(200)
        )
        Answer.objects.bulk_create(
            Answer(
                respondent=person,
                bouwsteen=bouwsteen,
                current_level=rng.choice([0, 1, 2, 3, 4, 5]),
                desired_level=rng.choice([None, 3, 4, 5]),
            )
            for person in people
            for bouwsteen in bouwstenen
        )
        tussenstand_released(round)
    round_answers_close(round=round)

    text = check(round)

    assert "11 keer cijfers vrijgegeven" in text
    assert text.count("0 van 2000 mensen vastgepind") == 2 * 11
    assert "Niemands niveau ligt vast." in text


def test_an_unknown_round_is_refused(db):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("privacy_check", "999999", stdout=StringIO())

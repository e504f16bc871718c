import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Consensus, RoundClosedError
from assessments.reporting.services import (
    consensus_record,
    consensus_record_many,
    round_group_size_set,
)
from assessments.rounds.services import round_close
from bouwstenen.models import Bouwsteen
from tests.factories import make_scored_round


@pytest.fixture
def scored_round(organisation, framework):
    return make_scored_round(organisation=organisation, framework=framework)


def consensus_url(round):
    return reverse("assessments:round-consensus", args=[round.pk])


def test_open_round_meets_on_the_released_tussenstand_without_role_figures(
    client, coordinator, scored_round
):
    client.force_login(coordinator)

    response = client.get(consensus_url(scored_round))

    html = response.content.decode()
    assert response.status_code == 200
    assert "11. Terugkoppeling en opvolging" in html or "11. " in html
    assert "Mediaan: <strong>3</strong>" in html
    assert "over 9 ingestuurde vragenlijsten" in html
    assert 'Bestuur: <span class="muted">pas als de ronde gesloten is</span>' in html
    assert "Bestuur: <strong>4</strong>" not in html
    assert 'name="b7-level"' in html


def test_closed_round_shows_distribution_and_role_medians_side_by_side(
    client, coordinator, scored_round
):
    round_close(round=scored_round)
    client.force_login(coordinator)

    html = client.get(consensus_url(scored_round)).content.decode()

    assert "Bestuur: <strong>4</strong>" in html
    assert "Adviseurs: <strong>2</strong>" in html
    assert "tussenstand" not in html


def test_coordinator_records_and_removes_consensus(client, coordinator, scored_round):
    client.force_login(coordinator)

    response = client.post(
        consensus_url(scored_round),
        {
            "b7-level": "2",
            "b7-toelichting": "Samen besloten.",
            "b3-level": "",
            "b3-toelichting": "",
        },
    )

    assert response.status_code == 302
    consensus = Consensus.objects.get(round=scored_round)
    assert (consensus.bouwsteen.number, consensus.level, consensus.toelichting) == (
        7,
        2,
        "Samen besloten.",
    )
    report = client.get(reverse("assessments:round-report", args=[scored_round.pk]))
    assert "consensus van het team" in report.content.decode()

    client.post(consensus_url(scored_round), {"b7-level": "", "b7-toelichting": ""})
    assert not Consensus.objects.filter(round=scored_round).exists()


def test_toelichting_without_level_is_refused(client, coordinator, scored_round):
    client.force_login(coordinator)

    response = client.post(consensus_url(scored_round), {"b7-level": "", "b7-toelichting": "Hm."})

    assert response.status_code == 200
    assert "Kies een niveau bij je toelichting" in response.content.decode()
    assert not Consensus.objects.exists()


def test_viewer_cannot_record_consensus(client, colleague, scored_round):
    client.force_login(colleague)

    assert client.get(consensus_url(scored_round)).status_code == 403
    assert client.post(consensus_url(scored_round), {"b7-level": "3"}).status_code == 403
    assert not Consensus.objects.exists()


def test_outsider_gets_404(client, outsider, scored_round):
    client.force_login(outsider)

    assert client.get(consensus_url(scored_round)).status_code == 404
    assert client.post(consensus_url(scored_round), {"b7-level": "3"}).status_code == 404


def test_closed_round_shows_consensus_read_only(client, coordinator, scored_round, framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=7)
    consensus_record(round=scored_round, bouwsteen=bouwsteen, level=3, toelichting="Vast.")
    round_close(round=scored_round)
    client.force_login(coordinator)

    response = client.get(consensus_url(scored_round))
    client.post(consensus_url(scored_round), {"b7-level": "5", "b7-toelichting": ""})

    assert "Deze ronde is gesloten" in response.content.decode()
    assert Consensus.objects.get(round=scored_round).level == 3
    with pytest.raises(RoundClosedError):
        consensus_record(round=scored_round, bouwsteen=bouwsteen, level=4)


def test_service_validates_the_level(scored_round, framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=1)

    with pytest.raises(ValidationError):
        consensus_record(round=scored_round, bouwsteen=bouwsteen, level=6)
    assert not Consensus.objects.exists()


def test_lowering_the_group_size_needs_an_explicit_yes(client, coordinator, scored_round):
    client.force_login(coordinator)

    refused = client.post(consensus_url(scored_round), {"min_group_size": "2"})
    scored_round.refresh_from_db()
    assert refused.status_code == 200
    assert "alleen als je dit aanvinkt" in refused.content.decode()
    assert scored_round.min_group_size == 3

    client.post(consensus_url(scored_round), {"min_group_size": "2", "confirm_small": "on"})
    scored_round.refresh_from_db()
    assert scored_round.min_group_size == 2
    report = client.get(reverse("assessments:round-report", args=[scored_round.pk]))
    assert "Let op:" in report.content.decode()


def test_a_group_of_one_is_refused_even_when_confirmed(client, coordinator, scored_round):
    client.force_login(coordinator)

    refused = client.post(
        consensus_url(scored_round), {"min_group_size": "1", "confirm_small": "on"}
    )

    scored_round.refresh_from_db()
    assert "Een groep is minstens 2 mensen" in refused.content.decode()
    assert scored_round.min_group_size == 3
    with pytest.raises(ValidationError):
        round_group_size_set(round=scored_round, min_group_size=1, small_confirmed=True)


def test_the_organisation_keeps_the_size_for_its_next_round(scored_round):
    round_group_size_set(round=scored_round, min_group_size=4)

    scored_round.organisation.refresh_from_db()
    assert scored_round.organisation.min_group_size == 4


def test_raising_the_group_size_needs_no_confirmation(client, coordinator, scored_round):
    client.force_login(coordinator)

    client.post(consensus_url(scored_round), {"min_group_size": "5"})

    scored_round.refresh_from_db()
    assert scored_round.min_group_size == 5


def test_group_size_service_saves_a_valid_size(scored_round):
    saved = round_group_size_set(round=scored_round, min_group_size=5)

    scored_round.refresh_from_db()
    assert saved.min_group_size == scored_round.min_group_size == 5


def test_group_size_service_needs_a_confirmation_below_three(scored_round):
    with pytest.raises(ValidationError):
        round_group_size_set(round=scored_round, min_group_size=2)

    round_group_size_set(round=scored_round, min_group_size=2, small_confirmed=True)
    scored_round.refresh_from_db()
    assert scored_round.min_group_size == 2


@pytest.mark.parametrize("size", [0, 51])
def test_group_size_service_refuses_a_size_out_of_range(scored_round, size):
    with pytest.raises(ValidationError):
        round_group_size_set(round=scored_round, min_group_size=size, small_confirmed=True)

    scored_round.refresh_from_db()
    assert scored_round.min_group_size == 3


def test_group_size_service_refuses_a_closed_round(scored_round):
    round_close(round=scored_round)

    with pytest.raises(RoundClosedError):
        round_group_size_set(round=scored_round, min_group_size=5)
    scored_round.refresh_from_db()
    assert scored_round.min_group_size == 3


def consensus_post(levels):
    """POST data setting every bouwsteen in `levels` (number -> level) with a toelichting."""
    data = {}
    for number in range(1, 12):
        level = levels.get(number, "")
        data[f"b{number}-level"] = str(level)
        data[f"b{number}-toelichting"] = f"Afspraak {number}" if level else ""
    return data


@pytest.mark.parametrize("changed", [1, 11])
def test_saving_consensus_uses_a_fixed_number_of_queries(
    client, coordinator, scored_round, django_assert_max_num_queries, changed
):
    client.force_login(coordinator)
    levels = {number: 3 for number in range(1, changed + 1)}

    # session, user, round, coordinator check, the report context (about ten), the
    # bouwstenen, the round check, existing consensus, insert, update, success message;
    # a new PDF queued (its languages, its row, the task and the row written: four)
    with django_assert_max_num_queries(28):
        response = client.post(consensus_url(scored_round), consensus_post(levels))

    assert response.status_code == 302
    assert Consensus.objects.filter(round=scored_round).count() == changed


def test_a_round_closed_while_the_consensus_is_posted_shows_a_message(
    client, coordinator, scored_round, framework, monkeypatch
):
    from assessments.reporting.views import consensus

    def close_first(**kwargs):
        round_close(round=kwargs["round"])
        return consensus_record_many(**kwargs)

    monkeypatch.setattr(consensus, "consensus_record_many", close_first)
    client.force_login(coordinator)

    response = client.post(
        consensus_url(scored_round), {"b7-level": "2", "b7-toelichting": ""}, follow=True
    )

    assert response.status_code == 200
    assert "Deze ronde is gesloten" in response.content.decode()
    assert not Consensus.objects.filter(round=scored_round).exists()

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.audit.models import AuditEntry
from assessments.models import Consensus, RoundClosedError
from assessments.reporting.services import (
    consensus_record,
    consensus_record_many,
    organisation_group_size_set,
    round_group_size_set,
)
from assessments.rounds.services import round_answers_close, round_close
from bouwstenen.models import Bouwsteen
from tests.factories import make_round, make_scored_round, make_submitted_respondent


@pytest.fixture
def scored_round(organisation, framework):
    return make_scored_round(organisation=organisation, framework=framework)


@pytest.fixture
def meeting_round(scored_round):
    """The scored round with its answering closed: the consensus meeting's stage."""
    return round_answers_close(round=scored_round)


@pytest.fixture
def unanswered_round(organisation, framework):
    """An open round nobody sent answers to yet: its group size may still go down."""
    return make_round(organisation=organisation, framework=framework, status="open")


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
    assert "De consensus leg je vast nadat het invullen is gesloten" in html
    assert "Consensus opslaan" not in html


def test_consensus_is_recorded_only_once_answering_is_closed(
    client, coordinator, scored_round, framework
):
    client.force_login(coordinator)
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=7)

    client.post(consensus_url(scored_round), {"b7-level": "2", "b7-toelichting": ""})

    assert not Consensus.objects.exists()
    with pytest.raises(ValidationError):
        consensus_record(round=scored_round, bouwsteen=bouwsteen, level=2)


def test_the_meeting_sees_role_figures_and_toelichtingen_once_answering_is_closed(
    client, coordinator, meeting_round
):
    client.force_login(coordinator)

    html = client.get(consensus_url(meeting_round)).content.decode()

    assert "Bestuur: <strong>4</strong>" in html
    assert "tussenstand" not in html
    assert "Consensus opslaan" in html


def test_closed_round_shows_distribution_and_role_medians_side_by_side(
    client, coordinator, scored_round
):
    round_close(round=scored_round)
    client.force_login(coordinator)

    html = client.get(consensus_url(scored_round)).content.decode()

    assert "Bestuur: <strong>4</strong>" in html
    assert "Adviseurs: <strong>2</strong>" in html
    assert "tussenstand" not in html


def test_coordinator_records_and_removes_consensus(client, coordinator, meeting_round):
    client.force_login(coordinator)

    response = client.post(
        consensus_url(meeting_round),
        {
            "b7-level": "2",
            "b7-toelichting": "Samen besloten.",
            "b3-level": "",
            "b3-toelichting": "",
        },
    )

    assert response.status_code == 302
    consensus = Consensus.objects.get(round=meeting_round)
    assert (consensus.bouwsteen.number, consensus.level, consensus.toelichting) == (
        7,
        2,
        "Samen besloten.",
    )
    report = client.get(reverse("assessments:round-report", args=[meeting_round.pk]))
    assert "consensus van het team" in report.content.decode()

    client.post(consensus_url(meeting_round), {"b7-level": "", "b7-toelichting": ""})
    assert not Consensus.objects.filter(round=meeting_round).exists()


def test_toelichting_without_level_is_refused(client, coordinator, meeting_round):
    client.force_login(coordinator)

    response = client.post(consensus_url(meeting_round), {"b7-level": "", "b7-toelichting": "Hm."})

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


def test_closed_round_shows_consensus_read_only(client, coordinator, meeting_round, framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=7)
    consensus_record(round=meeting_round, bouwsteen=bouwsteen, level=3, toelichting="Vast.")
    round_close(round=meeting_round)
    client.force_login(coordinator)

    response = client.get(consensus_url(meeting_round))
    client.post(consensus_url(meeting_round), {"b7-level": "5", "b7-toelichting": ""})

    assert "Deze ronde is gesloten" in response.content.decode()
    assert Consensus.objects.get(round=meeting_round).level == 3
    with pytest.raises(RoundClosedError):
        consensus_record(round=meeting_round, bouwsteen=bouwsteen, level=4)


def test_service_validates_the_level(scored_round, framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=1)

    with pytest.raises(ValidationError):
        consensus_record(round=scored_round, bouwsteen=bouwsteen, level=6)
    assert not Consensus.objects.exists()


def test_lowering_the_group_size_needs_an_explicit_yes(client, coordinator, unanswered_round):
    client.force_login(coordinator)

    refused = client.post(consensus_url(unanswered_round), {"min_group_size": "2"})
    unanswered_round.refresh_from_db()
    assert refused.status_code == 200
    assert "alleen als je dit aanvinkt" in refused.content.decode()
    assert unanswered_round.min_group_size == 3

    client.post(consensus_url(unanswered_round), {"min_group_size": "2", "confirm_small": "on"})
    unanswered_round.refresh_from_db()
    assert unanswered_round.min_group_size == 2
    entry = AuditEntry.objects.get(action=AuditEntry.Action.GROUP_SIZE_CHANGE)
    assert (entry.round, entry.subject, entry.actor) == (unanswered_round, "3 → 2", coordinator)


def test_a_group_of_one_is_refused_even_when_confirmed(client, coordinator, unanswered_round):
    client.force_login(coordinator)

    refused = client.post(
        consensus_url(unanswered_round), {"min_group_size": "1", "confirm_small": "on"}
    )

    unanswered_round.refresh_from_db()
    assert "Een groep is minstens 2 mensen" in refused.content.decode()
    assert unanswered_round.min_group_size == 3
    with pytest.raises(ValidationError):
        round_group_size_set(round=unanswered_round, min_group_size=1, small_confirmed=True)


def test_a_rounds_group_size_changes_only_that_round(scored_round):
    round_group_size_set(round=scored_round, min_group_size=4)

    scored_round.organisation.refresh_from_db()
    assert scored_round.organisation.min_group_size == 3


def test_once_anyone_sent_the_group_size_can_only_go_up(client, coordinator, scored_round):
    client.force_login(coordinator)

    refused = client.post(
        consensus_url(scored_round), {"min_group_size": "2", "confirm_small": "on"}
    )

    scored_round.refresh_from_db()
    assert refused.status_code == 200
    assert "kan nu alleen nog omhoog" in refused.content.decode()
    assert scored_round.min_group_size == 3
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.GROUP_SIZE_CHANGE).exists()
    with pytest.raises(ValidationError):
        round_group_size_set(round=scored_round, min_group_size=2, small_confirmed=True)


def test_once_anyone_sent_the_form_offers_only_the_current_size_and_up(
    client, coordinator, unanswered_round, scored_round
):
    client.force_login(coordinator)

    before = client.get(consensus_url(unanswered_round)).content.decode()
    after = client.get(consensus_url(scored_round)).content.decode()

    assert 'name="min_group_size" value="3" min="2"' in before
    assert "Ik begrijp dat cijfers per rol" in before
    assert 'name="min_group_size" value="3" min="3"' in after
    assert "Ik begrijp dat cijfers per rol" not in after
    assert "Je kunt dit getal nu alleen nog verhogen (nu 3)." in after


def test_the_organisations_default_is_set_on_its_settings_page(client, coordinator, scored_round):
    client.force_login(coordinator)
    url = reverse("assessments:organisation-settings", args=[scored_round.organisation.slug])

    refused = client.post(url, {"form": "group_size", "min_group_size": "1"})
    client.post(url, {"form": "group_size", "min_group_size": "5"})

    assert "Een groep is minstens 2 mensen" in refused.content.decode()
    scored_round.organisation.refresh_from_db()
    scored_round.refresh_from_db()
    assert (scored_round.organisation.min_group_size, scored_round.min_group_size) == (5, 3)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.GROUP_SIZE_CHANGE)
    assert entry.round is None and "3 → 5" in entry.subject
    with pytest.raises(ValidationError):
        organisation_group_size_set(organisation=scored_round.organisation, min_group_size=2)


def test_raising_the_group_size_needs_no_confirmation(client, coordinator, scored_round):
    client.force_login(coordinator)

    client.post(consensus_url(scored_round), {"min_group_size": "5"})

    scored_round.refresh_from_db()
    assert scored_round.min_group_size == 5


def test_group_size_service_saves_a_valid_size(scored_round):
    saved = round_group_size_set(round=scored_round, min_group_size=5)

    scored_round.refresh_from_db()
    assert saved.min_group_size == scored_round.min_group_size == 5


def test_group_size_service_needs_a_confirmation_below_three(unanswered_round):
    with pytest.raises(ValidationError):
        round_group_size_set(round=unanswered_round, min_group_size=2)

    round_group_size_set(round=unanswered_round, min_group_size=2, small_confirmed=True)
    unanswered_round.refresh_from_db()
    assert unanswered_round.min_group_size == 2


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
    client, coordinator, meeting_round, django_assert_max_num_queries, changed
):
    client.force_login(coordinator)
    levels = {number: 3 for number in range(1, changed + 1)}

    # session, user, round, coordinator check, the report context (about ten), the
    # bouwstenen, the round check, existing consensus, insert, update, success message;
    # a new PDF queued (its languages, its row, the task and the row written: four)
    with django_assert_max_num_queries(28):
        response = client.post(consensus_url(meeting_round), consensus_post(levels))

    assert response.status_code == 302
    assert Consensus.objects.filter(round=meeting_round).count() == changed


def test_a_round_closed_while_the_consensus_is_posted_shows_a_message(
    client, coordinator, meeting_round, framework, monkeypatch
):
    from assessments.reporting.views import consensus

    def close_first(**kwargs):
        round_close(round=kwargs["round"])
        return consensus_record_many(**kwargs)

    monkeypatch.setattr(consensus, "consensus_record_many", close_first)
    client.force_login(coordinator)

    response = client.post(
        consensus_url(meeting_round), {"b7-level": "2", "b7-toelichting": ""}, follow=True
    )

    assert response.status_code == 200
    assert "Deze ronde is gesloten" in response.content.decode()
    assert not Consensus.objects.filter(round=meeting_round).exists()


def test_the_consensus_page_says_why_a_role_is_hidden(
    client, coordinator, outsider, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_submitted_respondent(round=round, rol="bestuur", levels={1: 4})
    for level in (2, 3, 3, 0):
        make_submitted_respondent(round=round, rol="managers", levels={1: level})
    round = round_answers_close(round=round)
    client.force_login(coordinator)

    page = client.get(consensus_url(round)).content.decode()

    first = page[page.index('id="bouwsteen-1"') : page.index('id="bouwsteen-2"')]
    assert 'Bestuur: <span class="muted">verborgen: minder dan 3 mensen in deze rol' in first
    assert "Waarom is een rol soms verborgen?" in page
    assert "“Weet ik niet” telt niet als score." in page
    client.force_login(outsider)
    assert client.get(consensus_url(round)).status_code == 404

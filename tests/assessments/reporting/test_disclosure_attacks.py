"""The differencing attacks of issue 9, played against the report page, the PDF and the CSV
(and the consensus page where a coordinator meets): no single respondent's level can be
derived by comparing two reads, nor by subtracting shown groups from a total."""

import pytest
from django.utils import timezone

from assessments.models import Membership, Organisation
from assessments.rounds.invitations import respondent_reinstate, respondent_revoke
from assessments.rounds.services import round_close, round_personal_data_erase
from tests.conftest import make_member
from tests.disclosure import (
    CLOSED_OUTPUTS,
    CONSENSUS,
    OUTPUTS,
    PDF,
    assert_indistinguishable,
    assert_unchanged,
)
from tests.factories import make_round, make_submitted_respondent

ALL = range(1, 12)
MIN_GROUP_SIZE = 3


def send(round, rol, level, toelichting="", submitted=True):
    return make_submitted_respondent(
        round=round,
        rol=rol,
        levels=dict.fromkeys(ALL, level),
        desired=dict.fromkeys(ALL, 4),
        toelichting=toelichting,
        submitted=submitted,
    )


def world(framework, member, *, bestuur, managers, adviseurs=(2, 3, 4, 4), texts=None):
    """A closed round of its own organisation (same names in every world) with these levels
    on all 11 bouwstenen; `texts` maps (rol, index) to a toelichting."""
    texts = texts or {}
    count = Organisation.objects.count()
    organisation = Organisation.objects.create(name="Gemeente Testdorp", slug=f"wereld-{count}")
    Membership.objects.create(organisation=organisation, user=member, role=Membership.Role.VIEWER)
    round = make_round(organisation=organisation, framework=framework, status="open")
    for rol, levels in (("bestuur", bestuur), ("managers", managers), ("adviseurs", adviseurs)):
        for index, level in enumerate(levels):
            send(round, rol, level, texts.get((rol, index), ""))
    return round_close(round=round)


@pytest.fixture
def reader(client, organisation):
    member = make_member(organisation, "lezer-aanvaller", Membership.Role.VIEWER)
    client.force_login(member)
    return member


# --- closed rounds: subtracting shown groups from the total -------------------------------


@pytest.mark.parametrize("output", CLOSED_OUTPUTS, ids=lambda output: output.name)
@pytest.mark.parametrize("group", [1, 2])
def test_a_small_groups_level_and_toelichting_cannot_be_derived(
    client, reader, framework, output, group
):
    # The only bestuurder(s) answered 5 in one world and 2 in the other; a manager answered
    # the other way round, so the totals agree. Only the target wrote a toelichting, in one
    # world. Primary suppression alone would show the managers' median and the overall
    # figures, and their difference would give the target's level.
    others = [3] * (group - 1)
    world_a = world(
        framework,
        reader,
        bestuur=[5, *others],
        managers=[2, 2, 3],  # median 2; in the other world 3
        texts={("bestuur", 0): "Als wethouder zie ik het anders."},
    )
    world_b = world(framework, reader, bestuur=[2, *others], managers=[5, 2, 3])

    text = assert_indistinguishable(output, client, world_a, world_b)

    assert "wethouder" not in text and "niet getoond" not in text
    if output.name not in ("csv", "xlsx", "outcome", "trend"):
        assert f"verborgen: minder dan {MIN_GROUP_SIZE} mensen in deze rol" in text
        assert "geen scores" not in text


@pytest.mark.parametrize("output", CLOSED_OUTPUTS, ids=lambda output: output.name)
def test_a_lone_weet_ik_niet_cannot_be_derived(client, reader, framework, output):
    world_a = world(framework, reader, bestuur=[0], managers=[3, 3, 3])
    world_b = world(framework, reader, bestuur=[3], managers=[0, 3, 3])

    assert_indistinguishable(output, client, world_a, world_b)


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda output: output.name)
def test_a_group_at_the_minimum_is_shown_and_no_member_can_be_named_in_it(
    client, reader, framework, output
):
    # The same three bestuur answers, but the first bestuurder (who also wrote a text)
    # answered 5 in one world and 2 in the other: nothing in the output follows the person.
    texts = {("bestuur", 0): "Tekst van de eerste bestuurder."}
    world_a = world(framework, reader, bestuur=[5, 3, 2], managers=[2, 3, 3], texts=texts)
    world_b = world(framework, reader, bestuur=[2, 3, 5], managers=[2, 3, 3], texts=texts)

    text = assert_indistinguishable(output, client, world_a, world_b)

    if output.name == "page":
        assert "Bestuur: <strong>3</strong>" in text  # the group of three is shown
        assert "Tekst van de eerste bestuurder." in text


def test_erasing_personal_data_changes_no_figure(client, reader, framework):
    round = world(framework, reader, bestuur=[5], managers=[2, 3, 3])

    for output in OUTPUTS:
        assert_unchanged(output, client, round, lambda: round_personal_data_erase(round=round))


# --- open rounds: reading before and after ------------------------------------------------


@pytest.fixture
def open_round(organisation, framework, reader):
    """Three managers and three adviseurs sent (the first tussenstand), one bestuurder did
    not yet."""
    round = make_round(organisation=organisation, framework=framework, status="open")
    for level in (2, 3, 3):
        send(round, "managers", level)
    for level in (3, 4, 4):
        send(round, "adviseurs", level, toelichting="Wij merken het in elk project.")
    return round


@pytest.mark.parametrize("output", [*OUTPUTS, PDF], ids=lambda output: output.name)
def test_revoking_and_reinstating_a_named_person_changes_no_figure(client, open_round, output):
    named = send(open_round, "bestuur", 5, toelichting="Mijn eigen mening")
    for _ in range(2):
        send(open_round, "managers", 4)  # a tussenstand with the bestuurder in it
    text = output.figures(client, open_round)
    assert "over 9 ingestuurde vragenlijsten" in text or output.name in ("csv", "xlsx")

    assert_unchanged(output, client, open_round, lambda: respondent_revoke(respondent=named))
    assert_unchanged(output, client, open_round, lambda: respondent_reinstate(respondent=named))


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda output: output.name)
@pytest.mark.parametrize("group", [1, 2])
def test_reading_before_and_after_the_only_bestuurders_send_shows_nothing_new(
    client, open_round, output, group
):
    people = [send(open_round, "bestuur", 5, submitted=False) for _ in range(group)]

    def they_send():
        for person in people:
            person.submitted_at = timezone.now()
            person.save(update_fields=["submitted_at"])

    assert_unchanged(output, client, open_round, they_send)


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda output: output.name)
def test_figures_change_only_by_a_batch_of_the_group_size(client, open_round, output):
    before = output.figures(client, open_round)
    for _ in range(MIN_GROUP_SIZE - 1):
        send(open_round, "bestuur", 5)
    assert output.figures(client, open_round) == before

    send(open_round, "bestuur", 5)  # the third since the last tussenstand: a new one

    after = output.figures(client, open_round)
    assert after != before
    if output.name not in ("csv", "xlsx"):
        assert "over 9 ingestuurde vragenlijsten" in after


def test_an_open_round_shows_no_role_figures_and_no_toelichtingen(client, open_round):
    for output in OUTPUTS:
        text = output.read(client, open_round)
        assert "Wij merken het" not in text
        if output.name == "csv":
            figures = text.split("\r\n\r\n")[0].splitlines()[1:]
            assert len(figures) == 11
            rows = [line.split(";") for line in figures]
            assert all(row[-3:] == ["", "", ""] for row in rows)  # the three role columns
            assert all(row[6] for row in rows)  # while the overall median is there


def test_consensus_page_of_an_open_round_resists_revoke_and_send(
    client, open_round, organisation, coordinator
):
    client.force_login(coordinator)
    named = send(open_round, "bestuur", 5)

    text = assert_unchanged(
        CONSENSUS, client, open_round, lambda: respondent_revoke(respondent=named)
    )
    assert_unchanged(CONSENSUS, client, open_round, lambda: send(open_round, "bestuur", 1))
    assert "Mediaan: <strong>3</strong>" in text  # the released tussenstand of six


def test_closing_releases_the_final_figures(client, reader, open_round):
    round = round_close(round=open_round)

    for output in OUTPUTS:
        text = output.figures(client, round)
        assert "tussenstand" not in text

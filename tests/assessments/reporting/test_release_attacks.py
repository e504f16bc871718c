"""The attacks of issues 18 and 26: an insider (a coordinator, a lezer who reads before and
after) tries to read one named respondent's levels by comparing releases of a round's
figures. Each attack counts the levels it recovers and must recover none.

A release is what an output shows at one moment: a tussenstand while the round is open, the
final figures once answering is closed. The invariant they try to break (rounds/counting.py):
each release holds every earlier one's people, adds nobody or at least the group size of
people, and never a coordinator's own answers; then differencing two releases gives a group,
never a person. tests/assessments/privacy/ runs an exact attacker (a solver) against any
sequence of a coordinator's actions."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.models import Membership, Organisation, Round
from assessments.reporting.services import round_group_size_set
from assessments.rounds.invitations import respondent_reinstate, respondent_revoke
from assessments.rounds.services import (
    round_answers_close,
    round_close,
    round_personal_data_erase,
)
from assessments.rounds.tussenstanden import Tussenstand
from tests.conftest import make_member
from tests.disclosure import OUTPUTS, assert_indistinguishable
from tests.factories import make_round, make_submitted_respondent

ALL = range(1, 12)
GROUP = 3
# The CSV's overall columns: scores, weet ik niet, median, desired, gap, spread.
OVERALL = slice(4, 10)


def send(round, rol, level, toelichting="", email=None):
    person = make_submitted_respondent(
        round=round,
        rol=rol,
        levels=dict.fromkeys(ALL, level),
        desired=dict.fromkeys(ALL, 4),
        toelichting=toelichting,
    )
    if email:
        person.email = email
        person.save(update_fields=["email"])
    return person


def overall(client, round) -> list[list[str]]:
    """The overall figures per bouwsteen as a member downloads them (the CSV)."""
    url = reverse("assessments:round-report-csv", args=[round.pk])
    text = client.get(url).content.decode("utf-8-sig").split("\r\n\r\n")[0]
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    return [row[OVERALL] for row in rows]


def levels_recovered(before, after, target_level) -> int:
    """How many bouwstenen give away the target's level when the releases `before` and
    `after` (the overall figures, with the target in one and not in the other) are laid side
    by side: each bouwsteen whose number of scores changed by exactly one while the median
    moved as only the target's level explains, or any change at all by one person."""
    recovered = 0
    for old, new in zip(before, after, strict=True):
        if old != new and old[0] and new[0] and abs(int(old[0]) - int(new[0])) == 1:
            recovered += 1  # one person's difference shows: their level follows
    return recovered


def released_sets(round) -> list[frozenset]:
    """The people of every release of the round, in order: its tussenstanden, then the
    final figures once answering closed."""
    sets = [
        frozenset(ids)
        for ids in Tussenstand.objects.filter(round=round)
        .order_by("released_at", "pk")
        .values_list("respondent_ids", flat=True)
    ]
    if Round.objects.get(pk=round.pk).answers_frozen:
        sets.append(frozenset(round.respondents.filter(counted=True).values_list("pk", flat=True)))
    return sets


def assert_releases_apart(round):
    """The chain: each release holds the one before and adds nobody or a whole group."""
    sets = released_sets(round)
    insiders = set(round.respondents.filter(insider=True).values_list("pk", flat=True))
    for earlier, later in zip(sets, sets[1:], strict=False):
        assert earlier <= later, (earlier, later)
        assert earlier == later or len(later - earlier) >= GROUP, (earlier, later)
    assert not insiders & (sets[-1] if sets else set())


@pytest.fixture
def reader(client, organisation):
    member = make_member(organisation, "lezer-aanvaller", Membership.Role.VIEWER)
    client.force_login(member)
    return member


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def test_attack_1_revoke_then_close_recovers_nothing(client, reader, open_round):
    target = send(open_round, "bestuur", 5)
    send(open_round, "managers", 2)
    send(open_round, "adviseurs", 3)
    overall(client, open_round)  # release 1: three people
    for level in (2, 3, 4):
        send(open_round, "managers", level)
    release_2 = overall(client, open_round)  # six people
    respondent_revoke(respondent=target)

    final = overall(client, round_close(round=open_round))

    assert levels_recovered(release_2, final, 5) == 0
    assert final == release_2  # the target stays counted: their answers were released
    assert_releases_apart(open_round)


@pytest.mark.parametrize("late", [1, 2])
def test_attack_2_few_sends_after_the_last_tussenstand_recover_nothing(
    client, reader, open_round, late
):
    for level in (2, 3, 4):
        send(open_round, "managers", level)
    tussenstand = overall(client, open_round)
    for _ in range(late):
        send(open_round, "bestuur", 5)

    final = overall(client, round_close(round=open_round))

    assert levels_recovered(tussenstand, final, 5) == 0
    assert final == tussenstand
    assert open_round.respondents.filter(counted=False).count() == late
    assert_releases_apart(open_round)


def test_three_sends_after_the_last_tussenstand_all_count(client, reader, open_round):
    for level in (2, 3, 4):
        send(open_round, "managers", level)
    overall(client, open_round)
    for _ in range(GROUP):
        send(open_round, "bestuur", 5)

    round_close(round=open_round)

    assert not open_round.respondents.filter(counted=False).exists()
    assert_releases_apart(open_round)


def test_attack_3_lowering_the_group_size_releases_no_pair(client, reader, open_round):
    for level in (2, 3, 4):
        send(open_round, "managers", level)
    before = overall(client, open_round)
    send(open_round, "bestuur", 5)
    send(open_round, "bestuur", 5)

    with pytest.raises(Exception, match="alleen nog omhoog"):
        round_group_size_set(round=open_round, min_group_size=2, small_confirmed=True)
    after = overall(client, open_round)

    assert levels_recovered(before, after, 5) == 0 and after == before


def insider_world(framework, reader, *, target_level, adviser_level, target_text=""):
    """Attack 4: the coordinator fills in the questionnaire as bestuur ("Zelf invullen", their
    own address) and invites one address they control as bestuur; both answer 1 and 5. The
    only real bestuurder (the target) sends too. The managers and adviseurs are real."""
    count = Round.objects.count()
    organisation = Organisation.objects.create(name="Gemeente Testdorp", slug=f"wereld-{count}")
    Membership.objects.create(organisation=organisation, user=reader, role="viewer")
    coordinator = make_member(organisation, f"coordinator-{count}", Membership.Role.COORDINATOR)
    round = make_round(organisation=organisation, framework=framework, status="open")
    send(round, "bestuur", 1, "Nep 1", email=coordinator.email.upper())  # self-fill
    send(round, "bestuur", 5, "Nep 2")  # an address the coordinator controls
    send(round, "bestuur", target_level, target_text)
    for _ in range(5):
        send(round, "managers", 3, "Managers zien het in elk project.")
    for level in (adviser_level, 4, 4):
        send(round, "adviseurs", level)
    return round_close(round=round)


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda output: output.name)
def test_attack_4_the_coordinators_own_answers_give_no_cover(client, reader, framework, output):
    # The target answered 5 in one world and 2 in the other; a real adviseur the other way
    # round, so the totals agree. Only the target wrote a toelichting, in one world. Before
    # issue 18 the bestuur group (self-fill, fake, target) was shown, and its median was the
    # target's level; now only the fake and the target count towards it, and towards the
    # hidden rest, so the adviseurs are hidden too.
    world_a = insider_world(
        framework, reader, target_level=5, adviser_level=2, target_text="Als wethouder: nee."
    )
    world_b = insider_world(framework, reader, target_level=2, adviser_level=5)

    text = assert_indistinguishable(output, client, world_a, world_b)

    assert "wethouder" not in text and "Nep 1" not in text
    assert world_a.respondents.filter(insider=True).count() == 1


def test_the_coordinators_own_answers_count_nowhere(client, reader, framework):
    round = insider_world(framework, reader, target_level=5, adviser_level=2)

    page = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()

    assert round.respondents.filter(counted=True).count() == 10  # all but the self-fill
    assert not round.respondents.filter(insider=True, counted=True).exists()
    assert "Bestuur: <strong>" not in page and "Adviseurs: <strong>" not in page
    assert "Managers: <strong>3</strong>" in page


ACTIONS = {
    "revoke": lambda round, person: respondent_revoke(respondent=person),
    "revoke-reinstate": lambda round, person: respondent_reinstate(
        respondent=respondent_revoke(respondent=person)
    ),
    "one-more-send": lambda round, person: send(round, "bestuur", 1),
}


@pytest.mark.parametrize("when", ["before-second-tussenstand", "before-closing"])
@pytest.mark.parametrize("action", ACTIONS)
def test_revoke_reinstate_or_a_send_between_releases_never_singles_anyone_out(
    client, reader, open_round, action, when
):
    target = send(open_round, "bestuur", 5)
    send(open_round, "managers", 2)
    send(open_round, "managers", 3)
    overall(client, open_round)  # release 1
    if when == "before-second-tussenstand":
        ACTIONS[action](open_round, target)
    for level in (2, 3, 4):
        send(open_round, "adviseurs", level)
    overall(client, open_round)  # release 2
    if when == "before-closing":
        ACTIONS[action](open_round, target)

    round = round_answers_close(round=open_round)
    overall(client, round)
    closed = round_close(round=round)
    final = overall(client, closed)
    round_personal_data_erase(round=closed)

    assert_releases_apart(open_round)
    assert overall(client, closed) == final  # erasing changes nothing


def test_the_coordinators_own_answers_never_complete_a_tussenstand_batch(
    client, reader, organisation, framework
):
    # A coordinator who fills in the questionnaire and controls one more address waits for
    # the one real colleague to send: a batch of three with two known answers would give the
    # third away. Only people other than the coordinators count towards a batch.
    coordinator = make_member(organisation, "coordinator-batch", Membership.Role.COORDINATOR)
    round = make_round(organisation=organisation, framework=framework, status="open")
    for level in (2, 3, 4):
        send(round, "managers", level)
    before = overall(client, round)  # the first tussenstand: three people
    send(round, "bestuur", 1, email=coordinator.email)  # self-fill
    send(round, "bestuur", 5)  # an address the coordinator controls
    send(round, "bestuur", 3)  # the real colleague

    assert overall(client, round) == before  # two outsiders since: no new tussenstand
    send(round, "adviseurs", 4)
    assert overall(client, round) != before  # three outsiders: released, without the self-fill
    latest = Tussenstand.objects.filter(round=round).first()
    assert len(latest.respondent_ids) == 6
    assert coordinator.email not in round.respondents.filter(
        pk__in=latest.respondent_ids
    ).values_list("email", flat=True)


def test_attack_26_1_a_revoke_never_makes_room_for_two_late_senders(client, reader, open_round):
    # Issue 26, the sign attack: the target and five others in a tussenstand; the target is
    # revoked and two colleagues send. Counting leavers with joiners made that three changes.
    target = send(open_round, "bestuur", 5)
    for level in (2, 3, 3, 4, 2):
        send(open_round, "managers", level)
    release = overall(client, open_round)
    respondent_revoke(respondent=target)
    send(open_round, "adviseurs", 3)
    send(open_round, "adviseurs", 4)

    final = overall(client, round_answers_close(round=open_round))

    assert final == release
    assert open_round.respondents.get(pk=target.pk).counted
    assert_releases_apart(open_round)


def test_attack_26_2_self_fills_never_pad_a_late_sender(client, reader, organisation, framework):
    # Issue 26, padding: after a tussenstand the target sends late and two coordinators
    # fill in the questionnaire themselves with known answers.
    round = make_round(organisation=organisation, framework=framework, status="open")
    for level in (2, 3, 4):
        send(round, "managers", level)
    release = overall(client, round)
    target = send(round, "bestuur", 5)
    for name in ("coordinator-a", "coordinator-b"):
        coordinator = make_member(organisation, name, Membership.Role.COORDINATOR)
        send(round, "bestuur", 1, email=coordinator.email)

    final = overall(client, round_answers_close(round=round))

    assert final == release
    assert not round.respondents.get(pk=target.pk).counted
    assert round.respondents.filter(insider=True, counted=False).count() == 2
    assert_releases_apart(round)

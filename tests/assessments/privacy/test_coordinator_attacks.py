"""The exact attacker against any sequence of a coordinator's actions (issue 26).

Hypothesis drives a round the way a coordinator can: invite people, let them send, fill in
the questionnaire themselves with known answers ("Zelf invullen"), revoke and reinstate
links, remind, raise the group size, read every output at any moment (report page, CSV,
workbook, consensus page, the close page, the round page), close answering, close the round
and erase its personal data. Everything goes through the real views and services.

After each sequence the solver (assessments/privacy/attacker.py) takes everything the
coordinator saw, as the strongest attacker would: who was in each release (the round page
says who sent when), everyone's role, the coordinators' own answers, and each figure read as
its whole distribution. The invariant it tries to break (assessments/rounds/counting.py):
nobody's level on a bouwsteen is pinned down, except where a group of at least the group
size all gave that level (README "Privacy van de cijfers": given away by design).

The levels vary on two bouwstenen (the others are 3 for everyone): enough to find a leak,
small enough to solve quickly. The organisation is a werkorganisatie for two gemeenten: some
bestuur are invited with gemeente A or B, some without, so the final figures hold bestuur per
gemeente where the rules allow (reporting/disclosure.py).
"""

from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    multiple,
    precondition,
    rule,
)

from assessments.models import Answer, Membership, Organisation, Round
from assessments.organisations.models import Onderdeel
from assessments.privacy.attacker import UNANSWERED, Observation, pins
from assessments.privacy.observations import final_observations, tussenstand_observations
from assessments.questionnaire.services import respondent_submit
from assessments.reporting import disclosure
from assessments.reporting.report import NO_HOUSE, build_report
from assessments.reporting.services import round_group_size_set
from assessments.rounds.freeze import RoundClosedError
from assessments.rounds.invitations import (
    Invitee,
    respondent_reinstate,
    respondent_revoke,
    respondents_invite,
)
from assessments.rounds.services import (
    respondent_self_invite,
    round_personal_data_erase,
    round_remind,
)
from assessments.rounds.tussenstanden import Tussenstand
from bouwstenen.models import Bouwsteen, Rol
from tests.conftest import make_member

CHECKED = (1, 2)  # the bouwstenen whose levels vary
LEVELS = st.sampled_from([0, 1, 2, 3, 4, 5])  # 0 is "weet ik niet"
DESIRED = st.sampled_from([None, 2, 4])
ROLES = ("bestuur", "managers", "adviseurs")
GEMEENTEN = st.sampled_from([None, "A", "B"])  # only for bestuur
FIGURE_PAGES = {
    "report": "assessments:round-report",
    "csv": "assessments:round-report-csv",
    "workbook": "assessments:round-report-xlsx",
    "consensus": "assessments:round-consensus",
}
COUNT_PAGES = {
    "close page": "assessments:round-answers-close",
    "round page": "assessments:round-detail",
}
REFUSED = (ValidationError, RoundClosedError)
EXAMPLES, STEPS = 100, 14


def url_for(token):
    return f"https://example.org/vragenlijst/{token}/"


@dataclass
class Person:
    pk: int
    levels: dict = field(default_factory=dict)  # (bouwsteen id, field) -> level


class CoordinatorAttacks(RuleBasedStateMachine):
    """One round, driven by a curious coordinator; see the module docstring."""

    framework = None  # set by the test: the real model, loaded by its fixture
    people = Bundle("people")

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.observations: dict[tuple, Observation] = {}
        self.truth: dict[int, dict] = {}
        self.coordinator_people: set[int] = set()
        self.reads = 0
        self.waiting: list[int] = []  # invited, not sent

    @initialize(
        target=people,
        size=st.sampled_from([2, 3]),
        first=st.lists(
            st.tuples(st.sampled_from(ROLES), st.tuples(LEVELS, LEVELS), GEMEENTEN),
            min_size=0,
            max_size=5,
        ),
        read=st.booleans(),
        college=st.lists(st.tuples(LEVELS, LEVELS), max_size=4),
    )
    def open_round(self, size, first=(), read=False, college=()):
        """An open round, where most rounds are when a coordinator starts to look closely:
        some colleagues (`first`) sent, and maybe the figures were read once."""
        organisation = Organisation.objects.create(
            name="Gemeente Aanval", slug="aanval", min_group_size=size
        )
        self.coordinators = [
            make_member(organisation, f"coordinator-{letter}", Membership.Role.COORDINATOR)
            for letter in "ab"
        ]
        self.gemeenten = {
            name: Onderdeel.objects.create(
                organisation=organisation, name=f"Gemeente {name}", kind=Onderdeel.Kind.GEMEENTE
            ).pk
            for name in "AB"
        }
        self.client = Client()
        self.client.force_login(self.coordinators[0])
        self.round = Round.objects.create(
            organisation=organisation,
            framework=self.framework,
            name="Aanval",
            min_group_size=size,
            created_by=self.coordinators[0],
        )
        respondents_invite(
            round=self.round, invitees=[Invitee(email="eerste@example.org")], url_for=url_for
        )
        self.client.post(reverse("assessments:round-open", args=[self.round.pk]))
        self.round.refresh_from_db()
        assert self.round.is_open
        self.bouwstenen = {
            b.number: b.pk for b in Bouwsteen.objects.filter(framework=self.framework)
        }
        self.rollen = {r.code: r.pk for r in Rol.objects.filter(framework=self.framework)}
        people = [
            self.colleague_sends(rol=rol, levels=levels, desired=(4, 2), gemeente=gemeente)
            for rol, levels, gemeente in first
        ]
        people += [  # gemeente A's college, often large enough to show
            self.colleague_sends(rol="bestuur", levels=levels, desired=(4, 4), gemeente="A")
            for levels in college
        ]
        if read:
            self.read_figures("report")
        return multiple(*people)

    # -- what the coordinator does ------------------------------------------------------

    def stored(self) -> Round:
        return Round.objects.get(pk=self.round.pk)

    def invite_one(self, rol, gemeente=None):
        """Invite one colleague of `rol`; a bestuur one with gemeente A or B, if given."""
        email = f"collega{len(self.truth) + 1}-{rol}@example.org"
        place = self.gemeenten[gemeente] if gemeente and rol == "bestuur" else None
        try:
            result = respondents_invite(
                round=self.round,
                invitees=[Invitee(email=email, rol_id=self.rollen[rol], gemeente_id=place)],
                url_for=url_for,
            )
        except REFUSED:
            return None
        person = result.created[0]
        person.rol_id = self.rollen[rol]  # the role they answer from, as the questionnaire asks
        person.save(update_fields=["rol"])
        self.truth[person.pk] = {}
        return person.pk

    def fill_in(self, pk, levels, desired):
        answers = {}
        for number in range(1, 12):
            checked = number in CHECKED
            current = levels[CHECKED.index(number)] if checked else 3
            wanted = desired[CHECKED.index(number)] if checked else 4
            answers[number] = (current, wanted)
        Answer.objects.filter(respondent_id=pk).delete()
        Answer.objects.bulk_create(
            Answer(
                respondent_id=pk,
                bouwsteen_id=self.bouwstenen[number],
                current_level=current,
                desired_level=wanted,
            )
            for number, (current, wanted) in answers.items()
        )
        respondent_submit(respondent=self.round.respondents.get(pk=pk))
        self.truth[pk] = {
            (self.bouwstenen[number], name): (UNANSWERED if value is None else value)
            for number, (current, wanted) in answers.items()
            for name, value in (("current", current), ("desired", wanted))
        }

    @precondition(lambda self: self.stored().is_open)
    @rule(
        target=people,
        rol=st.sampled_from(ROLES),
        levels=st.tuples(LEVELS, LEVELS),
        desired=st.tuples(DESIRED, DESIRED),
        gemeente=GEMEENTEN,
    )
    def colleague_sends(self, rol, levels, desired, gemeente=None):
        """A new colleague is invited (a bestuur one maybe with a gemeente) and sends."""
        person = self.invite_one(rol, gemeente)
        self.fill_in(person, levels, desired)
        return person

    @precondition(lambda self: self.stored().is_open)
    @rule(
        target=people,
        gemeente=st.sampled_from(["A", "B"]),
        levels=st.lists(st.tuples(LEVELS, LEVELS), min_size=2, max_size=3),
    )
    def college_sends(self, gemeente, levels):
        """Two or three bestuur of one gemeente (its college) are invited and send: so the
        final figures often hold a gemeente large enough to show."""
        return multiple(
            *[
                self.colleague_sends(rol="bestuur", levels=pair, desired=(4, 2), gemeente=gemeente)
                for pair in levels
            ]
        )

    @precondition(lambda self: self.stored().is_open)
    @rule(
        which=st.sampled_from([0, 1]),
        levels=st.tuples(LEVELS, LEVELS),
        desired=st.tuples(DESIRED, DESIRED),
    )
    def fill_in_myself(self, which, levels, desired):
        """Zelf invullen, with answers the coordinator knows."""
        own = respondent_self_invite(
            round=self.stored(), user=self.coordinators[which], url_for=url_for
        )
        if own.submitted_at is None:
            self.fill_in(own.pk, levels, desired)
            self.coordinator_people.add(own.pk)

    @rule(person=people, reinstate=st.booleans())
    def revoke_or_reinstate(self, person, reinstate):
        respondent = self.round.respondents.get(pk=person)
        change = respondent_reinstate if reinstate else respondent_revoke
        try:
            change(respondent=respondent)
        except REFUSED:
            assert not self.stored().is_open

    @rule(
        chore=st.sampled_from(["invite", "remind", "group size", *sorted(COUNT_PAGES)]),
        rol=st.sampled_from(ROLES),
        size=st.integers(2, 4),
    )
    def look_around(self, chore, rol, size):
        """What changes no figure: inviting someone who does not send (yet), a reminder, a
        higher group size, the close page and the round page (counts of people, and per
        person who sent). One rule, so the search spends its steps on what can leak."""
        try:
            if chore == "invite":
                self.waiting.append(self.invite_one(rol))
            elif chore == "remind":
                round_remind(round=self.stored(), url_for=url_for)
            elif chore == "group size":
                round_group_size_set(round=self.stored(), min_group_size=size, small_confirmed=True)
            else:
                response = self.client.get(reverse(COUNT_PAGES[chore], args=[self.round.pk]))
                assert response.status_code in (200, 302), (chore, response.status_code)
        except REFUSED:
            pass

    @precondition(lambda self: self.waiting and self.stored().is_open)
    @rule(levels=st.tuples(LEVELS, LEVELS), desired=st.tuples(DESIRED, DESIRED))
    def invited_one_sends(self, levels, desired):
        """The longest waiting invitee sends (unless revoked meanwhile)."""
        person = self.waiting.pop(0)
        if not self.round.respondents.get(pk=person).revoked_at:
            self.fill_in(person, levels, desired)

    @rule(page=st.sampled_from(sorted(FIGURE_PAGES)))
    def read_figures(self, page):
        response = self.client.get(reverse(FIGURE_PAGES[page], args=[self.round.pk]))
        assert response.status_code == 200, (page, response.status_code)
        self.observe()

    @precondition(lambda self: self.stored().is_open)
    @rule()
    def close_answering(self):
        self.client.post(reverse("assessments:round-answers-close", args=[self.round.pk]))
        assert not self.stored().is_open

    # -- what the coordinator sees -------------------------------------------------------

    def observe(self):
        """Record the release the outputs show now, as the outputs' own report context
        shows it (the figures the PDF renders too), checked against who is in it."""
        round = self.stored()
        size = max(round.min_group_size, 2)
        if round.answers_frozen:
            current = final_observations(round, size=size)
        else:
            latest = Tussenstand.objects.filter(round=round).first()
            if latest is None:
                return
            current = [
                item
                for item in tussenstand_observations(round, size=size)
                if item.people == frozenset(latest.respondent_ids)
            ]
        report = build_report(round, house=NO_HOUSE)
        shown = {entry.stats.bouwsteen: entry.stats for entry in report.bouwstenen}
        for item in current:
            bouwsteen, name = item.question
            if bouwsteen not in [self.bouwstenen[number] for number in CHECKED]:
                continue
            if item.source.startswith("eind") and ", rol " in item.source:
                rol = item.source.split(", rol ")[1]
                figure = shown[bouwsteen].by_rol[rol]
            elif item.source.startswith("eind") and ", gemeente " in item.source:
                gemeente = int(item.source.split(", gemeente ")[1])
                figure = shown[bouwsteen].by_gemeente[gemeente]
            else:
                figure = getattr(shown[bouwsteen], name)
            expected = None if figure.hidden else {0: figure.unknown, **figure.distribution}
            assert item.counts == expected, ("the outputs show other figures", item)
            self.observations[item.question, item.people, item.source, size] = item
        self.reads += 1

    def teardown(self):
        try:
            self.finish()
            self.attack()
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    def finish(self):
        """What the coordinator can always still do at the end: read the figures, close
        answering, read them again, close the round, erase its personal data, read again."""
        if not hasattr(self, "round"):
            return
        self.read_figures("report")
        if self.stored().is_open:
            self.close_answering()
            self.read_figures("csv")
        if self.stored().status == Round.Status.ANSWERS_CLOSED:
            self.client.post(reverse("assessments:round-close", args=[self.round.pk]))
        round_personal_data_erase(round=self.stored())
        self.read_figures("workbook")

    def attack(self):
        observations = list(self.observations.values())
        for item in observations:  # the attacker's model of each release is the truth
            if item.counts is not None:
                truth = [self.truth[pk][item.question] for pk in item.people]
                assert item.level_counts() == {
                    level: truth.count(level) for level in item.level_counts()
                }, ("a release holds other people than the attacker assumes", item)
        known = {}
        for pk in self.coordinator_people:
            for question, level in self.truth[pk].items():
                known.setdefault(question, {})[pk] = level
        leaks = [
            pin
            for pin in pins(observations, known)
            if not pin.exempt and pin.person not in self.coordinator_people
        ]
        assert not leaks, f"levels pinned down: {leaks}"


@pytest.mark.django_db
def test_no_sequence_of_a_coordinators_actions_pins_down_anyones_level(framework):
    CoordinatorAttacks.framework = framework
    machine = CoordinatorAttacks.TestCase
    machine.settings = settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    machine().runTest()


def attack(framework, size, script):
    """Run `script(machine)` as one sequence of the state machine, then the attacker; returns
    what it pinned (all exempt, or the attack fails)."""
    CoordinatorAttacks.framework = framework
    machine = CoordinatorAttacks()
    machine.open_round(size=size)
    script(machine)
    found = []
    original = machine.attack

    def attack_and_keep():
        original()
        found.extend(pins(list(machine.observations.values())))

    machine.attack = attack_and_keep
    machine.teardown()
    return found


def sends(machine, rol, *levels, gemeente=None):
    return machine.colleague_sends(rol=rol, levels=levels, desired=(4, 4), gemeente=gemeente)


@pytest.mark.django_db
def test_attack_1_a_revoke_and_two_late_senders_pin_nobody(framework):
    # Issue 26: a tussenstand of the target and five others; the target revoked, two
    # colleagues send, answering closes. Counting leavers with joiners released the final
    # figures without the target: a -1 at their level.
    def script(machine):
        target = sends(machine, "bestuur", 5, 5)
        for levels in ((2, 3), (3, 2), (3, 3), (4, 2), (2, 4)):
            sends(machine, "managers", *levels)
        machine.read_figures("report")
        machine.revoke_or_reinstate(person=target, reinstate=False)
        sends(machine, "adviseurs", 3, 1)
        sends(machine, "adviseurs", 4, 4)

    attack(framework, 3, script)


@pytest.mark.django_db
def test_attack_2_the_coordinators_own_answers_pad_nobody(framework):
    # Issue 26: after a tussenstand the target sends late and two coordinators fill in the
    # questionnaire with known answers; counting them at the close made the target a batch.
    def script(machine):
        for levels in ((2, 3), (3, 2), (4, 4)):
            sends(machine, "managers", *levels)
        machine.read_figures("csv")
        sends(machine, "bestuur", 5, 1)
        machine.fill_in_myself(which=0, levels=(1, 1), desired=(2, 2))
        machine.fill_in_myself(which=1, levels=(2, 2), desired=(2, 2))

    attack(framework, 3, script)


@pytest.mark.django_db
def test_attack_3_a_unanimous_batch_gives_its_level_by_design_and_nothing_else(framework):
    # Issue 26: three colleagues who all gave 4 on the first bouwsteen. The round page says
    # who sent, so the figure says each gave 4: given away by design (README), and exempt.
    def script(machine):
        for second in (1, 3, 5):
            sends(machine, "managers", 4, second)
        machine.read_figures("report")

    found = attack(framework, 3, script)

    current = [pin for pin in found if pin.question[1] == "current"]
    assert len(current) == 3 and all(pin.level == 4 and pin.exempt for pin in current)


@pytest.mark.django_db
def test_role_figures_over_two_batches_pin_nobody(framework):
    # Found by the stateful attacker: two batches of two at group size two, one adviseur in
    # each; the adviseurs' figures would have pinned all four.
    def script(machine):
        sends(machine, "adviseurs", 5, 4)
        sends(machine, "bestuur", 1, 1)
        machine.read_figures("report")
        sends(machine, "managers", 4, 2)
        sends(machine, "adviseurs", 1, 2)

    attack(framework, 2, script)


def bestuur_of_four_three_in_gemeente_a(machine):
    """Bestuur of four, three of them of gemeente A, beside three managers and three
    adviseurs: bestuur and A are each large enough, but bestuur minus A is one person."""
    for levels in ((2, 3), (3, 2), (4, 4)):
        sends(machine, "bestuur", *levels, gemeente="A")
    sends(machine, "bestuur", 5, 1)
    for rol in ("managers", "adviseurs"):
        for levels in ((3, 3), (2, 2), (4, 3)):
            sends(machine, rol, *levels)


@pytest.mark.django_db
def test_a_gemeente_beside_its_whole_bestuur_pins_nobody(framework):
    attack(framework, 3, bestuur_of_four_three_in_gemeente_a)


@pytest.mark.django_db
def test_without_the_complementary_rule_the_attacker_finds_the_other_bestuur(
    framework, monkeypatch
):
    # The gemeente rule switched off (only "at least N scores" left): gemeente A is shown
    # next to the bestuur, and the fourth bestuur's levels are the difference.
    monkeypatch.setattr(disclosure, "_pieces", lambda rows, roles, gemeenten: {})
    with pytest.raises(AssertionError, match="levels pinned down"):
        attack(framework, 3, bestuur_of_four_three_in_gemeente_a)


@pytest.mark.django_db
def test_a_gemeente_never_leaves_one_late_sender_alone_in_the_batch_of_the_close(framework):
    # Found by the stateful attacker: a tussenstand of three bestuur (two of gemeente A), then
    # an adviseur and gemeente B's college send before the close. B's figures beside the
    # tussenstand pinned the adviseur, until the batch of the close was a batch of its own.
    def script(machine):
        sends(machine, "bestuur", 0, 0)
        sends(machine, "bestuur", 0, 0, gemeente="A")
        sends(machine, "bestuur", 0, 2, gemeente="A")
        machine.read_figures("report")
        sends(machine, "adviseurs", 1, 2)
        machine.college_sends(gemeente="B", levels=[(5, 5), (5, 1), (3, 3)])
        machine.close_answering()  # no tussenstand first: the four join at the close

    attack(framework, 2, script)


@pytest.mark.django_db
def test_a_group_size_raised_after_the_close_rejudges_no_batch_admitted_before(framework):
    # Found by the stateful attacker (no gemeente needed): a tussenstand of two at group size
    # two, two more who both wanted 2 join at the close, then the group size goes to four.
    # Those two were a unanimous batch of the group size in force when they joined: given
    # away by design then, not a leak now.
    def script(machine):
        machine.colleague_sends(rol="bestuur", levels=(0, 0), desired=(4, 2))
        machine.colleague_sends(rol="bestuur", levels=(0, 0), desired=(4, 4))
        machine.read_figures("report")
        machine.colleague_sends(rol="bestuur", levels=(2, 0), desired=(4, 2))
        machine.colleague_sends(rol="bestuur", levels=(1, 4), desired=(4, 2))
        machine.close_answering()
        machine.look_around(chore="group size", rol="bestuur", size=4)
        machine.read_figures("report")

    found = attack(framework, 2, script)
    desired = [pin for pin in found if pin.question[1] == "desired" and pin.level == 2]
    assert desired and all(pin.exempt for pin in desired)

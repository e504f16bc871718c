"""Retention also covers colleagues: once the organisation's retention period has passed,
the addresses its coordinators typed to invite colleagues are erased from the logboek, and
invitations that expired that long ago are deleted. Tested with a frozen clock."""

from datetime import UTC, datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.urls import reverse

from assessments.audit.actor import acting_as
from assessments.audit.models import AuditEntry
from assessments.models import Membership
from assessments.organisations.invitations import member_invitation_withdraw, member_invite
from assessments.organisations.models import MemberInvitation
from assessments.organisations.services import member_set_role
from assessments.retention.services import colleague_addresses_erase
from assessments.retention.tasks import erase_expired_personal_data_daily
from tests.factories import make_respondent, make_round

Action = AuditEntry.Action
INVITED_AT = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


def invite(organisation, coordinator, email):
    with acting_as(coordinator):
        return member_invite(
            organisation=organisation,
            email=email,
            role=Membership.Role.VIEWER,
            invited_by=coordinator,
            url_for=str,
        )


def subjects(organisation):
    return list(
        AuditEntry.objects.filter(organisation=organisation)
        .exclude(action=Action.PERSONAL_DATA_ERASE)
        .order_by("pk")
        .values_list("action", "subject")
    )


def test_colleague_addresses_go_from_the_logboek_and_expired_invitations_once_the_period_passed(
    organisation, coordinator, colleague, mailoutbox
):
    organisation.retention_months = 12
    organisation.save()
    with at(INVITED_AT):
        invite(organisation, coordinator, "wacht@example.org")
        withdrawn = invite(organisation, coordinator, "weg@example.org")
        with acting_as(coordinator):
            member_invitation_withdraw(invitation=withdrawn)
            member_set_role(
                membership=Membership.objects.get(user=colleague), role=Membership.Role.COORDINATOR
            )
    kept = subjects(organisation)

    with at(datetime(2026, 3, 9, 9, 0, tzinfo=UTC)):  # a day short of 12 months
        assert colleague_addresses_erase() == []
    assert subjects(organisation) == kept and MemberInvitation.objects.count() == 1

    with at(datetime(2026, 3, 10, 9, 0, tzinfo=UTC)):
        [erased] = colleague_addresses_erase()

    # the invitation still waiting expired 14 days after it was sent: its address stays
    # until a whole period after that
    assert (erased.entries, erased.invitations) == (4, 0)
    assert MemberInvitation.objects.get().email == "wacht@example.org"
    with at(datetime(2026, 3, 24, 9, 0, tzinfo=UTC)):
        [erased] = colleague_addresses_erase()
    assert (erased.entries, erased.invitations) == (0, 1)
    pks = list(
        AuditEntry.objects.filter(organisation=organisation, action__startswith="member")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert subjects(organisation) == [
        (Action.MEMBER_INVITE, f"collega-{pks[0]}@gewist.invalid"),
        (Action.MEMBER_INVITE, f"collega-{pks[1]}@gewist.invalid"),
        (Action.MEMBER_INVITE_WITHDRAW, f"collega-{pks[2]}@gewist.invalid"),
        (Action.MEMBER_ROLE, f"collega-{pks[3]}@gewist.invalid: Coördinator"),  # role stays
    ]
    assert not MemberInvitation.objects.exists()
    notes = AuditEntry.objects.filter(action=Action.PERSONAL_DATA_ERASE).order_by("pk")
    assert [note.actor_name for note in notes] == ["systeem", "systeem"]
    assert "4 in het logboek" in notes[0].subject


def test_erasing_twice_erases_nothing_more_and_other_lines_stay(
    organisation, other_organisation, coordinator, outsider, framework, mailoutbox
):
    with at(INVITED_AT):
        invite(organisation, coordinator, "oud@example.org")
        invite(other_organisation, outsider, "elders@example.org")
        round = make_round(organisation=organisation, framework=framework, status="open")
        person = make_respondent(round=round, email="deelnemer@example.org")
        with acting_as(coordinator):
            from assessments.rounds.invitations import respondent_revoke

            respondent_revoke(respondent=person)
    other_organisation.retention_months = 120
    other_organisation.save()

    with at(datetime(2027, 3, 11, tzinfo=UTC)):  # 24 months and a day: the default
        first = colleague_addresses_erase()
        second = colleague_addresses_erase()

    assert [item.organisation for item in first] == [organisation] and second == []
    assert subjects(other_organisation) == [(Action.MEMBER_INVITE, "elders@example.org")]
    revoke = AuditEntry.objects.get(action=Action.RESPONDENT_REVOKE)
    assert revoke.respondent == person  # respondents go with their round's erase, not here


def test_a_waiting_invitation_stays_until_it_expired_a_whole_period_ago(
    organisation, coordinator, mailoutbox
):
    organisation.retention_months = 1
    organisation.save()
    with at(INVITED_AT):
        invite(organisation, coordinator, "lang@example.org")  # expires after 14 days
    with at(datetime(2025, 4, 10, 9, 0, tzinfo=UTC)):  # one month after sending
        colleague_addresses_erase()
    assert MemberInvitation.objects.filter(email="lang@example.org").exists()
    with at(datetime(2025, 4, 24, 9, 0, tzinfo=UTC)):  # one month after expiring
        colleague_addresses_erase()
    assert not MemberInvitation.objects.exists()


def test_the_page_no_longer_shows_the_address_and_the_daily_run_and_command_erase_it(
    client, organisation, coordinator, mailoutbox
):
    with at(INVITED_AT):
        invite(organisation, coordinator, "dagelijks@example.org")
    client.force_login(coordinator)
    audit = reverse("assessments:organisation-audit", args=[organisation.slug])
    assert "dagelijks@example.org" in client.get(audit).content.decode()

    with at(datetime(2027, 3, 11, tzinfo=UTC)):
        erase_expired_personal_data_daily.call()
    assert "dagelijks@example.org" not in client.get(audit).content.decode()

    with at(INVITED_AT):
        invite(organisation, coordinator, "cron@example.org")
    out = StringIO()
    with at(datetime(2027, 3, 11, tzinfo=UTC)):
        call_command("erase_expired_personal_data", stdout=out)
    assert "testdorp: adressen van collega's gewist (1 in het logboek" in out.getvalue()
    assert "cron@example.org" not in client.get(audit).content.decode()

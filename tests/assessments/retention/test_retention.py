"""The retention period: a coordinator sets it; when it has passed since a round closed, the
round's personal data is erased by the daily task (or the command, for cron)."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django_tasks import TaskResultStatus

from assessments.audit.models import AuditEntry
from assessments.models import Organisation, Respondent, Round
from assessments.retention.services import erase_expired_personal_data
from assessments.retention.tasks import (
    erase_expired_personal_data_daily,
    schedule_next_run,
    waiting_runs,
)
from tests.factories import make_respondent, make_round

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def closed_round_with_people(organisation, framework, *, closed_at, name="Scan"):
    round = make_round(organisation=organisation, framework=framework, name=name, status="open")
    make_respondent(round=round, email=f"{name}-1@example.org", name="Jan")
    make_respondent(round=round, email=f"{name}-2@example.org")
    round = make_round_closed_at(round, closed_at)
    return round


def make_round_closed_at(round, closed_at):
    from assessments.rounds.services import round_close

    round_close(round=round)
    # a plain QuerySet: the round's own refuses any write to a closed round
    models.QuerySet(Round).filter(pk=round.pk).update(closed_at=closed_at)
    return Round.objects.get(pk=round.pk)


def erased(round):
    people = Respondent.objects.filter(round=round)
    return all(person.is_erased for person in people) and people.exists()


def test_a_round_past_the_default_24_months_is_erased_and_a_newer_one_is_not(
    organisation, framework
):
    assert organisation.retention_months == 24
    old = closed_round_with_people(
        organisation, framework, closed_at=NOW - timedelta(days=2 * 365 + 1), name="Oud"
    )
    recent = closed_round_with_people(
        organisation, framework, closed_at=NOW - timedelta(days=700), name="Recent"
    )
    open_round = make_round(organisation=organisation, framework=framework, status="open")
    make_respondent(round=open_round, email="open@example.org")

    result = erase_expired_personal_data(now=NOW)

    assert [(item.round.name, item.people) for item in result] == [("Oud", 2)]
    assert erased(old) and not erased(recent) and not erased(open_round)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERSONAL_DATA_ERASE)
    assert (entry.actor, entry.actor_name, entry.round_name, entry.count) == (
        None,
        "systeem",
        "Oud",
        2,
    )
    assert erase_expired_personal_data(now=NOW) == []  # idempotent


def test_each_organisation_has_its_own_period(organisation, other_organisation, framework):
    Organisation.objects.filter(pk=organisation.pk).update(retention_months=6)
    closed_at = NOW - timedelta(days=200)
    short = closed_round_with_people(organisation, framework, closed_at=closed_at, name="Kort")
    long = closed_round_with_people(other_organisation, framework, closed_at=closed_at, name="L")

    erase_expired_personal_data(now=NOW)

    assert erased(short) and not erased(long)


def test_the_daily_task_erases_and_queues_itself_once_for_tomorrow(organisation, framework):
    old = closed_round_with_people(organisation, framework, closed_at=NOW.replace(year=2020))

    assert erase_expired_personal_data_daily.call() == 2
    assert erased(old)
    waiting = list(waiting_runs())
    assert len(waiting) == 1 and waiting[0].status == TaskResultStatus.READY
    assert timedelta(hours=23) < waiting[0].run_after - datetime.now(UTC) <= timedelta(days=1)
    # running again (a second node, a retry) queues no second chain
    assert erase_expired_personal_data_daily.call() == 0
    assert not schedule_next_run()
    assert waiting_runs().count() == 1


def test_the_command_erases_for_cron_and_starts_the_chain_once(organisation, framework):
    closed_round_with_people(organisation, framework, closed_at=NOW.replace(year=2020), name="A")
    out = StringIO()
    call_command("erase_expired_personal_data", "--schedule", stdout=out)
    assert "testdorp: A (2 personen gewist)" in out.getvalue()
    assert "1 rondes gewist." in out.getvalue() and "klaargezet" in out.getvalue()
    again = StringIO()
    call_command("erase_expired_personal_data", "--schedule", stdout=again)
    assert "0 rondes gewist." in again.getvalue() and "wachtte al" in again.getvalue()
    assert waiting_runs().count() == 1


def settings_url(organisation):
    return reverse("assessments:organisation-settings", args=[organisation.slug])


def test_the_coordinator_sets_the_period_and_sees_when_each_round_is_erased(
    client, coordinator, organisation, framework
):
    closed_round_with_people(
        organisation, framework, closed_at=datetime(2026, 1, 31, 10, tzinfo=UTC), name="Januari"
    )
    client.force_login(coordinator)
    page = client.get(settings_url(organisation)).content.decode()
    assert "Nu: 24 maanden" in page and "31 januari 2028" in page

    response = client.post(settings_url(organisation), {"retention_months": "1"}, follow=True)

    page = response.content.decode()
    assert "De bewaartermijn is nu 1 maand." in page and "28 februari 2026" in page
    organisation.refresh_from_db()
    assert organisation.retention_months == 1
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RETENTION_CHANGE)
    assert (entry.actor, entry.subject) == (coordinator, "24 → 1")
    privacy = client.get(reverse("privacy")).content.decode()
    assert "standaard 24 maanden" in privacy and "Gemeente Testdorp: 1 maand" in privacy


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Kies een bewaartermijn van 1 tot en met 120 maanden."),
        ("121", "Kies een bewaartermijn van 1 tot en met 120 maanden."),
        ("twee jaar", "Vul een heel aantal maanden in, zoals 24."),
        ("", "Vul een aantal maanden in."),
    ],
)
def test_a_bad_period_is_refused_next_to_the_field(
    client, coordinator, organisation, value, message
):
    client.force_login(coordinator)
    response = client.post(settings_url(organisation), {"retention_months": value})
    assert response.status_code == 200 and message in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.retention_months == 24
    assert not AuditEntry.objects.exists()


def test_the_service_refuses_a_period_out_of_range(organisation):
    from django.core.exceptions import ValidationError

    from assessments.retention.services import organisation_retention_set

    with pytest.raises(ValidationError):
        organisation_retention_set(organisation=organisation, months=500)
    organisation.refresh_from_db()
    assert organisation.retention_months == 24


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_only_the_organisations_coordinators_see_the_settings(client, request, organisation, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(settings_url(organisation)).status_code == 404
    assert client.post(settings_url(organisation), {"retention_months": "1"}).status_code == 404
    organisation.refresh_from_db()
    assert organisation.retention_months == 24


def test_the_settings_page_takes_a_fixed_number_of_queries(
    client, coordinator, organisation, framework, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for number in range(3):
        closed_round_with_people(organisation, framework, closed_at=NOW, name=f"Ronde {number}")
        # session, user, coordinated organisations, the closed rounds with people, the
        # comparison's profile
        with django_assert_max_num_queries(5):
            assert client.get(settings_url(organisation)).status_code == 200

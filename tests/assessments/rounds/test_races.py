"""A round closed, or a person added, between the moment a view read the page's data and the
moment its service writes: the coordinator gets a clear message, never an exception page, and
a closed round receives nothing."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.models import ImprovementAction, Respondent, Round
from assessments.rounds.services import round_close
from tests.factories import make_action, make_respondent, make_round, race_after_full_clean

CLOSED_MESSAGE = "Deze ronde is gesloten. Er kan niets meer worden gewijzigd."


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def close_after_reading(monkeypatch, module):
    """Make the view's round helper in `module` return the round as read, then close it in
    the database: another coordinator closed it at that moment."""
    read = module.get_round_for_coordinator

    def get_round_then_close(request, pk):
        round = read(request, pk)
        round_close(round=Round.objects.get(pk=pk))
        return round

    monkeypatch.setattr(module, "get_round_for_coordinator", get_round_then_close)
    if hasattr(module, "get_respondent_for_coordinator"):
        read_respondent = module.get_respondent_for_coordinator

        def respondent_in_the_round_as_read(request, round, pk):
            respondent = read_respondent(request, round, pk)
            respondent.round = round
            return respondent

        monkeypatch.setattr(
            module, "get_respondent_for_coordinator", respondent_in_the_round_as_read
        )


def shown(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "data",
    [
        {"form": "one", "email": "nieuw@example.org", "name": "", "rol": ""},
        {"form": "list", "people": "nieuw@example.org\ntweede@example.org"},
    ],
)
def test_inviting_into_a_round_closed_meanwhile_is_refused_with_409(
    client, coordinator, open_round, monkeypatch, mailoutbox, data
):
    from assessments.rounds.views import invitations

    client.force_login(coordinator)
    close_after_reading(monkeypatch, invitations)

    response = client.post(reverse("assessments:round-invite", args=[open_round.pk]), data)

    assert response.status_code == 409
    assert CLOSED_MESSAGE in shown(response)
    assert not Respondent.objects.filter(round=open_round).exists() and mailoutbox == []


def test_inviting_last_rounds_people_into_a_round_closed_meanwhile_is_refused(
    client, coordinator, organisation, framework, monkeypatch, mailoutbox
):
    from assessments.rounds.views import invitations

    earlier = make_round(organisation=organisation, framework=framework, name="2025", status="open")
    make_respondent(round=earlier, rol="bestuur", email="terug@example.org")
    round_close(round=earlier)
    current = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)
    close_after_reading(monkeypatch, invitations)

    response = client.post(
        reverse("assessments:round-invite", args=[current.pk]), {"form": "previous"}
    )

    assert response.status_code == 409 and CLOSED_MESSAGE in shown(response)
    assert not Respondent.objects.filter(round=current).exists() and mailoutbox == []


@pytest.mark.parametrize("name", ["round-remind", "respondent-resend"])
def test_reminding_or_resending_in_a_round_closed_meanwhile_sends_nothing(
    client, coordinator, open_round, monkeypatch, mailoutbox, name
):
    from assessments.rounds.views import invitations, people

    respondent = make_respondent(round=open_round, email="wacht@example.org")
    Respondent.objects.filter(pk=respondent.pk).update(invited_at=open_round.opened_at)
    client.force_login(coordinator)
    close_after_reading(monkeypatch, people if name == "round-remind" else invitations)
    args = [open_round.pk] if name == "round-remind" else [open_round.pk, respondent.pk]

    response = client.post(reverse(f"assessments:{name}", args=args), {"confirm": "on"})

    assert response.status_code == 302
    assert shown(response) and "verstuurd" not in " ".join(shown(response))
    assert mailoutbox == []
    respondent.refresh_from_db()
    assert respondent.last_sent_at is None


@pytest.mark.parametrize("name", ["respondent-revoke", "respondent-reinstate"])
def test_revoking_or_reinstating_in_a_round_closed_meanwhile_is_refused(
    client, coordinator, open_round, monkeypatch, name
):
    from assessments.rounds.views import invitations

    respondent = make_respondent(round=open_round, email="r@example.org")
    client.force_login(coordinator)
    close_after_reading(monkeypatch, invitations)

    response = client.post(reverse(f"assessments:{name}", args=[open_round.pk, respondent.pk]))

    assert response.status_code == 302 and CLOSED_MESSAGE in shown(response)
    respondent.refresh_from_db()
    assert respondent.revoked_at is None


def test_carrying_actions_into_a_round_closed_meanwhile_behind_a_newer_one_copies_nothing(
    client, coordinator, organisation, framework, monkeypatch
):
    """A closed round takes actions over only while it is its model's latest round."""
    from assessments.actions.views import round_actions as views

    earlier = make_round(organisation=organisation, framework=framework, name="2025", status="open")
    make_action(round=earlier, title="Nog te doen")
    round_close(round=earlier)
    current = make_round(organisation=organisation, framework=framework, status="open")
    make_round(organisation=organisation, framework=framework, name="2027")
    client.force_login(coordinator)
    close_after_reading(monkeypatch, views)

    response = client.post(reverse("assessments:action-carry-over", args=[current.pk]))

    assert response.status_code == 302
    assert "er is al een nieuwere ronde van dit model" in shown(response)[0]
    assert not ImprovementAction.objects.filter(round=current).exists()


def test_two_clicks_on_fill_in_myself_at_once_end_with_one_respondent(
    client, coordinator, open_round, monkeypatch, mailoutbox
):
    """The second click inserts its respondent after the first one checked the round's
    addresses and before it inserted: the first click then finds that one."""
    client.force_login(coordinator)
    raced = race_after_full_clean(
        monkeypatch,
        Respondent,
        lambda mine: Respondent.objects.create(round=mine.round, email=mine.email),
    )

    response = client.post(reverse("assessments:round-fill-in-myself", args=[open_round.pk]))

    [respondent] = Respondent.objects.filter(round=open_round)
    assert respondent == raced[0]
    assert response.status_code == 302
    assert response.url == reverse("assessments:questionnaire", args=[respondent.token])
    assert mailoutbox == []  # the other click sends the link


def test_fill_in_myself_refuses_an_account_address_beyond_ascii(
    client, coordinator, open_round, mailoutbox
):
    """An address with letters beyond ASCII is nobody's (common/addresses.py: look-alike
    letters fold into others): it finds no invitation and makes none."""
    coordinator.email = "ÉVA@example.org"
    coordinator.save()
    make_respondent(round=open_round, email="éva@example.org")
    client.force_login(coordinator)

    response = client.post(
        reverse("assessments:round-fill-in-myself", args=[open_round.pk]), follow=True
    )

    assert "tekens die we niet aannemen" in response.content.decode()
    assert Respondent.objects.filter(round=open_round).count() == 1 and mailoutbox == []

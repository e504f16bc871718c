"""Invitations under the coordinator's control: correcting or removing someone before they
answered, no opening without anyone invited, the round's own texts and sender, reminders with
a confirmation, a log and an interval, and the pasted list's other ways of writing."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments.models import ReminderSent, Respondent, RoundMessage
from assessments.rounds.forms import InviteListForm
from bouwstenen.models import Rol
from tests.factories import make_answers, make_respondent, make_round


@pytest.fixture
def concept_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework)


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def correct_url(respondent):
    return reverse("assessments:respondent-correct", args=[respondent.round_id, respondent.pk])


def remove_url(respondent):
    return reverse("assessments:respondent-remove", args=[respondent.round_id, respondent.pk])


def shown(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_coordinator_corrects_someone_in_concept(client, coordinator, concept_round):
    person = make_respondent(round=concept_round, email="jan@testdorp.nl", name="Jan")
    managers = Rol.objects.get(framework=concept_round.framework, code="managers")
    client.force_login(coordinator)

    response = client.post(
        correct_url(person),
        {"email": "jan.devries@testdorp.nl", "name": "Jan de Vries", "rol": managers.pk},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.email, person.name, person.invited_rol) == (
        "jan.devries@testdorp.nl",
        "Jan de Vries",
        managers,
    )


def test_a_new_address_in_an_open_round_gets_a_new_link_and_the_old_one_stops(
    client, coordinator, open_round, mailoutbox
):
    person = make_respondent(round=open_round, email="fout@testdorp.nl", invited_at=timezone.now())
    old_token = person.token
    client.force_login(coordinator)

    client.post(correct_url(person), {"email": "goed@testdorp.nl", "name": "", "rol": ""})

    person.refresh_from_db()
    assert person.token != old_token
    assert [m.to for m in mailoutbox] == [["goed@testdorp.nl"]]
    assert person.token in mailoutbox[0].body
    assert client.get(reverse("assessments:questionnaire", args=[old_token])).status_code == 404


def test_correcting_to_an_address_on_the_list_is_refused_next_to_the_field(
    client, coordinator, concept_round
):
    make_respondent(round=concept_round, email="bezet@testdorp.nl")
    person = make_respondent(round=concept_round, email="jan@testdorp.nl")
    client.force_login(coordinator)

    response = client.post(
        correct_url(person), {"email": "BEZET@testdorp.nl", "name": "", "rol": ""}
    )

    assert response.status_code == 200
    assert "Dit e-mailadres is al uitgenodigd voor deze ronde." in response.content.decode()
    person.refresh_from_db()
    assert person.email == "jan@testdorp.nl"


@pytest.mark.parametrize("how", ["started", "answered", "submitted"])
def test_someone_who_answered_cannot_be_corrected_or_removed(client, coordinator, open_round, how):
    person = make_respondent(round=open_round, email="jan@testdorp.nl")
    if how == "started":
        Respondent.objects.filter(pk=person.pk).update(last_step="rol")
    elif how == "answered":
        make_answers(respondent=person, levels={1: 3})
    else:
        Respondent.objects.filter(pk=person.pk).update(submitted_at=timezone.now())
    client.force_login(coordinator)

    corrected = client.post(
        correct_url(person), {"email": "ander@testdorp.nl", "name": "", "rol": ""}
    )
    removed = client.post(remove_url(person), follow=True)

    assert "al begonnen met de vragenlijst" in corrected.content.decode()
    assert any("al begonnen met de vragenlijst" in m for m in shown(removed))
    person.refresh_from_db()
    assert person.email == "jan@testdorp.nl"


def test_coordinator_removes_someone_before_they_answered(client, coordinator, concept_round):
    person = make_respondent(round=concept_round, email="weg@testdorp.nl")
    client.force_login(coordinator)

    response = client.post(remove_url(person), follow=True)

    assert "weg@testdorp.nl staat niet meer op de lijst." in shown(response)
    assert not Respondent.objects.exists()


def test_nobody_changes_the_list_of_a_closed_round(client, coordinator, open_round):
    from assessments.rounds.services import round_close

    person = make_respondent(round=open_round, email="jan@testdorp.nl")
    round_close(round=open_round)
    client.force_login(coordinator)

    client.post(correct_url(person), {"email": "ander@testdorp.nl", "name": "", "rol": ""})
    client.post(remove_url(person))

    person.refresh_from_db()
    assert person.email == "jan@testdorp.nl"


@pytest.mark.parametrize("revoked", [False, True])
def test_a_round_with_nobody_invited_is_not_opened(client, coordinator, concept_round, revoked):
    if revoked:
        make_respondent(round=concept_round, revoked_at=timezone.now())
    client.force_login(coordinator)

    response = client.post(reverse("assessments:round-open", args=[concept_round.pk]), follow=True)

    assert any("Nodig eerst minstens één persoon uit." in m for m in shown(response))
    concept_round.refresh_from_db()
    assert concept_round.status == "concept"


def test_outsider_and_viewer_get_404_on_the_new_round_pages(
    client, outsider, colleague, open_round
):
    person = make_respondent(round=open_round)
    urls = [
        correct_url(person),
        reverse("assessments:round-messages", args=[open_round.pk]),
        reverse("assessments:round-remind", args=[open_round.pk]),
    ]
    for user in (outsider, colleague):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(remove_url(person)).status_code == 404
    assert Respondent.objects.filter(pk=person.pk).exists()


# --- the round's own texts ----------------------------------------------------------------


def message_post(**overrides):
    data = {
        "contact_name": "Petra Participatie",
        "contact_email": "petra@testdorp.nl",
        "invitation_text": "We horen graag hoe jij het ziet.",
        "reminder_text": "Nog even tijd voor de scan?",
    }
    data.update(overrides)
    return data


def test_the_preview_shows_the_mail_without_saving(client, coordinator, concept_round):
    client.force_login(coordinator)

    response = client.post(
        reverse("assessments:round-messages", args=[concept_round.pk]),
        {**message_post(), "preview": "1"},
    )

    page = response.content.decode()
    assert "We horen graag hoe jij het ziet." in page
    assert "Nog even tijd voor de scan?" in page
    assert "Petra Participatie via Borgingshuis" in page
    assert "petra@testdorp.nl" in page
    assert not RoundMessage.objects.exists()


def test_the_invitation_comes_from_the_contact_person_in_the_round_own_words(
    client, coordinator, concept_round, mailoutbox
):
    make_respondent(round=concept_round, email="jan@testdorp.nl", name="Jan")
    client.force_login(coordinator)

    client.post(reverse("assessments:round-messages", args=[concept_round.pk]), message_post())
    client.post(reverse("assessments:round-open", args=[concept_round.pk]))

    [mail] = mailoutbox
    assert mail.from_email == "Petra Participatie via Borgingshuis <borgingshuis@localhost>"
    assert mail.reply_to == ["petra@testdorp.nl"]
    assert mail.body.startswith("Beste Jan,")
    assert "We horen graag hoe jij het ziet." in mail.body
    assert "kijkt hoe goed participatie" not in mail.body  # the standard paragraph
    assert "Petra Participatie\nGemeente Testdorp" in mail.body


@pytest.mark.parametrize(
    "text",
    [
        "Hallo {{ respondent.email }}",
        "{% load static %}",
        "Klik <script>alert(1)</script>",
        "<a href=x>hier</a>",
    ],
)
def test_template_syntax_or_script_in_a_text_is_refused(client, coordinator, concept_round, text):
    client.force_login(coordinator)

    response = client.post(
        reverse("assessments:round-messages", args=[concept_round.pk]),
        message_post(invitation_text=text),
    )

    assert response.status_code == 200
    assert (
        "Schrijf gewone tekst, zonder {{ }}, {% %} of HTML zoals &lt;script&gt;."
        in response.content.decode()
    )
    assert not RoundMessage.objects.exists()


def test_the_page_starts_with_the_coordinator_as_contact(client, coordinator, concept_round):
    client.force_login(coordinator)

    page = client.get(
        reverse("assessments:round-messages", args=[concept_round.pk])
    ).content.decode()

    assert 'value="coordinator@example.org"' in page
    assert "Uitnodiging: Borgingsscan 2026" in page


# --- reminders ----------------------------------------------------------------------------


def test_reminders_ask_for_confirmation(client, coordinator, open_round, mailoutbox):
    make_respondent(round=open_round, email="wacht@testdorp.nl", invited_at=timezone.now())
    client.force_login(coordinator)
    url = reverse("assessments:round-remind", args=[open_round.pk])

    page = client.get(url).content.decode()
    unconfirmed = client.post(url, {})

    assert "1 persoon krijgt een herinnering:" in page and "wacht@testdorp.nl" in page
    assert "Bevestig dat je de herinneringen wilt sturen." in unconfirmed.content.decode()
    assert mailoutbox == []


def test_a_reminder_is_logged_and_not_sent_twice_within_the_interval(
    client, coordinator, open_round, mailoutbox
):
    person = make_respondent(round=open_round, email="wacht@testdorp.nl", invited_at=timezone.now())
    url = reverse("assessments:round-remind", args=[open_round.pk])
    start = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)

    with time_machine.travel(start, tick=False):
        client.force_login(coordinator)
        client.post(url, {"confirm": "on"})
        again = client.post(url, {"confirm": "on"}, follow=True)
        detail = client.get(
            reverse("assessments:round-detail", args=[open_round.pk])
        ).content.decode()
    with time_machine.travel(start + datetime.timedelta(hours=25), tick=False):
        client.force_login(coordinator)
        client.post(url, {"confirm": "on"})

    assert len(mailoutbox) == 2
    assert any("kort geleden al een herinnering" in m for m in shown(again))
    assert "laatst herinnerd op 1 maart 2027, 10:00" in detail  # Europe/Amsterdam
    log = ReminderSent.objects.filter(respondent=person).order_by("sent_at")
    assert [(r.sent_at, r.sent_by) for r in log] == [
        (start, coordinator),
        (start + datetime.timedelta(hours=25), coordinator),
    ]


# --- the pasted list ----------------------------------------------------------------------


def test_the_pasted_list_takes_singular_roles_and_named_addresses(open_round):
    rollen = open_round.model_texts().rollen
    by_code = {rol.code: rol.id for rol in rollen}
    form = InviteListForm(
        {
            "people": "Jan de Vries <jan@testdorp.nl>, manager\n"
            "adviseur; ada@testdorp.nl; Ada\n"
            '"Bea Bestuur" <bea@testdorp.nl>, bestuurder\n'
            "<kale@testdorp.nl>\n"
        },
        rollen=rollen,
    )

    assert form.is_valid(), form.errors
    assert form.line_errors == []
    assert [(i.email, i.name, i.rol_id) for i in form.invitees] == [
        ("jan@testdorp.nl", "Jan de Vries", by_code["managers"]),
        ("ada@testdorp.nl", "Ada", by_code["adviseurs"]),
        ("bea@testdorp.nl", "Bea Bestuur", by_code["bestuur"]),
        ("kale@testdorp.nl", "", None),
    ]

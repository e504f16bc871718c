"""A coordinator in a real browser: logs in, starts a round and invites people, follows the
answers on the dashboard, invites last year's people again, reminds, changes the deadline,
closes the round, erases personal data, agrees consensus and gives a colleague access. axe
checks the pages on the way."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Membership, Respondent
from assessments.rounds.services import round_answers_close, round_close
from tests.browser.accessibility import check_axe
from tests.browser.conftest import INVITED
from tests.browser.session import log_in
from tests.factories import make_answers, make_respondent, make_round, make_scored_round

pytestmark = pytest.mark.browser


def test_coordinator_logs_in_starts_a_round_and_invites_three(
    live_server, page, coordinator, framework, mailoutbox
):
    page.goto(live_server.url + "/rondes/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    check_axe(page)
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn rondes")).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Nieuwe ronde").click()
    check_axe(page)
    page.get_by_label("Naam").fill("Borgingsscan 2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Ronde aanmaken").click()

    # Invites three people, one malformed line is reported, then opens the round.
    expect(page.get_by_role("heading", name="Mensen uitnodigen")).to_be_visible()
    check_axe(page)
    page.get_by_label("E-mailadressen").fill(
        "bea@testdorp.nl, Bea Bestuur, bestuur\n"
        "geen adres\n"
        "max@testdorp.nl, Max Manager, managers\n"
        "ada@testdorp.nl, Ada Adviseur, adviseurs\n"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Lijst toevoegen").click()
    expect(page.get_by_text("Regel 2: er staat geen e-mailadres in.")).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Naar het overzicht van de ronde").click()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ronde openen en uitnodigingen versturen").click()
    expect(page.get_by_text("3 uitnodigingen verstuurd.")).to_be_visible()
    expect(page.locator("#response-total")).to_contain_text("0 van 3")

    # Each mail carries the person's own questionnaire link; the role is the one given.
    links = {m.to[0]: re.search(r"http\S+", m.body).group(0) for m in mailoutbox}
    invited = {r.email: r for r in Respondent.objects.select_related("invited_rol")}
    assert sorted(links) == sorted(invited) == sorted(email for email, _, _ in INVITED)
    for email, name, rol in INVITED:
        token = invited[email].token
        assert links[email] == live_server.url + reverse("assessments:questionnaire", args=[token])
        assert (invited[email].name, invited[email].invited_rol.code) == (name, rol)


def submit(respondent):
    """The respondent takes the role they were invited as, answers bouwsteen 1 and sends."""
    make_answers(respondent=respondent, levels={1: 3})
    respondent.rol = respondent.invited_rol
    respondent.submitted_at = timezone.now()
    respondent.save(update_fields=["rol", "submitted_at"])


def test_dashboard_shows_everyone_who_answered(live_server, page, coordinator, invited_round):
    for email in ["bea@testdorp.nl", "max@testdorp.nl"]:
        submit(invited_round.respondents.get(email=email))
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/{invited_round.pk}/")
    expect(page.locator("#response-total")).to_contain_text("2 van 3")
    check_axe(page)

    # Ada sends hers while the coordinator watches: a reload shows it.
    submit(invited_round.respondents.get(email="ada@testdorp.nl"))
    page.reload()
    expect(page.locator("#response-total")).to_contain_text("3 van 3")


def test_second_year_invite_remind_and_fill_in_myself(
    page, live_server, coordinator, organisation, framework, mailoutbox
):
    last_year = make_round(
        organisation=organisation, framework=framework, name="Borgingsscan 2025", status="open"
    )
    for email, rol in [("bea@example.org", "bestuur"), ("max@example.org", "managers")]:
        make_respondent(round=last_year, email=email, rol=rol)
    round_close(round=last_year)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    round = make_round(
        organisation=organisation, framework=framework, status="open", deadline=yesterday
    )
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/{round.pk}/uitnodigen/")
    expect(page.get_by_role("heading", name="Dezelfde mensen als vorige keer")).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="2 mensen toevoegen").click()

    expect(page.get_by_text("2 mensen toegevoegd en uitgenodigd")).to_be_visible()
    expect(page.locator("#deadline-passed")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Herinnering sturen aan 2 mensen").click()
    expect(page.get_by_text("2 mensen krijgen een herinnering:")).to_be_visible()
    check_axe(page)
    page.get_by_label("Ja, stuur deze herinneringen nu").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Herinneringen versturen").click()
    expect(page.get_by_text("2 herinneringen verstuurd.")).to_be_visible()
    # a second round of reminders right after sends nobody a second mail
    page.get_by_role("link", name="Herinnering sturen aan 2 mensen").click()
    expect(
        page.get_by_text("2 mensen kregen in de afgelopen 24 uur al een herinnering")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Herinneringen versturen")).to_have_count(0)
    page.go_back()
    assert (
        sorted(m.subject.split(":")[0] for m in mailoutbox)
        == ["Herinnering"] * 2 + ["Uitnodiging"] * 2
    )

    with page.expect_navigation():
        page.get_by_role("button", name="Zelf invullen").click()
    page.get_by_role("link", name="Beginnen").click()
    expect(page.get_by_role("heading", name="Jouw rol")).to_be_visible()
    assert round.respondents.filter(email=coordinator.email).exists()


def test_coordinator_erases_personal_data_of_a_closed_round(
    page, live_server, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_respondent(round=round, email="bea@example.org", name="Bea", rol="bestuur")
    round_close(round=round)
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/{round.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Persoonsgegevens wissen").click()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Persoonsgegevens wissen").click()
    expect(
        page.get_by_text("Vink dit aan als je de gegevens echt wilt wissen.").first
    ).to_be_visible()
    check_axe(page)
    page.get_by_label("Ik begrijp dat namen, e-mailadressen en links").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Persoonsgegevens wissen").click()

    expect(page.get_by_text("De gegevens van 1 persoon zijn gewist.")).to_be_visible()
    expect(page.locator("#personal-data-erased")).to_be_visible()
    assert "bea@example.org" not in page.content()


def test_coordinator_changes_the_deadline_and_closes_after_confirming(
    page, live_server, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/rondes/{round.pk}/")

    with page.expect_navigation():
        page.get_by_role("link", name="Ronde aanpassen").click()
    check_axe(page)
    page.get_by_label("Invullen kan tot en met").fill("2031-03-14")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("invullen kan tot en met 14 maart 2031")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Invullen sluiten").click()
    expect(page.get_by_text("Dit kun je niet terugdraaien.")).to_be_visible()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, sluit het invullen").click()
    expect(page.get_by_text("Invullen is gesloten.")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Ronde sluiten").click()
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, sluit de ronde").click()
    expect(page.get_by_text("De ronde is gesloten.")).to_be_visible()
    round.refresh_from_db()
    assert round.is_closed


def test_coordinator_consensus_page_passes_axe(
    page, live_server, coordinator, organisation, framework
):
    round = round_answers_close(
        round=make_scored_round(organisation=organisation, framework=framework)
    )
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/{round.pk}/consensus/")
    page.get_by_label("Afgesproken niveau").first.select_option("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Consensus opslaan").click()

    expect(page.get_by_text("De consensus is opgeslagen.")).to_be_visible()
    check_axe(page)


def test_coordinator_adds_a_colleague_as_lezer(
    page, live_server, coordinator, organisation, mailoutbox
):
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/rondes/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Collega's"
        ).click()
    expect(page.get_by_role("heading", name="Collega's", exact=True)).to_be_visible()
    check_axe(page)

    page.get_by_label("E-mailadres").fill("geen-adres")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitnodiging sturen").click()
    expect(page.locator("#error-summary")).to_be_focused()
    check_axe(page)

    page.get_by_label("E-mailadres").fill("lotte@example.org")
    page.get_by_label("Naam (niet verplicht)").fill("Lotte Jansen")
    roles = page.get_by_role("group", name="Rol")
    roles.get_by_label("Coördinator").check()
    roles.get_by_label("Lezer").focus()
    page.keyboard.press("Space")
    expect(roles.get_by_label("Lezer")).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Uitnodiging sturen").click()

    expect(
        page.get_by_text("uitnodiging gestuurd naar lotte@example.org, als Lezer")
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text="lotte@example.org")
    expect(row).to_contain_text("Lotte Jansen")
    expect(row.get_by_role("button", name="Intrekken lotte@example.org")).to_be_visible()
    check_axe(page)
    page.set_viewport_size({"width": 360, "height": 800})  # the tables scroll in their box
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not Membership.objects.filter(user__email="lotte@example.org").exists()
    [mail] = mailoutbox
    assert mail.to == ["lotte@example.org"]

    # Lotte opens the link and chooses a password: then she is a member.
    link = next(line for line in mail.body.splitlines() if line.startswith("http"))
    lotte = page.context.browser.new_page(locale="nl-NL")  # a browser of her own
    lotte.goto(link)
    check_axe(lotte)
    lotte.locator("#id_new_password1").fill("Participatie-2026!")
    lotte.locator("#id_new_password2").fill("Participatie-2026!")
    with lotte.expect_navigation():
        lotte.get_by_role("button", name="Account maken en aannemen").click()
    expect(lotte.get_by_text("Welkom bij Gemeente Testdorp.")).to_be_visible()
    lotte.close()
    assert Membership.objects.get(user__email="lotte@example.org").role == "viewer"

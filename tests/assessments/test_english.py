"""An English respondent and reader see the model's texts in English: questionnaire,
e-mails, report and PDF."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from assessments.models import Respondent
from assessments.organisations.invitations import member_invite
from assessments.rounds.invitations import Invitee, respondents_invite
from assessments.rounds.services import round_close, round_open
from tests.dutch_words import dutch_model_texts, dutch_words, user_texts
from tests.factories import make_round, make_scored_round
from tests.tasks import download_pdf

pytestmark = pytest.mark.django_db


def url_of(token):
    return f"http://testserver{reverse('assessments:questionnaire', args=[token])}"


def test_invitee_gets_the_organisations_language_unless_one_is_chosen(
    organisation, framework, mailoutbox
):
    organisation.language = "en"
    organisation.save()
    round = make_round(organisation=organisation, framework=framework, status="open")

    with translation.override("nl"):
        respondents_invite(
            round=round,
            invitees=[Invitee(email="ann@example.org"), Invitee("jan@example.org", language="nl")],
            url_for=url_of,
        )

    ann = Respondent.objects.get(email="ann@example.org")
    assert (ann.language, Respondent.objects.get(email="jan@example.org").language) == ("en", "nl")
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    english, dutch = by_address["ann@example.org"], by_address["jan@example.org"]
    assert english.subject == "Invitation: Borgingsscan 2026"
    assert english.body.startswith("Dear colleague,")
    assert f"/en/vragenlijst/{ann.token}/" in english.body
    assert dutch.subject == "Uitnodiging: Borgingsscan 2026"
    assert "/en/" not in dutch.body


def test_invite_form_takes_a_language_per_batch(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="concept")
    client.force_login(coordinator)

    client.post(
        reverse("assessments:round-invite", args=[round.pk]),
        {"form": "list", "people": "a@example.org\nb@example.org", "list_language": "en"},
    )
    client.post(
        reverse("assessments:round-invite", args=[round.pk]),
        {"form": "one", "email": "c@example.org", "name": "", "rol": "", "language": ""},
    )

    languages = dict(round.respondents.values_list("email", "language"))
    assert languages == {"a@example.org": "en", "b@example.org": "en", "c@example.org": "nl"}


def test_a_colleagues_invitation_is_in_the_organisations_language(
    organisation, coordinator, mailoutbox
):
    organisation.language = "en"
    organisation.save()

    member_invite(
        organisation=organisation,
        email="new@example.org",
        role="viewer",
        invited_by=coordinator,
        url_for=lambda token: reverse("assessments:member-invitation", args=[token]),
    )

    [mail] = mailoutbox
    assert mail.subject.startswith("Invitation to Borgingshuis")
    assert "/en/collega-uitnodiging/" in mail.body


def test_english_questionnaire_shows_no_dutch_model_text(client, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = Respondent.objects.create(round=round, email="en@example.org", language="en")
    dutch = dutch_model_texts(framework)
    rol = framework.rol_set.get(code="bestuur")
    with translation.override("en"):
        base = reverse("assessments:questionnaire-rol", args=[respondent.token])
    page = client.get(base).content.decode()
    assert "Administration" in page
    client.post(base, {"rol": rol.pk, "function": ""})

    for niveau in ("organisatie", "vraagstuk", "gesprek"):
        with translation.override("en"):
            url = reverse("assessments:questionnaire-niveau", args=[respondent.token, niveau])
        page = client.get(url).content.decode()
        assert [text for text in dutch if text in page] == []
    assert (
        "Setting the ambition of the participative organisation"
        in client.get(url.replace("gesprek", "organisatie")).content.decode()
    )


@pytest.fixture
def closed_round(organisation, framework):
    return round_close(round=make_scored_round(organisation=organisation, framework=framework))


def test_english_report_page_shows_english_model_texts(client, colleague, closed_round):
    client.force_login(colleague)
    with translation.override("en"):
        url = reverse("assessments:round-report", args=[closed_round.pk])

    page = client.get(url).content.decode()

    assert "Ambition" in page and "Follow-up" in page
    assert "Ambitie van de participatieve organisatie" not in page


def test_english_pdf_is_tagged_english_with_an_english_title(client, colleague, closed_round):
    client.force_login(colleague)
    with translation.override("en"):
        url = reverse("assessments:round-report-pdf", args=[closed_round.pk])

    reader = PdfReader(io.BytesIO(download_pdf(client, url)))

    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title.startswith("Embedding report")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Setting the ambition" in " ".join(text.split())
    assert "Page 2 of" in text and "Pagina" not in text


def test_dutch_words_are_found_in_english_text_but_not_in_what_people_typed():
    page = "Round closed. De ronde is gesloten. Action: Een actie van het team"

    found = dutch_words(page, exempt=["Een actie van het team"])

    assert [entry.split()[0] for entry in found] == ["'De'", "'ronde'", "'gesloten'"]
    assert dutch_words("Welcome, BEN BEHEER. Title [nl]: Title [en]:", ["Ben Beheer"]) == []
    assert dutch_words("See https://…/vragenlijst/token/ or Jan de Vries") == []
    assert dutch_words("Page viewed - /en/organisaties/x/ontwikkeling/ - and/or") == []
    assert len(dutch_words("Home / Organisaties")) == 1
    assert dutch_words("Task b147d571-8251-445e-a2a3-de058b85e79f render_report_pdf") == []
    assert dutch_words("Password: algorithm: pbkdf2 salt: nU****************** hash: **") == []
    assert len(dutch_words("Task de058b85 de render")) == 1  # the word "de", not the id


def test_a_typed_text_is_taken_out_only_where_it_stands_as_a_whole():
    assert dutch_words("Administration", exempt=["Admin"]) == []
    assert len(dutch_words("Team en de-stroom", exempt=["Team"])) == 2  # "en", "de"
    assert dutch_words("Team en de-stroom", exempt=["Team en", "de-stroom"]) == []


def test_typed_texts_are_names_and_notes_but_not_the_models_dutch_texts(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, name="Tussenronde")
    round_open(round=round)  # the round keeps a copy of its model, Dutch texts included

    texts = user_texts()

    assert {"Gemeente Testdorp", "Tussenronde", "testdorp"} <= set(texts)
    assert "Ambitie van de participatieve organisatie" not in texts

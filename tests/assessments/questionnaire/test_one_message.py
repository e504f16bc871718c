"""After sending, the page says so once: the message, not also the "you sent on" box."""

from django.urls import reverse

from tests.factories import make_answers, make_respondent, make_round


def test_sending_shows_one_success_message(client, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round, rol="adviseurs")
    make_answers(respondent=respondent, levels=dict.fromkeys(range(1, 12), 3))
    url = reverse("assessments:questionnaire-summary", args=[respondent.token])

    page = client.post(url, follow=True).content.decode()

    assert "Bedankt, je antwoorden zijn verstuurd." in page
    assert page.count("alert-success") == 1

    # Coming back later, the box says when they were sent.
    again = client.get(url).content.decode()
    assert again.count("alert-success") == 1 and "Je hebt je antwoorden verstuurd op" in again

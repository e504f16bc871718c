"""Every answer carries a version: a save based on an older version than the stored one is
refused for that answer, so an old tab, a second tab or a late save never erases a newer
answer. Pages are posted as a browser without JavaScript would: every field as rendered."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from assessments.models import Answer
from bouwstenen.models import Bouwsteen
from tests.factories import make_answers, make_respondent, make_round

CHANGED_ELSEWHERE = "Dit antwoord is intussen in een ander venster gewijzigd"


class _FormFields(HTMLParser):
    """The fields of the answers form as the browser would post them (checked radios, the
    hidden inputs and the textareas), without the buttons."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "textarea":
            self._textarea = name
            self.data[name] = ""
        elif tag == "input" and name and not name.startswith("save_"):
            kind = attrs.get("type", "text")
            if kind == "radio":
                if "checked" in attrs:
                    self.data[name] = attrs["value"]
                else:
                    self.data.setdefault(name, "")
            elif kind != "submit":
                self.data[name] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.lstrip("\n") if not self.data[self._textarea] else data
            )


def shown_form(client, link):
    parser = _FormFields()
    parser.feed(client.get(link).content.decode())
    return parser.data


@pytest.fixture
def respondent(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    return make_respondent(round=round, rol="managers")


def niveau_url(respondent, niveau="gesprek"):
    return reverse("assessments:questionnaire-niveau", args=[respondent.token, niveau])


def field(number, name):
    return f"b{Bouwsteen.objects.get(number=number).pk}_{name}"


def stored(respondent):
    return {
        a.bouwsteen.number: (a.current_level, a.desired_level, a.toelichting)
        for a in Answer.objects.filter(respondent=respondent).select_related("bouwsteen")
    }


def test_two_tabs_on_one_page_do_not_erase_each_others_answers(client, respondent):
    make_answers(respondent=respondent, levels={10: 2})
    tab_a = shown_form(client, niveau_url(respondent))
    tab_b = shown_form(client, niveau_url(respondent))

    tab_b[field(10, "current")] = "4"
    assert client.post(niveau_url(respondent), {**tab_b, "next": "1"}).status_code == 302
    tab_a[field(11, "current")] = "3"  # tab A still shows 2 at bouwsteen 10
    response = client.post(niveau_url(respondent), {**tab_a, "next": "1"})

    assert stored(respondent) == {10: (4, None, ""), 11: (3, None, "")}
    assert response.status_code in (302, 409)


def test_a_change_in_both_tabs_keeps_the_newer_and_says_so(client, respondent):
    make_answers(respondent=respondent, levels={10: 2})
    tab_a = shown_form(client, niveau_url(respondent))
    tab_b = shown_form(client, niveau_url(respondent))
    tab_b[field(10, "toelichting")] = "uit tab B"
    client.post(niveau_url(respondent), {**tab_b, "next": "1"})

    tab_a[field(10, "toelichting")] = "uit tab A"
    response = client.post(niveau_url(respondent), {**tab_a, "next": "1"})

    page = response.content.decode()
    assert response.status_code == 409
    assert CHANGED_ELSEWHERE in page and "uit tab B" in page
    assert stored(respondent)[10] == (2, None, "uit tab B")


def test_an_old_tab_after_sending_blanks_nothing(client, respondent):
    old_tab = shown_form(client, niveau_url(respondent, "organisatie"))  # opened when empty
    make_answers(respondent=respondent, levels=dict.fromkeys(range(1, 12), 3))
    summary = reverse("assessments:questionnaire-summary", args=[respondent.token])
    assert client.post(summary).status_code == 302
    respondent.refresh_from_db()
    assert respondent.submitted_at is not None

    old_tab[field(1, "toelichting")] = "later bedacht"
    client.post(niveau_url(respondent, "organisatie"), {**old_tab, "next": "1"})

    answers = stored(respondent)
    assert all(answers[number][0] == 3 for number in range(1, 12)), answers

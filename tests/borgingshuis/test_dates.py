"""One date format everywhere: "1 maart 2027" in Dutch, "1 March 2027" in English, whether a
template names the format or leaves it to the language."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from tests.factories import make_action, make_round

ONE_FORMAT = {"j F Y", "j F Y, H:i"}


@pytest.mark.parametrize("language, expected", [("nl", "1 maart 2027"), ("en", "1 March 2027")])
def test_a_date_reads_day_month_year_in_both_languages(language, expected):
    with translation.override(language):
        text = Template("{{ day|date }}").render(Context({"day": datetime.date(2027, 3, 1)}))

    assert text == expected


def test_templates_name_no_other_date_format():
    named = set()
    for template in Path(settings.BASE_DIR, "templates").rglob("*.*"):
        named |= set(re.findall(r'\|date:"([^"]*)"', template.read_text()))

    assert named <= ONE_FORMAT, named - ONE_FORMAT


def test_the_report_writes_an_action_date_in_full(client, colleague, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    make_action(round=round, due_date=datetime.date(2027, 3, 1))
    client.force_login(colleague)

    page = client.get(f"/rondes/{round.pk}/rapport/").content.decode()

    assert "1 maart 2027" in page and "Mrt" not in page

"""Bestuur per gemeente in a werkorganisatie's scan: stored with the final release
(releases.py, gemeenten.py) and shown on the report page, the consensus page, the PDF and the
round workbook only where the disclosure rules allow, and only when marked bestuur counts."""

import io

import pytest
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Round, StoredRelease
from assessments.organisations.models import Onderdeel
from assessments.reporting.pdf import print_report, render_report_html
from assessments.reporting.releases import final_release
from assessments.reporting.report import build_report
from assessments.rounds.services import round_answers_close
from tests.factories import make_round, make_scored_rounds_apart, make_submitted_respondent

pytestmark = pytest.mark.django_db


def gemeente(organisation, name):
    return Onderdeel.objects.create(
        organisation=organisation, name=name, kind=Onderdeel.Kind.GEMEENTE
    )


def werkorganisatie_round(organisation, framework, bestuur, per_role=3):
    """An open round of `organisation` with managers and adviseurs (`per_role` each, level 3)
    and the bestuur in `bestuur`: (gemeente or None, level) per person. All 11 scored."""
    round = make_round(organisation=organisation, framework=framework, status="open")
    for rol in ("managers", "adviseurs"):
        for _index in range(per_role):
            make_submitted_respondent(round=round, rol=rol, levels=dict.fromkeys(range(1, 12), 3))
    for place, level in bestuur:
        person = make_submitted_respondent(
            round=round, rol="bestuur", levels=dict.fromkeys(range(1, 12), level)
        )
        models.QuerySet.update(type(person).objects.filter(pk=person.pk), gemeente=place)
    return round


@pytest.fixture
def a_and_b(organisation):
    return gemeente(organisation, "Aadorp"), gemeente(organisation, "Bedorp")


def test_the_final_release_stores_the_gemeenten_and_each_bouwsteens_figures(
    organisation, framework, a_and_b
):
    a, b = a_and_b
    bestuur = [(a, 2)] * 3 + [(b, 5)] * 3
    round = round_answers_close(round=werkorganisatie_round(organisation, framework, bestuur))
    stored = StoredRelease.objects.get(round=round, tussenstand=None).figures
    assert stored["gemeenten"] == [
        {"id": a.pk, "name": "Aadorp", "people": 3},
        {"id": b.pk, "name": "Bedorp", "people": 3},
    ]
    first = stored["bouwstenen"][0]["by_gemeente"]
    assert first[str(a.pk)]["median"] == 2.0 and first[str(b.pk)]["median"] == 5.0
    assert first[str(a.pk)]["hidden"] is False


def test_every_output_shows_bestuur_per_gemeente_where_groups_are_large_enough(
    client, coordinator, organisation, framework, a_and_b
):
    a, b = a_and_b
    bestuur = [(a, 2)] * 3 + [(b, 5)] * 3
    round = round_answers_close(round=werkorganisatie_round(organisation, framework, bestuur))
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()
    assert page.count("Bestuur per gemeente") == 11
    assert "Aadorp: <strong>2</strong>" in page and "Bedorp: <strong>5</strong>" in page
    consensus = client.get(reverse("assessments:round-consensus", args=[round.pk])).content
    assert consensus.decode().count("Bestuur per gemeente") == 11
    pdf = render_report_html(print_report(Round.objects.get(pk=round.pk)))
    assert "bestuur per gemeente" in pdf and "Aadorp" in pdf
    content = client.get(reverse("assessments:round-report-xlsx", args=[round.pk])).content
    sheet = load_workbook(io.BytesIO(content))["Bestuur per gemeente"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2:6] == ("Aadorp", 2, 3, None)
    assert len(rows) == 1 + 11 * 2


def test_a_gemeente_that_would_single_out_the_other_bestuur_is_hidden_with_why(
    client, coordinator, organisation, framework, a_and_b
):
    # bestuur 4 people, Aadorp 3 of them: showing Aadorp would give away the fourth
    a, _b = a_and_b
    bestuur = [(a, 2)] * 3 + [(None, 5)]
    round = round_answers_close(round=werkorganisatie_round(organisation, framework, bestuur))
    report = build_report(Round.objects.select_related("organisation").get(pk=round.pk))
    entry = report.bouwstenen[0]
    assert [role.status for role in entry.roles] == ["shown", "shown", "shown"]
    (row,) = entry.gemeenten
    assert not row.shown and row.median is None
    assert row.text == (
        "te weinig antwoorden om te tonen "
        "(minder dan 3 scores, of om een andere groep te beschermen)"
    )
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()
    assert 'Aadorp: <span class="muted">te weinig antwoorden om te tonen' in page
    content = client.get(reverse("assessments:round-report-xlsx", args=[round.pk])).content
    rows = list(
        load_workbook(io.BytesIO(content))["Bestuur per gemeente"].iter_rows(values_only=True)
    )
    assert rows[1][3] is None and rows[1][4] is None


def test_a_small_gemeente_says_it_has_too_few_people(organisation, framework, a_and_b):
    a, b = a_and_b
    bestuur = [(a, 2)] * 2 + [(b, 5)] * 3 + [(None, 4)] * 3
    round = round_answers_close(round=werkorganisatie_round(organisation, framework, bestuur))
    entry = build_report(Round.objects.select_related("organisation").get(pk=round.pk)).bouwstenen[
        0
    ]
    assert [(row.name, row.shown) for row in entry.gemeenten] == [
        ("Aadorp", False),
        ("Bedorp", True),
    ]
    assert "minder dan 3 mensen uit deze gemeente" in entry.gemeenten[0].text


def test_without_marked_bestuur_no_output_shows_a_gemeente_table(
    client, coordinator, organisation, framework, a_and_b
):
    round = werkorganisatie_round(organisation, framework, [(None, 4)] * 3)
    round = round_answers_close(round=round)
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()
    assert "Bestuur per gemeente" not in page
    content = client.get(reverse("assessments:round-report-xlsx", args=[round.pk])).content
    assert "Bestuur per gemeente" not in load_workbook(io.BytesIO(content)).sheetnames
    assert "gemeenten" not in StoredRelease.objects.get(round=round).figures


def test_a_tussenstand_shows_no_gemeente_figures(
    client, coordinator, organisation, framework, a_and_b
):
    a, b = a_and_b
    round = werkorganisatie_round(organisation, framework, [(a, 2)] * 3 + [(b, 5)] * 3)
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()
    assert "Bestuur per gemeente" not in page and "Aadorp" not in page


def test_a_release_stored_before_gemeenten_reads_as_none_shown(organisation, framework, a_and_b):
    a, b = a_and_b
    round = round_answers_close(
        round=werkorganisatie_round(organisation, framework, [(a, 2)] * 3 + [(b, 5)] * 3)
    )
    release = StoredRelease.objects.get(round=round)
    figures = release.figures
    del figures["gemeenten"]
    for item in figures["bouwstenen"]:
        del item["by_gemeente"]
    models.QuerySet.update(StoredRelease.objects.filter(pk=release.pk), figures=figures)
    entry = build_report(Round.objects.select_related("organisation").get(pk=round.pk)).bouwstenen[
        0
    ]
    assert entry.gemeenten == [] and entry.stats.by_gemeente == {}
    assert final_release(round).gemeenten == ()


def test_another_organisations_report_shows_nothing_of_these_gemeenten(
    client, coordinator, other_organisation, framework
):
    elsewhere = gemeente(other_organisation, "Verweg")
    round = round_answers_close(
        round=werkorganisatie_round(other_organisation, framework, [(elsewhere, 2)] * 3)
    )
    client.force_login(coordinator)
    for view in ("assessments:round-report", "assessments:round-consensus"):
        response = client.get(reverse(view, args=[round.pk]))
        assert response.status_code == 404
        assert b"Verweg" not in response.content


@pytest.mark.parametrize("view", ["assessments:round-report", "assessments:round-consensus"])
def test_gemeente_figures_cost_no_extra_query(
    client, coordinator, framework, view, django_assert_max_num_queries
):
    rounds = make_scored_rounds_apart(
        framework=framework, member=coordinator, per_role=(3, 6), status="open"
    )
    for index, round in enumerate(rounds):
        models.QuerySet.update(
            coordinator.memberships.filter(organisation=round.organisation), role="coordinator"
        )
        if index:  # the second has its bestuur in two gemeenten (the first in none)
            places = [gemeente(round.organisation, name) for name in ("Aadorp", "Bedorp")]
            bestuur = round.respondents.filter(rol__code="bestuur")
            for person, place in zip(bestuur, places + places, strict=False):
                models.QuerySet.update(type(person).objects.filter(pk=person.pk), gemeente=place)
        round_answers_close(round=round)
    client.force_login(coordinator)
    counts = []
    for round in rounds:
        with django_assert_max_num_queries(13) as queries:
            response = client.get(reverse(view, args=[round.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert b"Bestuur per gemeente" in response.content
    assert counts[0] == counts[1]


def test_the_english_report_and_consensus_page_say_it_in_english(
    client, coordinator, organisation, framework, a_and_b
):
    from django.utils import translation

    from tests.dutch_words import dutch_words, user_texts

    a, b = a_and_b
    bestuur = [(a, 2)] * 3 + [(b, 5)] * 2 + [(None, 4)] * 3
    round = round_answers_close(round=werkorganisatie_round(organisation, framework, bestuur))
    client.force_login(coordinator)
    for view in ("assessments:round-report", "assessments:round-consensus"):
        with translation.override("en"):
            url = reverse(view, args=[round.pk])
        page = client.get(url).content.decode()
        assert "Board per municipality" in page
        assert "too few answers to show (fewer than 3 people from this municipality)" in page
        assert dutch_words(page, exempt=user_texts()) == []

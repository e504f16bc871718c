"""Each release's figures are stored once (reporting/releases.py): append-only, and every
output (page, consensus page, CSV, workbooks, trend, PDF) shows the stored figures, not the
answers as they are now."""

import io
import re

import pytest
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Answer, ReleasedToelichting, Round, StoredRelease
from assessments.reporting import disclosure
from assessments.reporting.csv_export import number_cell
from assessments.reporting.pdf import print_report, render_report_html
from assessments.reporting.releases import figures_json, final_answer_rows, final_release
from assessments.reporting.report import NO_HOUSE, TOELICHTINGEN_PER_PAGE, build_report
from assessments.reporting.services import round_group_size_set
from assessments.reporting.tussenstand import tussenstand_released
from assessments.rounds.services import round_answers_close, round_close
from tests.factories import (
    make_round,
    make_scored_round,
    make_scored_rounds_apart,
    make_submitted_respondent,
)

pytestmark = pytest.mark.django_db


def closed_scored_round(organisation, framework, per_role=3):
    return round_close(
        round=make_scored_round(organisation=organisation, framework=framework, per_role=per_role)
    )


def stored_figures(round) -> dict[int, dict]:
    """The final release's stored figures by bouwsteen id, straight from the table."""
    release = StoredRelease.objects.get(round=round, tussenstand=None)
    return {item["bouwsteen"]: item for item in release.figures["bouwstenen"]}


def workbook_values(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def page(client, url) -> str:
    """A page's HTML without what differs per request (the CSRF token, the CSP nonce)."""
    html = client.get(url).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def outputs(client, round) -> dict:
    """What every output shows of `round`, read through its views and the PDF's code."""
    pk, slug = round.pk, round.organisation.slug
    report = build_report(Round.objects.select_related("organisation").get(pk=pk))
    return {
        "figures": [
            (figures_json(e.stats.current), figures_json(e.stats.desired), e.stats.shown_roles)
            for e in report.bouwstenen
        ],
        "page": page(client, reverse("assessments:round-report", args=[pk])),
        "consensus": page(client, reverse("assessments:round-consensus", args=[pk])),
        "csv": client.get(reverse("assessments:round-report-csv", args=[pk])).content,
        "workbook": workbook_values(
            client.get(reverse("assessments:round-report-xlsx", args=[pk])).content
        ),
        "ontwikkeling": workbook_values(
            client.get(reverse("assessments:organisation-workbook", args=[slug])).content
        ),
        "trend": page(client, reverse("assessments:organisation-trend", args=[slug])),
        "pdf": render_report_html(print_report(report.round)),
    }


def test_closing_answers_stores_the_final_figures_once(organisation, framework):
    round = round_answers_close(
        round=make_scored_round(organisation=organisation, framework=framework, per_role=3)
    )
    release = StoredRelease.objects.get(round=round)
    assert release.tussenstand is None
    assert release.min_group_size == disclosure.group_size(round.min_group_size)
    # what the rules allow, computed from the answers counted at closing
    rows, _ids = final_answer_rows(round, round.model_texts())
    texts = round.model_texts()
    expected = disclosure.aggregate(
        rows,
        [item.id for item in texts.bouwstenen],
        [rol.code for rol in texts.rollen],
        min_group_size=round.min_group_size,
    )
    figures = stored_figures(round)
    for key, item in expected.items():
        assert figures[key]["current"] == figures_json(item.current)
        assert figures[key]["desired"] == figures_json(item.desired)
        assert figures[key]["shown_roles"] == item.shown_roles
        assert figures[key]["toelichtingen"] == len(item.toelichtingen)
    # three roles wrote one text each, all shown: one row per text, never the text itself
    assert ReleasedToelichting.objects.filter(release=release).count() == 3 * 11
    assert "Toelichting" not in str(release.figures)
    # reading again and closing the round store nothing new
    final_release(round)
    round_close(round=round)
    assert StoredRelease.objects.filter(round=round).count() == 1


def test_a_stored_release_is_append_only(organisation, framework):
    round = closed_scored_round(organisation, framework)
    release = StoredRelease.objects.get(round=round)
    toelichting = ReleasedToelichting.objects.filter(release=release).first()
    assert str(release) == f"Eindcijfers {round} (3)"
    assert str(toelichting).startswith(f"{release} – ")
    for attempt in (
        release.save,
        release.delete,
        toelichting.save,
        toelichting.delete,
        lambda: StoredRelease.objects.filter(pk=release.pk).update(min_group_size=9),
        lambda: StoredRelease.objects.filter(pk=release.pk).delete(),
        lambda: ReleasedToelichting.objects.filter(release=release).update(count=9),
        lambda: ReleasedToelichting.objects.filter(release=release).delete(),
    ):
        with pytest.raises(RuntimeError, match="append-only"):
            attempt()
    assert StoredRelease.objects.get(pk=release.pk).min_group_size == release.min_group_size
    # only its round's own cascade takes it away
    models.QuerySet.update(Round.objects.filter(pk=round.pk), status=Round.Status.OPEN)
    Round.objects.get(pk=round.pk).delete()
    assert not StoredRelease.objects.exists()
    assert not ReleasedToelichting.objects.exists()


def test_the_admin_shows_a_release_read_only(admin_client, organisation, framework):
    release = StoredRelease.objects.get(round=closed_scored_round(organisation, framework))
    url = reverse("admin:assessments_storedrelease_change", args=[release.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b'name="min_group_size"' not in response.content  # no field to change
    assert admin_client.post(url, {"min_group_size": 9}).status_code == 403
    delete = reverse("admin:assessments_storedrelease_delete", args=[release.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert StoredRelease.objects.get(pk=release.pk).min_group_size == release.min_group_size


def test_every_output_shows_the_stored_release_not_the_answers_now(
    client, coordinator, organisation, framework
):
    round = closed_scored_round(organisation, framework)
    client.force_login(coordinator)
    before = outputs(client, round)
    # the outputs show exactly the stored figures
    figures = stored_figures(round)
    assert before["figures"] == [
        (item["current"], item["desired"], item["shown_roles"]) for item in figures.values()
    ]
    stored = list(figures.values())
    lines = before["csv"].decode("utf-8-sig").split("\r\n")[1 : 1 + len(stored)]
    sheet = before["workbook"]["Cijfers"][1:]
    for item, line, cells in zip(stored, lines, sheet, strict=True):
        current, desired = item["current"], item["desired"]
        columns = line.split(";")
        assert columns[4:8] == [
            str(current["count"]),
            str(current["unknown"]),
            number_cell(current["median"]),
            number_cell(desired["median"]),
        ]
        assert list(cells[4:8]) == [
            current["count"],
            current["unknown"],
            current["median"],
            desired["median"],
        ]
    # Change every answer behind the freeze's back (as a faulty script or a hand in the
    # database would): the answers now give other figures ...
    models.QuerySet.update(Answer.objects.filter(respondent__round=round), current_level=1)
    rows, _ids = final_answer_rows(round, round.model_texts())
    assert {row.current for row in rows} == {1}
    # ... but every output still shows the release.
    after = outputs(client, round)
    for name in before:
        assert after[name] == before[name], name
    assert "Toelichting van bestuur" in after["page"]


def test_every_output_shows_a_tussenstand_as_stored(client, coordinator, organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework, per_role=3)
    client.force_login(coordinator)
    released = tussenstand_released(round)
    release = StoredRelease.objects.get(round=round)
    assert release.tussenstand_id == released.tussenstand_id
    report = build_report(round, house=NO_HOUSE)
    assert [figures_json(entry.stats.current) for entry in report.bouwstenen] == [
        item["current"] for item in release.figures["bouwstenen"]
    ]
    # no roles and no toelichtingen in a tussenstand
    assert all(not item["shown_roles"] for item in release.figures["bouwstenen"])
    assert not ReleasedToelichting.objects.filter(release=release).exists()
    csv_before = client.get(reverse("assessments:round-report-csv", args=[round.pk])).content
    models.QuerySet.update(Answer.objects.filter(respondent__round=round), current_level=1)
    csv_after = client.get(reverse("assessments:round-report-csv", args=[round.pk])).content
    assert csv_after == csv_before


def test_a_round_closed_before_releases_were_stored_gets_its_release_on_first_read(
    client, coordinator, organisation, framework
):
    round = closed_scored_round(organisation, framework)
    client.force_login(coordinator)
    csv_url = reverse("assessments:round-report-csv", args=[round.pk])
    stored = client.get(csv_url).content
    # as after an upgrade: no release stored (the table is new)
    ReleasedToelichting.objects.all()._raw_delete(ReleasedToelichting.objects.db)
    StoredRelease.objects.all()._raw_delete(StoredRelease.objects.db)
    assert not StoredRelease.objects.exists()
    assert client.get(csv_url).content == stored
    assert StoredRelease.objects.filter(round=round).count() == 1
    assert client.get(csv_url).content == stored
    assert StoredRelease.objects.filter(round=round).count() == 1


def test_raising_the_group_size_after_answers_close_stores_a_new_release_beside_the_old(
    organisation, framework
):
    round = round_answers_close(
        round=make_scored_round(organisation=organisation, framework=framework, per_role=3)
    )
    first = StoredRelease.objects.get(round=round)
    round = round_group_size_set(round=round, min_group_size=4)
    report = build_report(round, house=NO_HOUSE)
    assert all(entry.stats.shown_roles == {} for entry in report.bouwstenen)  # 3 < 4 per role
    releases = StoredRelease.objects.filter(round=round).order_by("pk")
    assert [release.min_group_size for release in releases] == [first.min_group_size, 4]
    assert releases[0].figures == first.figures  # the old one stays as it was


def test_toelichtingen_are_read_a_page_at_a_time(
    client, coordinator, organisation, framework, django_assert_max_num_queries
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    count = TOELICHTINGEN_PER_PAGE + 7
    for index in range(count):
        make_submitted_respondent(
            round=round,
            rol="adviseurs",
            levels={1: 3},
            desired={1: 4},
            toelichting=f"Tekst {index:03d}",
        )
    round = round_close(round=round)
    client.force_login(coordinator)
    page = client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()
    assert "Tekst 004" in page and "Tekst 005" not in page  # the first five, alphabetical
    assert f"Alle {count} toelichtingen" in page
    consensus = client.get(reverse("assessments:round-consensus", args=[round.pk]))
    consensus = consensus.content.decode()
    assert "Tekst 049" in consensus and "Tekst 050" not in consensus
    assert "Meer toelichtingen bij" in consensus
    url = reverse("assessments:round-report-toelichtingen", args=[round.pk, 1])
    # session, user, round, release, consensus, counts, actions, previous round, the page's
    # toelichtingen, coordinator check, nav
    with django_assert_max_num_queries(12):
        second = client.get(url, {"pagina": 2}).content.decode()
    assert "Tekst 050" in second and "Tekst 056" in second and "Tekst 049" not in second
    report = build_report(round, house=NO_HOUSE)
    entry = report.bouwstenen[0]
    assert len(entry.stats.toelichtingen) == count
    assert entry.stats.toelichtingen[-1] == ("Tekst 056", 1)
    assert list(entry.stats.toelichtingen)[:2] == [("Tekst 000", 1), ("Tekst 001", 1)]


@pytest.mark.parametrize(
    "view",
    [
        "assessments:round-report-csv",
        "assessments:round-report-xlsx",
        "assessments:round-consensus",
        "assessments:organisation-workbook",
        "assessments:organisation-trend",
    ],
)
def test_output_query_counts_do_not_grow_with_respondents(
    client, coordinator, framework, view, django_assert_max_num_queries
):
    # 3 and 30 per role: both with role figures and toelichtingen shown
    rounds = make_scored_rounds_apart(framework=framework, member=coordinator, per_role=(3, 30))
    client.force_login(coordinator)
    counts = []
    for round in rounds:
        # coordinators rather than viewers, for the consensus page
        models.QuerySet.update(
            coordinator.memberships.filter(organisation=round.organisation), role="coordinator"
        )
        by_org = view.startswith("assessments:organisation")
        url = reverse(view, args=[round.organisation.slug if by_org else round.pk])
        # at most: session, user, the round (or organisation) scoped to the member, its
        # stored release and the first toelichtingen, consensus, respondent counts, actions,
        # the previous closed round, the coordinator's organisations (nav), the comparison,
        # the action plan; never the answers
        with django_assert_max_num_queries(13) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert not any(' FROM "assessments_answer"' in q["sql"] for q in queries)
        counts.append(len(queries))
    assert counts[0] == counts[1]  # 9 and 90 respondents: the same queries


def test_a_tussenstand_stored_before_releases_were_gets_its_figures_on_first_read(
    organisation, framework
):
    round = make_scored_round(organisation=organisation, framework=framework, per_role=3)
    tussenstand_released(round)
    before = [figures_json(e.stats.current) for e in build_report(round).bouwstenen]
    StoredRelease.objects.all()._raw_delete(StoredRelease.objects.db)  # as after an upgrade
    after = [figures_json(e.stats.current) for e in build_report(round).bouwstenen]
    assert after == before
    assert StoredRelease.objects.filter(round=round).count() == 1
    # a concept round has released nothing: empty figures, nothing stored
    concept = make_round(organisation=organisation, framework=framework, name="Later")
    report = build_report(concept, house=NO_HOUSE)
    assert not report.has_answers
    assert not StoredRelease.objects.filter(round=concept).exists()


def test_a_bouwsteens_toelichtingen_read_like_a_list(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    for text in ("Beta", "Alfa", "Alfa", "Gamma"):
        make_submitted_respondent(round=round, rol="adviseurs", levels={1: 3}, toelichting=text)
    round = round_close(round=round)
    toelichtingen = build_report(round, house=NO_HOUSE).bouwstenen[0].stats.toelichtingen
    assert len(toelichtingen) == 3
    assert toelichtingen[0] == ("Alfa", 2)
    assert toelichtingen[-1] == ("Gamma", 1)
    assert toelichtingen[1:] == [("Beta", 1), ("Gamma", 1)]
    assert toelichtingen == [("Alfa", 2), ("Beta", 1), ("Gamma", 1)]
    assert toelichtingen != "Alfa"
    assert "3" in repr(toelichtingen)
    with pytest.raises(IndexError):
        toelichtingen[3]
    # a text emptied since (by hand: a closed round's answers are frozen) is left out
    models.QuerySet.update(
        Answer.objects.filter(respondent__round=round, toelichting="Beta"), toelichting=""
    )
    toelichtingen = build_report(round, house=NO_HOUSE).bouwstenen[0].stats.toelichtingen
    assert list(toelichtingen) == [("Alfa", 2), ("Gamma", 1)]
    assert toelichtingen[1] == ("", 1)

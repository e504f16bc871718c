import datetime
import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from assessments.common import stored_pdf
from assessments.models import Membership, RenderedReport, Round
from assessments.reporting import pdf as pdf_module
from assessments.reporting.pdf import pdf_current, print_report, render_report_html
from assessments.reporting.pdf_version import report_key
from assessments.reporting.services import consensus_record, round_report_appendix_set
from assessments.reporting.tussenstand import tussenstand_released
from assessments.rounds.services import round_answers_close, round_close
from bouwstenen.models import Bouwsteen
from tests.conftest import make_member
from tests.factories import make_action, make_round, make_scored_round
from tests.tasks import queued, run_tasks, served_pdf


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def closed_round(organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    make_action(round=round, number=7, title="Basistraining voor projectleiders")
    return round_close(round=round)


def pdf_url(round):
    return reverse("assessments:round-report-pdf", args=[round.pk])


def download_url(round):
    return reverse("assessments:round-report-download", args=[round.pk])


def reload(round):
    return Round.objects.select_related("organisation", "framework").get(pk=round.pk)


def test_a_pdf_request_never_renders_it_queues_a_render_and_shows_the_download_page(
    client, colleague, closed_round, no_render, django_assert_max_num_queries
):
    client.force_login(colleague)
    RenderedReport.objects.all().delete()  # closing queued one already; start from nothing
    for task in queued():
        task.delete()

    # session, user, the round scoped to the member; the report key (previous round,
    # respondent counts, consensus, actions at closing and those recorded after); the stored
    # PDF; then queuing the render (its row, the task, the row written): no answer is read
    with django_assert_max_num_queries(12):
        response = client.get(pdf_url(closed_round))

    assert response.status_code == 302
    assert response["Location"] == download_url(closed_round)
    response = client.get(download_url(closed_round))
    html = response.content.decode()
    assert "Het borgingsrapport wordt gemaakt." in html
    assert 'progress id="pdf-progress" max="3" value="1"' in html
    assert "Stap 1 van 3: in de wachtrij" in html
    assert ">Vernieuwen</a>" in html
    assert "http-equiv" not in html  # no automatic refresh (WCAG 2.2.1)
    [task] = queued()  # the two visits queued one render
    assert task.args_kwargs["args"] == [closed_round.pk, "nl"]


def test_the_worker_renders_the_pdf_and_the_download_page_offers_it(
    client, colleague, closed_round, django_assert_max_num_queries
):
    # One WeasyPrint render for the whole test, in the worker's code.
    client.force_login(colleague)
    assert run_tasks() == 1  # closing the round queued it

    response = client.get(download_url(closed_round))
    assert "Het borgingsrapport is klaar" in response.content.decode()
    # session, user, round; the key (with the actions recorded after closing); the stored
    # PDF itself (one query, no answer read); the download in the logboek
    with django_assert_max_num_queries(10):
        response = client.get(pdf_url(closed_round))

    pdf = served_pdf(response, "borgingsrapport-gemeente-testdorp-borgingsscan-2026.pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
    assert len(reader.pages) <= 12
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged
    assert root["/Lang"] == "nl"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()  # PDF/UA-1
    figures = [e for e in _struct_elements(root["/StructTreeRoot"]) if e["/S"] == "/Figure"]
    assert figures and all(figure.get("/Alt") for figure in figures)
    text = " ".join(pdf_text(response.content).split())
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Gemeente Testdorp" in cover and "Borgingsscan 2026" in cover
    assert "Borgingsniveau Gewenst niveau Kloof 3 4 +1" in cover  # the headline figures
    # the largest gaps are ranked, each named by its bouwsteen's number apart from the rank
    assert "Bouwsteen 1 (Ambitie): nu 3, gewenst 4 (kloof 1)" in cover
    assert not re.search(r"\d\. \d+\. [A-Z]", cover)  # no "1. 1. Ambitie"
    assert "Respons per rol" in cover
    assert (
        "gemeten met het model Borgingshuis Participatie: 11 bouwstenen, elk gescoord van 1"
        " (afwezig) tot 5 (geborgd en lerend)."
    ) in cover
    for bouwsteen in Bouwsteen.objects.all():
        assert " ".join(bouwsteen.title.split()) in text, bouwsteen.title
    assert "Basistraining voor projectleiders" in text
    assert "Pagina 2 van" in text
    assert "beheerder kan ze aanpassen" in text
    assert "Toelichting van" not in text  # no appendix: no toelichtingen at all
    assert pdf_current(closed_round, "nl") == response.content


def _struct_elements(node, depth=0):
    """Every element of a tagged PDF's structure tree under `node`."""
    node = node.get_object()
    if depth > 40 or not hasattr(node, "get"):
        return
    if "/S" in node:
        yield node
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        yield from _struct_elements(kid, depth + 1)


def test_the_print_house_is_over_the_full_width_with_no_text_under_8_pt(closed_round):
    html = render_report_html(print_report(closed_round))

    assert html.count("<svg") == 1
    assert "house-svg-wide" in html and "house-svg-narrow" not in html
    width = int(re.search(r'viewBox="0 0 (\d+) ', html)[1])
    sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', html)}
    # printed 174 mm wide (report-print.css): a drawing unit is 174/width mm; 8 pt = 2.82 mm
    assert min(sizes) * 174 / width >= 2.82, sizes


def test_the_appendix_holds_the_toelichtingen_per_bouwsteen_when_the_coordinator_chose_it(
    client, coordinator, closed_round
):
    client.force_login(coordinator)
    response = client.post(download_url(closed_round), {"appendix": "on"})
    assert response.status_code == 302
    round = reload(closed_round)
    assert round.report_appendix

    html = render_report_html(print_report(round))

    appendix = html.split("Bijlage: toelichtingen per bouwsteen", 1)[1]
    assert appendix.count("<h3>") == 11
    assert appendix.index("1. Ambitie") < appendix.index("Toelichting van adviseurs")
    assert html.split("Bijlage:")[0].count("Toelichting van") == 0  # never inline
    assert "De toelichtingen van de respondenten staan in de bijlage" in html
    assert [task.args_kwargs["args"] for task in queued()][-1] == [round.pk, "nl"]

    client.post(download_url(closed_round), {})  # unticked
    assert not reload(closed_round).report_appendix


def test_a_lezer_cannot_choose_the_appendix(client, colleague, closed_round):
    client.force_login(colleague)
    response = client.post(download_url(closed_round), {"appendix": "on"})
    assert response.status_code == 403
    assert not reload(closed_round).report_appendix
    assert "Toelichtingen in de PDF" not in client.get(download_url(closed_round)).content.decode()


def test_the_key_is_read_in_a_constant_number_of_queries_and_follows_every_change(
    organisation, framework, django_assert_num_queries
):
    round = reload(make_scored_round(organisation=organisation, framework=framework))
    # the previous closed round, respondent counts, consensus, actions, the latest
    # tussenstand, who sent since and the coordinators' addresses (an open round)
    with django_assert_num_queries(7):
        key = report_key(round, "nl")

    assert report_key(round, "en") != key
    make_action(round=round, number=2, title="Visie herschrijven")
    assert report_key(round, "nl") != key
    key = report_key(round, "nl")
    round = reload(round_answers_close(round=round))
    assert report_key(round, "nl") != key
    key = report_key(round, "nl")
    consensus_record(round=round, bouwsteen=Bouwsteen.objects.get(number=1), level=3)
    assert report_key(round, "nl") != key
    key = report_key(round, "nl")
    round_report_appendix_set(round=round, appendix=True)
    assert report_key(reload(round), "nl") != key


def test_an_admin_edit_of_a_closed_rounds_texts_keeps_its_key(closed_round, framework):
    key = report_key(closed_round, "nl")
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=1)
    bouwsteen.title = "Een heel nieuwe titel"
    bouwsteen.save()

    assert report_key(reload(closed_round), "nl") == key
    assert "Een heel nieuwe titel" not in render_report_html(print_report(reload(closed_round)))


def test_a_change_queues_one_render_per_language_whatever_the_number_of_changes(
    organisation, framework
):
    round = make_scored_round(organisation=organisation, framework=framework)
    RenderedReport.objects.create(round=round, language="en")  # someone read it in English

    for number in (1, 2, 3):
        make_action(round=round, number=number, title=f"Actie {number}")

    assert sorted(task.args_kwargs["args"][1] for task in queued()) == ["en", "nl"]


def test_a_render_that_finds_the_pdf_current_does_not_render_again(
    organisation, framework, no_render
):
    round = reload(make_scored_round(organisation=organisation, framework=framework))
    tussenstand_released(round)  # what the render does first in an open round
    RenderedReport.objects.create(
        round=round, language="nl", fingerprint=report_key(round, "nl"), pdf=b"%PDF- stored"
    )

    assert pdf_module.pdf_render_stored(round_id=round.pk, language="nl") == "current"
    assert pdf_current(round, "nl") == b"%PDF- stored"
    assert pdf_module.pdf_render_stored(round_id=0, language="nl") == "gone"


def test_a_failed_render_is_said_and_tried_again(client, colleague, closed_round, monkeypatch):
    client.force_login(colleague)

    def broken(html):
        raise RuntimeError("WeasyPrint stopped")

    monkeypatch.setattr(stored_pdf, "render_pdf", broken)
    [task] = queued()
    with pytest.raises(RuntimeError):
        pdf_module.pdf_render_stored(round_id=closed_round.pk, language="nl")
    task.delete()
    assert RenderedReport.objects.get(round=closed_round).stage == "failed"
    RenderedReport.objects.filter(round=closed_round).update(queued_at=None)

    html = client.get(download_url(closed_round)).content.decode()

    assert "is de vorige keer mislukt" in html
    assert len(queued()) == 1  # tried again


def test_a_lost_render_is_queued_again(organisation, framework):
    import datetime

    from django.utils import timezone

    round = reload(make_scored_round(organisation=organisation, framework=framework))
    state = pdf_module.pdf_state(round, "nl")
    assert not state.ready and state.stage == "queued" and len(queued()) == 1
    RenderedReport.objects.filter(round=round).update(
        queued_at=timezone.now() - datetime.timedelta(hours=1)
    )

    pdf_module.pdf_state(round, "nl")

    assert len(queued()) == 2


def test_a_persons_pdf_waits_for_no_render_the_system_queued_only_for_other_peoples(
    client, colleague, organisation, framework
):
    client.force_login(colleague)
    first = make_scored_round(organisation=organisation, framework=framework, name="Eerste")
    make_action(round=first, number=1)  # the system queues a render of the first round
    round = make_scored_round(organisation=organisation, framework=framework)

    html = client.get(download_url(round)).content.decode()
    assert "taak voor" not in html and "taken voor" not in html

    other = make_scored_round(organisation=organisation, framework=framework, name="Derde")
    html = client.get(download_url(other)).content.decode()
    assert "er is 1 taak voor" in html  # the first person's, not the system's


def test_renders_a_worker_has_taken_for_people_go_before_too_unless_the_worker_is_gone(
    client, colleague, organisation, framework
):
    from django_tasks_db.models import DBTaskResult

    client.force_login(colleague)
    for name in ("Eerste", "Tweede", "Derde"):
        round = make_scored_round(organisation=organisation, framework=framework, name=name)
        client.get(download_url(round))
    first, second, _third = DBTaskResult.objects.order_by("enqueued_at")
    first.claim("rendering-or-waiting-for-a-slot")
    second.claim("gone")
    DBTaskResult.objects.filter(pk=second.pk).update(
        started_at=timezone.now() - stored_pdf.RENDER_LOST_AFTER - datetime.timedelta(seconds=1)
    )
    round = make_scored_round(organisation=organisation, framework=framework)

    html = client.get(download_url(round)).content.decode()

    assert "er zijn 2 taken voor" in html


@pytest.mark.parametrize("name", ["round-report-pdf", "round-report-download"])
@pytest.mark.parametrize("user", ["outsider", None])
def test_non_members_get_no_pdf(client, request, closed_round, user, name):
    if user:
        client.force_login(request.getfixturevalue(user))
    response = client.get(reverse(f"assessments:{name}", args=[closed_round.pk]))
    assert response.status_code == (404 if user else 302)
    if not user:
        assert "/account/login/" in response["Location"]


def test_an_outsider_cannot_choose_the_appendix(client, outsider, closed_round):
    client.force_login(outsider)
    assert client.post(download_url(closed_round), {"appendix": "on"}).status_code == 404


def test_export_pdf_renders_once_then_serves_the_stored_file(closed_round, tmp_path):
    out = StringIO()
    call_command("export_pdf", closed_round.pk, str(tmp_path), stdout=out)
    path = tmp_path / "borgingsrapport-gemeente-testdorp-borgingsscan-2026.pdf"
    assert str(path) in out.getvalue() and "opnieuw gemaakt" in out.getvalue()

    again = StringIO()
    call_command("export_pdf", closed_round.pk, str(tmp_path / "x.pdf"), stdout=again)
    assert "uit de opslag" in again.getvalue()
    assert (tmp_path / "x.pdf").read_bytes() == path.read_bytes()
    assert path.read_bytes().startswith(b"%PDF-")


def test_empty_round_pdf_says_there_are_no_answers(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")

    html = render_report_html(print_report(reload(round)))

    assert "nog geen ingevulde vragenlijsten" in " ".join(html.split())


def test_export_pdf_unknown_round(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_pdf", 999, str(tmp_path / "x.pdf"), stdout=StringIO())


def test_a_coordinator_of_another_round_sees_the_choice_only_for_its_own(
    client, organisation, closed_round
):
    coordinator = make_member(organisation, "coordinator-2", Membership.Role.COORDINATOR)
    client.force_login(coordinator)
    html = client.get(download_url(closed_round)).content.decode()
    assert "Neem de toelichtingen op als bijlage" in html


def test_a_reader_waits_for_a_running_render_a_change_queues_the_next(organisation, framework):
    from django.utils import timezone

    round = reload(make_scored_round(organisation=organisation, framework=framework))
    RenderedReport.objects.create(
        round=round, language="nl", started_at=timezone.now(), stage="rendering"
    )

    state = pdf_module.pdf_state(round, "nl")

    assert state.stage == "rendering" and not queued()
    html_steps = stored_pdf.PdfState(False, state.stage)
    assert html_steps.stage_label == "PDF opmaken"
    make_action(round=round, number=4)  # changed while rendering: the next render is queued
    assert len(queued()) == 1


def test_an_action_of_closing_changed_afterwards_queues_no_render_of_the_closed_round(
    closed_round,
):
    action = closed_round.actions.get()
    # as if the worker had taken the render that closing queued: a new one would be queued
    RenderedReport.objects.filter(round=closed_round).update(queued_at=None, stage="")
    waiting = len(queued())

    action.title = "Een nieuwe naam, na het sluiten"
    action.save()
    action.delete()

    assert len(queued()) == waiting  # the report keeps the list frozen at closing


def test_an_action_recorded_after_closing_queues_a_render_of_the_closed_round(closed_round):
    RenderedReport.objects.filter(round=closed_round).update(queued_at=None, stage="")
    waiting = len(queued())

    make_action(round=closed_round, number=1, title="Afgesproken in het overleg")

    assert len(queued()) == waiting + 1  # the report shows it, under "na het sluiten"


def test_an_action_changed_in_an_open_round_queues_its_render(organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    waiting = len(queued())

    make_action(round=round, number=1)

    assert len(queued()) == waiting + 1


@pytest.mark.parametrize(
    ("language", "footer"),
    [
        ("nl", '"Pagina " counter(page) " van " counter(pages)'),
        ("en", '"Page " counter(page) " of " counter(pages)'),
    ],
)
def test_the_page_footer_is_in_the_pdf_language(language, footer):
    with translation.override(language):
        assert footer in stored_pdf.page_numbers_css()


def test_the_pdf_shows_the_actions_of_closing_and_those_recorded_after_apart(closed_round):
    """A team that writes its meeting's agreements down after closing finds them in its
    borgingsrapport, apart from the list as it was at closing."""
    frozen = closed_round.actions.get()
    frozen.status = "done"
    frozen.save()
    key_before = report_key(closed_round, "nl")
    make_action(round=closed_round, number=3, title="Afgesproken in het overleg")

    html = render_report_html(print_report(Round.objects.get(pk=closed_round.pk)))

    assert report_key(closed_round, "nl") != key_before
    at_closing, after = html.split("Vastgelegd na het sluiten")
    assert "Basistraining voor projectleiders" in at_closing
    assert "Afgesproken in het overleg" not in at_closing
    assert "Afgesproken in het overleg" in after
    assert ">Klaar<" not in at_closing.split("Verbeteracties langs de drie lijnen")[1]
    assert "Er zijn (nog) geen verbeteracties vastgelegd" not in html
    assert "in het actieplan van Gemeente Testdorp" in html


def test_a_closed_round_without_actions_at_closing_names_the_later_ones(organisation, framework):
    round = round_close(round=make_scored_round(organisation=organisation, framework=framework))
    make_action(round=round, number=3, title="Afgesproken in het overleg")

    html = render_report_html(print_report(Round.objects.get(pk=round.pk)))

    assert "Bij het sluiten van de ronde waren er nog geen verbeteracties vastgelegd." in html
    assert "Er zijn (nog) geen verbeteracties vastgelegd" not in html
    assert "Afgesproken in het overleg" in html

"""What the comparison says: the group compared and why, levels on the scale's steps, a
reason for every model without a comparison, and the consent page laid out per model."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.benchmark.services import benchmark_release_make
from assessments.rounds.services import round_close
from bouwstenen.models import Bouwsteen, Framework
from tests.factories import make_round, make_submitted_respondent

from .helpers import make_closed_round, make_peer, take_part


@pytest.fixture
def democratic(framework):
    call_command("load_models", stdout=StringIO())
    return Framework.objects.get(slug="democratische-waarden-2024")


def make_democratic_round(organisation, democratic, level=3):
    numbers = list(Bouwsteen.objects.filter(framework=democratic).values_list("number", flat=True))
    round = make_round(
        organisation=organisation, framework=democratic, name="Democratische scan", status="open"
    )
    for index, rol in enumerate(("raad", "college", "ambtenaren")):
        make_submitted_respondent(
            round=round,
            rol=rol,
            levels=dict.fromkeys(numbers, level),
            desired=dict.fromkeys(numbers, 4),
            name=f"Respondent {index}",
        )
    return round_close(round=round)


def report_page(client, round):
    return client.get(reverse("assessments:round-report", args=[round.pk])).content.decode()


def test_all_organisations_is_named_with_why(client, colleague, organisation, framework):
    make_closed_round(organisation, framework, level=4)
    take_part(organisation)
    for n in range(5):  # other types: no group of its own type is large enough
        make_peer(framework, f"peer-{n}", level=1 + n, kind="waterschap")
    benchmark_release_make()
    client.force_login(colleague)
    page = report_page(client, organisation.rounds.get())
    assert "Alle organisaties: te weinig vergelijkbare organisaties voor een eigen groep" in page


def test_levels_are_shown_on_the_scales_steps(client, colleague, organisation, framework):
    round = make_closed_round(organisation, framework, level=4)
    take_part(organisation)
    for n in range(11):
        make_peer(framework, f"peer-{n}", level=1 + n % 5)
    benchmark_release_make()
    client.force_login(colleague)
    page = report_page(client, round)
    table = page[
        page.index("comparison-table") : page.index("</table>", page.index("comparison-table"))
    ]
    cells = re.findall(r'<td class="num">([^<]*)</td>', table)
    # twelve organisations (1,1,1,2,2,3,3,4,4,4,5,5): P25, median and P75 (ranks 3, 6, 9),
    # each a band between two steps
    assert {"1 tot 2", "3 tot 4", "4 tot en met 5"} <= set(cells)
    assert not any(re.fullmatch(r"\d,\d\d?", cell) for cell in cells)  # no 1,2 or 3,75


def test_a_model_shared_after_the_release_says_why_it_has_no_comparison(
    client, colleague, organisation, framework, democratic
):
    make_closed_round(organisation, framework, level=4)
    take_part(organisation)
    for n in range(5):
        make_peer(framework, f"peer-{n}", level=1 + n)
    benchmark_release_make()
    round = make_democratic_round(organisation, democratic)
    client.force_login(colleague)
    page = report_page(client, round)
    assert "Vergelijking met andere organisaties" in page
    assert "jullie deelden er nog geen cijfers van toen de laatste vergelijking" in page


def test_a_model_few_organisations_use_says_why_it_has_no_comparison(
    client, colleague, organisation, framework, democratic
):
    make_closed_round(organisation, framework, level=4)
    round = make_democratic_round(organisation, democratic)
    take_part(organisation)
    for n in range(5):
        make_peer(framework, f"peer-{n}", level=1 + n)
    benchmark_release_make()
    client.force_login(colleague)
    page = report_page(client, round)
    assert "te weinig organisaties deelden er cijfers van" in page
    assert "comparison-table" not in page


def test_the_consent_page_is_laid_out_per_model(
    client, coordinator, organisation, framework, democratic
):
    make_closed_round(organisation, framework, level=4)
    make_democratic_round(organisation, democratic)
    client.force_login(coordinator)
    url = reverse("assessments:organisation-benchmark", args=[organisation.slug])
    page = client.get(url).content.decode()
    sections = re.findall(r'<h3 id="shared-model-\d+"[^>]*>([^<]*)</h3>', page)
    assert len(sections) == 2
    tables = re.findall(r"<table[^>]*>\s*(<\w+)", page)
    assert tables == ["<caption", "<caption"]  # the caption first: read above its table
    assert page.count('class="table table-sm caption-top"') == 2


def test_every_figure_on_the_pdfs_comparison_page_has_a_text_alternative(organisation, framework):
    from assessments.reporting.pdf import print_report, render_report_html

    round = make_closed_round(organisation, framework, level=4)
    take_part(organisation)
    for n in range(5):
        make_peer(framework, f"peer-{n}", level=1 + n)
    benchmark_release_make()
    html = render_report_html(print_report(round))
    page = html[html.index('<section class="comparison-page">') :]
    page = page[: page.index("</section>")]  # the comparison, inside its page
    figures = re.findall(r"<svg[^>]*>", page)
    assert len(figures) == 11  # one per bouwsteen
    for figure in figures:
        assert 'role="img"' in figure and 'aria-label="Bouwsteen ' in figure
        assert "aria-hidden" not in figure
    assert page.count("<title>Bouwsteen ") == 11


def test_each_group_says_why_it_is_the_one_compared_with():
    from assessments.benchmark.comparison import band_text, group_reason

    assert group_reason("gemeente/m", size="m") == "organisaties van dezelfde soort en grootte"
    assert group_reason("gemeente", size="m").startswith("te weinig organisaties van dezelfde")
    assert group_reason("gemeente", size="") == (
        "organisaties van dezelfde soort (jullie gaven geen grootte op)"
    )
    assert group_reason("all", size="m") == (
        "te weinig vergelijkbare organisaties voor een eigen groep"
    )
    assert [band_text(lower) for lower in (1, 4, None)] == ["1 tot 2", "4 tot en met 5", "–"]


def test_the_workbook_says_why_a_model_has_no_comparison(
    client, colleague, organisation, framework, democratic
):
    import io

    from openpyxl import load_workbook

    make_closed_round(organisation, framework, level=4)
    take_part(organisation)
    for n in range(5):
        make_peer(framework, f"peer-{n}", level=1 + n)
    benchmark_release_make()
    round = make_democratic_round(organisation, democratic)
    client.force_login(colleague)
    response = client.get(reverse("assessments:round-report-xlsx", args=[round.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Vergelijking"]
    assert sheet["B2"].value.startswith("Geen vergelijking voor dit model")

"""The comparison's pages: consent on the settings page, the comparison in the report page,
PDF and workbook, and the public page; who may open which."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.audit.models import AuditEntry
from assessments.benchmark.models import BenchmarkProfile, BenchmarkSettings
from assessments.benchmark.services import benchmark_release_make
from assessments.models import Membership, Round
from assessments.reporting.pdf import pdf_render_stored
from tests.conftest import make_member
from tests.factories import make_round

from .helpers import make_closed_round, make_peer, take_part


def consent_url(organisation):
    return reverse("assessments:organisation-benchmark", args=[organisation.slug])


@pytest.fixture
def compared(framework, organisation):
    """Gemeente Testdorp (level 4) takes part with five others (levels 1-5): a release."""
    round = make_closed_round(organisation, framework, level=4)
    take_part(organisation)
    for n in range(5):
        make_peer(framework, f"peer-{n}", level=1 + n)
    benchmark_release_make()
    return round


def test_the_coordinator_sees_what_would_be_shared(client, coordinator, organisation, framework):
    make_closed_round(organisation, framework, level=4)
    client.force_login(coordinator)
    page = client.get(consent_url(organisation)).content.decode()
    assert "Jullie doen niet mee." in page
    assert "Cijfer dat we delen" in page and "Borgingsscan 2026" in page
    assert "Respondent 0" not in page  # never people


def test_opting_in_and_out_are_logboek_entries(client, coordinator, organisation):
    client.force_login(coordinator)
    data = {"kind": "gemeente", "size_class": "m", "opted_in": "on"}
    response = client.post(consent_url(organisation), data)
    assert response.status_code == 302
    assert BenchmarkProfile.objects.get(organisation=organisation).opted_in
    client.post(consent_url(organisation), {"kind": "gemeente", "size_class": "m"})
    assert not BenchmarkProfile.objects.get(organisation=organisation).opted_in
    actions = list(
        AuditEntry.objects.filter(organisation=organisation).values_list("action", flat=True)
    )
    assert actions == [AuditEntry.Action.BENCHMARK_LEAVE, AuditEntry.Action.BENCHMARK_JOIN]


def test_saving_the_same_choice_again_writes_nothing(client, coordinator, organisation):
    client.force_login(coordinator)
    data = {"kind": "gemeente", "size_class": "m", "opted_in": "on"}
    client.post(consent_url(organisation), data)
    client.post(consent_url(organisation), data)
    assert AuditEntry.objects.filter(organisation=organisation).count() == 1


def test_bad_input_changes_nothing_and_says_why(client, coordinator, organisation):
    client.force_login(coordinator)
    response = client.post(consent_url(organisation), {"kind": "bank", "opted_in": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kies een van de soorten in de lijst." in page
    assert "Kies de grootte van de organisatie." in page
    assert not BenchmarkProfile.objects.filter(organisation=organisation).exists()


def test_the_settings_page_links_to_the_comparison(client, coordinator, organisation):
    client.force_login(coordinator)
    page = client.get(reverse("assessments:organisation-settings", args=[organisation.slug]))
    assert consent_url(organisation) in page.content.decode()


@pytest.mark.parametrize("who", ["colleague", "outsider", "anonymous"])
def test_only_the_coordinator_opens_the_consent_page(client, request, organisation, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(consent_url(organisation))
    assert response.status_code in (404, 302)
    if who != "anonymous":
        assert response.status_code == 404


def test_a_begeleider_does_not_open_the_consent_page(client, organisation):
    begeleider = make_member(organisation, "begeleider", Membership.Role.BEGELEIDER)
    client.force_login(begeleider)
    assert client.get(consent_url(organisation)).status_code == 404
    assert client.post(consent_url(organisation), {"opted_in": "on"}).status_code == 404


def test_the_report_shows_where_the_organisation_stands(client, colleague, compared):
    client.force_login(colleague)
    page = client.get(reverse("assessments:round-report", args=[compared.pk])).content.decode()
    assert "Vergelijking met andere organisaties" in page
    assert "Gemeente, middelgroot (6 organisaties)" in page  # all six are: the narrowest
    assert "boven de mediaan" in page  # 4 among 1, 2, 3, 4, 4, 5: lower median 3, "3 tot 4"
    # every row compares with the same group: named once, with why
    assert "Vergeleken met Gemeente, middelgroot: organisaties van dezelfde soort en" in page
    assert 'role="img" aria-label="Bouwsteen 1: mediaan 3 tot 4, deze ronde 4' in page
    assert '<svg class="comparison-chart"' in page


def test_the_report_page_reads_the_comparison_in_one_query(
    client, colleague, compared, django_assert_max_num_queries
):
    client.force_login(colleague)
    url = reverse("assessments:round-report", args=[compared.pk])
    # the report's own reads (session, user, round, answers, consensus, respondents,
    # previous round, actions, nav) and one for the release with the profile
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200


def test_an_organisation_not_taking_part_sees_no_comparison(
    client, colleague, compared, organisation
):
    BenchmarkProfile.objects.filter(organisation=organisation).update(opted_in=False)
    client.force_login(colleague)
    page = client.get(reverse("assessments:round-report", args=[compared.pk])).content.decode()
    assert "Vergelijking met andere organisaties" not in page


def test_the_workbook_has_a_vergelijking_sheet(client, colleague, compared):
    client.force_login(colleague)
    response = client.get(reverse("assessments:round-report-xlsx", args=[compared.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Vergelijking"]
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == [
        "Nummer",
        "Bouwsteen",
        "Vergeleken met",
        "Aantal organisaties",
        "P25",
        "Mediaan",
        "P75",
        "Deze ronde",
    ]
    first = [cell.value for cell in sheet[2]]
    assert first[0] == 1 and first[3] == 6 and first[5] == "3 tot 4" and first[7] == 4
    assert first[4] == first[6] == "–"  # six organisations: the median alone
    assert first[8] == "boven de mediaan"


def test_the_workbook_is_in_english_too(client, colleague, compared):
    client.force_login(colleague)
    response = client.get("/en" + reverse("assessments:round-report-xlsx", args=[compared.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Comparison" in workbook.sheetnames
    assert workbook["Comparison"]["I2"].value == "above the median"


def test_the_pdf_has_the_comparison_on_one_more_page(compared):
    pdf_render_stored(round_id=compared.pk, language="nl")
    with_comparison = compared.rendered_pdfs.get(language="nl")
    reader = PdfReader(io.BytesIO(bytes(with_comparison.pdf)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Vergelijking met andere organisaties" in text
    pages_with = len(reader.pages)
    BenchmarkProfile.objects.filter(organisation=compared.organisation).update(opted_in=False)
    with_comparison.fingerprint = ""
    with_comparison.save()
    pdf_render_stored(round_id=compared.pk, language="nl")
    without = compared.rendered_pdfs.get(language="nl")
    reader = PdfReader(io.BytesIO(bytes(without.pdf)))
    assert "Vergelijking met andere" not in "".join(p.extract_text() for p in reader.pages)
    assert pages_with - len(reader.pages) <= 1


def test_the_public_page_is_off_by_default(client, compared):
    assert client.get(reverse("assessments:benchmark-public")).status_code == 404


def test_the_public_page_shows_only_all_organisations(client, compared):
    BenchmarkSettings.objects.update_or_create(pk=1, defaults={"public_page": True})
    page = client.get(reverse("assessments:benchmark-public")).content.decode()
    assert "Landelijk beeld" in page and "Alle organisaties" in page
    assert "Gemeente Testdorp" not in page and "Organisatie peer-0" not in page
    assert "Gemeente," not in page  # no type groups


def test_the_release_is_not_live(client, colleague, compared, framework):
    """A round closed after the release changes nothing until the next release."""
    client.force_login(colleague)
    url = reverse("assessments:round-report", args=[compared.pk])
    before = client.get(url).content.decode()
    make_peer(framework, "nieuw", level=5)
    assert client.get(url).content.decode().count("6 organisaties") == before.count(
        "6 organisaties"
    )
    assert Round.objects.closed().count() == 7


def test_the_report_compares_in_english(client, colleague, compared):
    client.force_login(colleague)
    url = "/en" + reverse("assessments:round-report", args=[compared.pk])
    page = client.get(url).content.decode()
    assert "Comparison with other organisations" in page
    assert "above the median" in page and "Municipality, medium-sized" in page


def test_the_consent_page_reads_the_same_for_more_rounds(
    client, coordinator, organisation, framework, django_assert_max_num_queries
):
    from bouwstenen.models import Framework

    make_closed_round(organisation, framework, level=4)
    BenchmarkSettings.current()
    client.force_login(coordinator)
    # session, user, coordinated organisations, profile, the rounds shared (ids, bouwstenen,
    # answers, consensus, the rounds with their model), the settings row
    with django_assert_max_num_queries(10) as one:
        assert client.get(consent_url(organisation)).status_code == 200
    other = Framework.objects.exclude(pk=framework.pk).first()
    if other is not None:
        make_round(organisation=organisation, framework=other, status="closed")
    make_closed_round(organisation, framework, level=2, name="Borgingsscan 2027")
    with django_assert_max_num_queries(10) as more:
        assert client.get(consent_url(organisation)).status_code == 200
    assert len(more.captured_queries) == len(one.captured_queries)


def test_the_public_page_reads_a_fixed_number_of_queries(
    client, compared, django_assert_max_num_queries
):
    BenchmarkSettings.objects.update_or_create(pk=1, defaults={"public_page": True})
    # the settings row, the latest release, its models and their bouwstenen
    with django_assert_max_num_queries(4):
        assert client.get(reverse("assessments:benchmark-public")).status_code == 200

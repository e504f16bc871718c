import datetime

import pytest
from django.urls import reverse

from assessments.actions.services import actions_carry_over
from assessments.models import ImprovementAction, Round
from assessments.rounds.services import round_close
from bouwstenen.models import Bouwsteen, Framework, Niveau, Rol
from tests.factories import make_action, make_round


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def action_post(round, **overrides):
    data = {
        "bouwsteen": Bouwsteen.objects.get(framework=round.framework, number=7).pk,
        "title": "Incompany training participatie",
        "description": "Ook voor directie en MT.",
        "line": "actief_leren",
        "owner_rol": Rol.objects.get(framework=round.framework, code="managers").pk,
        "owner_name": "Afdelingshoofd Ruimte",
        "due_date": "2027-03-01",
        "status": "planned",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_an_action_and_sees_it_in_the_plan(client, coordinator, open_round):
    client.force_login(coordinator)

    response = client.post(
        reverse("assessments:action-create", args=[open_round.pk]), action_post(open_round)
    )

    assert response.status_code == 302
    action = ImprovementAction.objects.get(round=open_round)
    assert action.due_date == datetime.date(2027, 3, 1)
    page = client.get(reverse("assessments:action-list", args=[open_round.pk])).content.decode()
    assert "Incompany training participatie" in page
    assert "Actief leren" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Geef de actie een naam."),
        ({"due_date": "31-31-2027"}, "Vul een datum in, zoals 31-12-2027."),
        ({"due_date": "morgen"}, "Vul een datum in, zoals 31-12-2027."),
        ({"line": "iets_anders"}, "Selecteer een geldige keuze."),
    ],
)
def test_bad_action_input_is_refused_next_to_the_field(
    client, coordinator, open_round, overrides, message
):
    client.force_login(coordinator)

    response = client.post(
        reverse("assessments:action-create", args=[open_round.pk]),
        action_post(open_round, **overrides),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImprovementAction.objects.exists()


def test_bouwsteen_of_another_model_is_refused(client, coordinator, open_round):
    other = Framework.objects.create(slug="ander", name="Ander", version="1")
    niveau = Niveau.objects.create(framework=other, code="x", name="X")
    rol = Rol.objects.create(framework=other, code="x", name="X")
    foreign = Bouwsteen.objects.create(
        framework=other,
        number=1,
        title="t",
        short_title="t",
        description="d",
        niveau=niveau,
        rol=rol,
    )
    client.force_login(coordinator)

    response = client.post(
        reverse("assessments:action-create", args=[open_round.pk]),
        action_post(open_round, bouwsteen=foreign.pk),
    )

    assert response.status_code == 200
    assert not ImprovementAction.objects.exists()


def test_viewer_reads_the_plan_but_cannot_edit(client, colleague, open_round):
    make_action(round=open_round, title="Training voor managers")
    client.force_login(colleague)

    page = client.get(reverse("assessments:action-list", args=[open_round.pk]))

    assert "Training voor managers" in page.content.decode()
    assert "Actie toevoegen" not in page.content.decode()
    assert client.get(reverse("assessments:action-create", args=[open_round.pk])).status_code == 404


def test_outsider_gets_404_on_every_action_url(client, outsider, open_round):
    action = make_action(round=open_round)
    client.force_login(outsider)
    pk = open_round.pk

    assert client.get(reverse("assessments:action-list", args=[pk])).status_code == 404
    assert client.get(reverse("assessments:action-create", args=[pk])).status_code == 404
    assert client.get(reverse("assessments:action-edit", args=[pk, action.pk])).status_code == 404
    assert (
        client.post(reverse("assessments:action-delete", args=[pk, action.pk])).status_code == 404
    )
    assert client.post(reverse("assessments:action-carry-over", args=[pk])).status_code == 404
    assert ImprovementAction.objects.filter(pk=action.pk).exists()


def test_action_of_another_round_gives_404(
    client, coordinator, organisation, framework, open_round
):
    other_round = make_round(organisation=organisation, framework=framework, name="Andere")
    action = make_action(round=other_round)
    client.force_login(coordinator)

    url = reverse("assessments:action-edit", args=[open_round.pk, action.pk])

    assert client.get(url).status_code == 404


def test_a_closed_rounds_report_keeps_its_actions_as_at_closing_and_adds_later_ones_apart(
    client, coordinator, open_round
):
    action = make_action(round=open_round, title="Training voor managers")
    round_close(round=open_round)
    client.force_login(coordinator)

    client.post(
        reverse("assessments:action-edit", args=[open_round.pk, action.pk]),
        action_post(open_round, title="Training voor alle managers"),
    )
    client.post(
        reverse("assessments:action-create", args=[open_round.pk]),
        action_post(open_round, title="Leidraad na het sluiten"),
    )

    action.refresh_from_db()
    assert action.title == "Training voor alle managers"
    assert ImprovementAction.objects.filter(round=open_round).count() == 2
    report = client.get(reverse("assessments:round-report", args=[open_round.pk])).content.decode()
    assert "Training voor managers" in report
    assert "Training voor alle managers" not in report
    frozen, after_close = report.split("Vastgelegd na het sluiten")
    assert "Leidraad na het sluiten" not in frozen
    assert "Leidraad na het sluiten" in after_close


def test_carry_over_copies_unfinished_actions_once(organisation, framework):
    last_year = make_round(
        organisation=organisation, framework=framework, name="2025", status="open"
    )
    make_action(round=last_year, title="Leidraad schrijven", status="in_progress", number=5)
    make_action(round=last_year, title="Training", status="done")
    make_action(round=last_year, title="Platform", status="dropped")
    round_close(round=last_year)
    this_year = make_round(organisation=organisation, framework=framework, name="2026")

    carried = actions_carry_over(from_round=last_year, to_round=this_year)
    again = actions_carry_over(from_round=last_year, to_round=this_year)

    assert [a.title for a in carried] == ["Leidraad schrijven"]
    assert again == []
    copy = ImprovementAction.objects.get(round=this_year)
    assert copy.carried_from.round == last_year
    assert copy.bouwsteen.number == 5


def test_carry_over_through_the_page(client, coordinator, organisation, framework):
    last_year = make_round(
        organisation=organisation, framework=framework, name="2025", status="open"
    )
    make_action(round=last_year, title="Leidraad schrijven")
    round_close(round=last_year)
    this_year = make_round(organisation=organisation, framework=framework, name="2026")
    client.force_login(coordinator)

    page = client.get(reverse("assessments:action-list", args=[this_year.pk])).content.decode()
    assert "1 openstaande actie overnemen" in page
    assert "Uit eerdere rondes van dit model: 2025." in page
    client.post(reverse("assessments:action-carry-over", args=[this_year.pk]))

    assert this_year.actions.get().title == "Leidraad schrijven"
    assert Round.objects.get(pk=last_year.pk).actions.count() == 1


def test_action_list_query_count_does_not_grow(
    client, coordinator, open_round, django_assert_max_num_queries
):
    for index in range(25):
        make_action(round=open_round, title=f"Actie {index}", number=1 + index % 11)
    client.force_login(coordinator)
    # session, user, round, actions with bouwsteen/rol/origin, their copies in later rounds,
    # their history, coordinator check, the open actions of the model's history, whether it
    # has a history, the organisations the user coordinates (nav)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("assessments:action-list", args=[open_round.pk]))
    assert response.content.decode().count("Actie 2") >= 1

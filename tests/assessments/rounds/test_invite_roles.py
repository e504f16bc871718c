"""Inviting for a round uses the roles of that round's model: the pasted list reads the
model's role names and their singulars, and the help text and messages name them. The help
text's example address is shown, not read as a tag."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Respondent
from assessments.rounds.invite_lines import parse_invite_line, rol_aliases, singulars
from bouwstenen.models import Framework, Rol
from tests.factories import make_round


@pytest.fixture
def democratic_round(organisation, framework):
    call_command("load_models", stdout=StringIO())
    democratic = Framework.objects.get(slug="democratische-waarden-2024")
    return make_round(organisation=organisation, framework=democratic, status="open")


@pytest.mark.parametrize(
    "plural, singular",
    [("managers", "manager"), ("ambtenaren", "ambtenaar"), ("raadsleden", "raadslid")],
)
def test_a_plural_role_name_has_its_dutch_singular(plural, singular):
    assert singular in singulars(plural)


def test_a_line_names_a_role_of_the_rounds_own_model(democratic_round):
    rollen = rol_aliases(democratic_round.model_texts().rollen)
    ambtenaren = Rol.objects.get(framework=democratic_round.framework, code="ambtenaren")

    invitee = parse_invite_line("piet@gemeente.nl, Piet, ambtenaar", rollen)

    assert invitee.rol_id == ambtenaren.pk
    with pytest.raises(ValidationError) as refused:
        parse_invite_line("jan@gemeente.nl, Jan, manager", rollen)
    assert refused.value.messages == [
        "‘manager’ ken ik niet als rol. Kies raad, college of ambtenaren."
    ]


def test_the_invite_page_of_another_model_names_its_roles_and_shows_the_example(
    client, coordinator, democratic_round
):
    client.force_login(coordinator)
    url = reverse("assessments:round-invite", args=[democratic_round.pk])

    page = client.get(url).content.decode()

    assert "naam en rol (raad, college of ambtenaar)" in page
    assert "Jan de Vries &lt;jan@gemeente.nl&gt;, college" in page
    assert "bestuur, manager" not in page
    response = client.post(
        url, {"form": "list", "people": "an@example.org, An, raad\nbo@example.org, Bo, bestuur"}
    )
    assert "‘bestuur’ ken ik niet als rol. Kies raad, college of ambtenaren." in (
        response.content.decode()
    )
    added = Respondent.objects.get(round=democratic_round)
    assert (added.email, added.invited_rol.code) == ("an@example.org", "raad")


def test_the_invite_help_of_the_borgingshuis_shows_its_example(
    client, coordinator, organisation, framework
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    client.force_login(coordinator)

    page = client.get(reverse("assessments:round-invite", args=[round.pk])).content.decode()

    assert "naam en rol (bestuur, manager of adviseur)" in page
    assert "Jan de Vries &lt;jan@gemeente.nl&gt;, manager" in page

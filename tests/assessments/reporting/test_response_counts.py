"""The exact response (invited, opened, sent, revoked per rol and in total) is the same on the
dashboard, the report page, the consensus page, the PDF and the CSV."""

import re

from django.utils import timezone

from bouwstenen.models import Rol
from tests.disclosure import CSV, PDF, read_url
from tests.factories import make_answers, make_respondent, make_round

ROW = re.compile(r'<th scope="row">([^<]+)</th>((?:<td[^>]*>\d+%?</td>)+)')


def html_counts(html: str, first_name: str) -> dict[str, list[int]]:
    """The response table that starts with the row `first_name`: name -> its numbers."""
    start = html.index(f'<th scope="row">{first_name}</th>')
    table = html[start : html.index("</table>", start)]
    return {
        name: [int(value) for value in re.findall(r">(\d+)%?<", cells)]
        for name, cells in ROW.findall(table)
    }


def test_counts_agree_on_every_output_and_count_who_never_chose_a_role(
    client, coordinator, organisation, framework
):
    # last year's people invited for their role; three answered, two opened their link, one
    # link was withdrawn; nobody but those who answered chose a role
    round = make_round(organisation=organisation, framework=framework, status="open")
    rollen = {rol.code: rol for rol in Rol.objects.filter(framework=framework)}
    for code, invited in (("bestuur", 6), ("managers", 4), ("adviseurs", 9)):
        for index in range(invited):
            person = make_respondent(round=round, invited_rol=rollen[code])
            if index == 0:
                person.rol = rollen[code]
                person.submitted_at = timezone.now()
                person.last_step = "controle"
                make_answers(respondent=person, levels=dict.fromkeys(range(1, 12), 3))
            elif index == 1 and code != "adviseurs":
                person.last_step = "rol"
            elif index == 1:
                person.revoked_at = timezone.now()
            person.save()
    expected = {
        "Bestuur": [6, 2, 1, 0, 17],
        "Managers": [4, 2, 1, 0, 25],
        "Adviseurs": [8, 1, 1, 1, 12],
        "Totaal": [18, 5, 3, 1, 17],
    }
    client.force_login(coordinator)

    dashboard = read_url(client, "assessments:round-detail", round).decode()
    report = read_url(client, "assessments:round-report", round).decode()
    consensus = read_url(client, "assessments:round-consensus", round).decode()
    pdf = PDF.read(client, round)
    csv = CSV.read(client, round)

    assert html_counts(dashboard, "Bestuur") == expected
    assert html_counts(report, "Bestuur") == expected
    assert html_counts(consensus, "Bestuur") == expected
    for name, numbers in expected.items():
        *counts, rate = numbers
        assert re.search(r"\s+".join([name, *map(str, counts), f"{rate}%"]), pdf), name
        assert ";".join([name, *map(str, counts)]) in csv
    assert "3 van 18" in dashboard

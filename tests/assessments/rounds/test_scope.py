"""A round of some bouwstenen: the coordinator's list counts a respondent complete once the
asked ones are answered."""

from django.urls import reverse
from django.utils import timezone

from tests.factories import make_answers, make_respondent, make_round


def test_a_respondent_who_answered_the_asked_bouwstenen_is_complete(
    client, coordinator, organisation, framework
):
    round = make_round(
        organisation=organisation, framework=framework, status="open", asked_bouwstenen=[1, 3]
    )
    invited = {"invited_at": timezone.now()}
    started = make_respondent(round=round, rol="bestuur", email="bezig@example.org", **invited)
    make_answers(respondent=started, levels={1: 3})
    complete = make_respondent(round=round, rol="bestuur", email="klaar@example.org", **invited)
    make_answers(respondent=complete, levels={1: 3, 3: 0})
    client.force_login(coordinator)

    page = client.get(reverse("assessments:round-detail", args=[round.pk])).content.decode()

    def state(email):
        row = page[page.index(email) :]
        return row[: row.index("</li>")]

    assert "Bezig, nog niet verstuurd" in state("bezig@example.org")
    assert "Alles ingevuld, nog niet verstuurd" in state("klaar@example.org")

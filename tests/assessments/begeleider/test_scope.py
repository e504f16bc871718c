"""The begeleider's overview gives the organisation's borgingsniveau from its latest scan of
the whole organisation, never from a later scan of one of its parts."""

import pytest
from django.urls import reverse

from assessments.begeleider.selectors import begeleider_overview
from assessments.models import Membership
from assessments.rounds.services import round_close
from tests.conftest import make_member
from tests.factories import make_onderdeel, make_scored_round

from ..benchmark.helpers import make_closed_round


@pytest.fixture
def begeleider(organisation):
    return make_member(organisation, "begeleider", Membership.Role.BEGELEIDER)


def test_a_later_part_scan_does_not_become_the_organisations_level(
    client, begeleider, organisation, framework
):
    whole = make_closed_round(organisation, framework, level=3, name="Scan 2025")
    part = make_onderdeel(organisation=organisation)
    round_close(
        round=make_scored_round(
            organisation=organisation, framework=framework, name="Woonvisie", onderdeel=part
        )
    )
    client.force_login(begeleider)

    [row] = begeleider_overview([organisation], today=whole.closed_at.date())
    page = client.get(reverse("assessments:begeleider-overview")).content.decode()

    assert row.last_closed == whole
    assert "borgingsniveau 3, ambitie 4, kloof +1" in page

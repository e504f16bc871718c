"""Autosave's lean endpoint: only changed answers, each with the version it was based on."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Answer, Respondent
from assessments.questionnaire import views
from assessments.rounds.services import round_answers_close, round_close
from bouwstenen.models import Bouwsteen
from tests.factories import make_answers, make_respondent, make_round


@pytest.fixture
def respondent(organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="open")
    return make_respondent(round=round, rol="managers")


def pk(number):
    return Bouwsteen.objects.get(number=number).pk


def autosave(client, respondent, answers, niveau="gesprek", **mark):
    body = {"niveau": niveau, "answers": answers, **mark}
    link = reverse("assessments:questionnaire-autosave", args=[respondent.token])
    return client.post(link, json.dumps(body), content_type="application/json")


def change(number, version, current=None, desired=None, toelichting="", after=False):
    return {
        "bouwsteen": pk(number),
        "version": version,
        "current": current,
        "desired": desired,
        "toelichting": toelichting,
        "after": after,
    }


def stored(respondent):
    return {
        a.bouwsteen.number: (a.current_level, a.desired_level, a.toelichting, a.version)
        for a in Answer.objects.filter(respondent=respondent).select_related("bouwsteen")
    }


def test_autosave_stores_only_the_answers_sent_and_returns_their_versions(client, respondent):
    make_answers(respondent=respondent, levels={11: 2}, toelichting="blijft")

    response = autosave(client, respondent, [change(10, 0, 4, 5, "nieuw\r\n")])

    assert response.status_code == 200
    assert response.json() == {"ok": True, "saved": {str(pk(10)): 1}, "conflicts": []}
    assert stored(respondent) == {10: (4, 5, "nieuw", 1), 11: (2, None, "blijft", 1)}
    respondent.refresh_from_db()
    assert respondent.last_step == "niveau:gesprek"


def test_a_save_based_on_an_older_version_is_refused_with_the_newer_answer(client, respondent):
    autosave(client, respondent, [change(10, 0, 4)])  # tab B: version 1
    autosave(client, respondent, [change(10, 1, 5, toelichting="B")])  # version 2

    old_tab = autosave(client, respondent, [change(10, 1, 1), change(11, 0, 3)])

    assert old_tab.status_code == 409
    body = old_tab.json()
    assert body["saved"] == {str(pk(11)): 1}
    assert body["conflicts"] == [
        {"bouwsteen": pk(10), "version": 2, "current": 5, "desired": None, "toelichting": "B"}
    ]
    assert "intussen in een ander venster gewijzigd" in body["message"]
    assert stored(respondent) == {10: (5, None, "B", 2), 11: (3, None, "", 1)}


def test_a_late_save_never_overwrites_a_newer_one_even_after_another_tab_saved(client, respondent):
    # Page A sent seq 2 and, closing, seq 3 (both based on version 0); seq 3 arrived first.
    page_a = {"page": "a1b2c3d4e5f6"}
    autosave(client, respondent, [change(10, 0, 4, after=True)], **page_a, seq=3, after=2)
    autosave(client, respondent, [change(11, 0, 2)], page="ffff0000ffff", seq=1)  # tab B

    late = autosave(client, respondent, [change(10, 0, 2)], **page_a, seq=2)

    assert late.status_code == 409
    assert stored(respondent)[10] == (4, None, "", 1)


def test_the_closing_save_follows_its_own_save_in_flight(client, respondent):
    page_a = {"page": "a1b2c3d4e5f6"}
    assert autosave(client, respondent, [change(10, 0, 3)], **page_a, seq=1).status_code == 200
    # Sent while seq 1 was on its way, so based on version 0 too: it may follow seq 1.
    closing = autosave(client, respondent, [change(10, 0, 4, after=True)], **page_a, seq=2, after=1)
    overtaken = autosave(client, respondent, [change(10, 0, 1)], **page_a, seq=1)

    assert closing.status_code == 200 and overtaken.status_code == 200
    assert stored(respondent)[10] == (4, None, "", 2)


def test_following_is_refused_once_another_tab_saved_in_between(client, respondent):
    autosave(client, respondent, [change(10, 0, 3)], page="a1b2c3d4e5f6", seq=1)
    autosave(client, respondent, [change(10, 1, 5)], page="ffff0000ffff", seq=1)

    closing = autosave(
        client, respondent, [change(10, 0, 4, after=True)], page="a1b2c3d4e5f6", seq=2, after=1
    )

    assert closing.status_code == 409
    assert stored(respondent)[10] == (5, None, "", 2)


def test_autosave_takes_a_fixed_number_of_queries(
    client, respondent, django_assert_max_num_queries
):
    answers = [change(number, 0, 3) for number in (1, 2, 4, 5, 7, 9)]
    # savepoint, the respondent by token (locked), their round's state read after the lock
    # (rounds/locking.py), the conditional upsert, the respondent's mark and step, release;
    # on PostgreSQL the first save of a link in a process also asks the database function
    # which round the link is of (questionnaire/autosave_call.py)
    with django_assert_max_num_queries(7):
        response = autosave(client, respondent, answers, niveau="organisatie")
    assert response.status_code == 200
    stale = [change(number, 0, 2) for number in (1, 2, 4, 5, 7, 9)]
    # the same, and one query for the stored answers it refused
    with django_assert_max_num_queries(7):
        assert autosave(client, respondent, stale, niveau="organisatie").status_code == 409


def test_the_link_not_a_cookie_authorises_a_save_so_no_csrf_token_is_asked(respondent):
    browser = Client(enforce_csrf_checks=True)

    saved = autosave(browser, respondent, [change(10, 0, 2)])
    niveau = reverse("assessments:questionnaire-niveau", args=[respondent.token, "gesprek"])
    page = browser.post(niveau, {"next": "1"})

    assert saved.status_code == 200
    assert stored(respondent)[10][0] == 2
    assert page.status_code == 403  # the pages' forms keep Django's CSRF check


@pytest.mark.parametrize("saves_before", [0, 1])
@pytest.mark.parametrize("toelichting", ["half \ud800 a pair", "\udfff", "nul \x00"])
def test_a_toelichting_no_database_can_store_is_a_400_and_saves_nothing(
    client, respondent, saves_before, toelichting
):
    for version in range(saves_before):  # the second save of a link goes the short way
        assert autosave(client, respondent, [change(10, version, 2)]).status_code == 200

    response = autosave(client, respondent, [change(10, saves_before, 4, toelichting=toelichting)])

    assert response.status_code == 400
    assert [answer[0] for answer in stored(respondent).values()] == [2] * saves_before


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"niveau": "gesprek", "answers": [{"bouwsteen": "x"}]}',
        b'{"niveau": "kelder", "answers": []}',
    ],
)
def test_a_malformed_autosave_is_refused_and_saves_nothing(client, respondent, body):
    link = reverse("assessments:questionnaire-autosave", args=[respondent.token])
    response = client.post(link, body, content_type="application/json")

    assert response.status_code == 400
    assert "Niet bewaard" in response.json()["message"]
    assert not Answer.objects.exists()


def test_autosave_refuses_a_level_off_the_scale_and_another_models_bouwsteen(client, respondent):
    assert autosave(client, respondent, [change(10, 0, 6)]).status_code == 400
    foreign = change(10, 0, 3) | {"bouwsteen": 999999}
    assert autosave(client, respondent, [foreign]).status_code == 400
    assert (
        autosave(client, respondent, [change(10, 0, 3, toelichting="x" * 2001)]).status_code == 400
    )
    assert not Answer.objects.exists()


def test_autosave_after_sending_is_a_409_from_any_tab_and_writes_nothing(client, respondent):
    make_answers(respondent=respondent, levels=dict.fromkeys(range(1, 12), 3))
    Respondent.objects.filter(pk=respondent.pk).update(submitted_at=timezone.now())
    before = stored(respondent)

    response = autosave(client, respondent, [change(10, 1, 5)])

    assert response.status_code == 409
    assert response.json()["message"].startswith("Je hebt je antwoorden al verstuurd")
    assert stored(respondent) == before


def test_autosave_once_answering_is_closed_is_a_409(client, respondent):
    round_answers_close(round=respondent.round)

    response = autosave(client, respondent, [change(10, 0, 3)])

    assert response.status_code == 409
    assert response.json()["message"].startswith("Invullen is gesloten")
    assert not Answer.objects.exists()


def test_autosave_on_a_closed_round_is_a_409_and_writes_nothing(client, respondent):
    round_close(round=respondent.round)

    response = autosave(client, respondent, [change(10, 0, 3)])

    assert response.status_code == 409
    assert response.json()["message"].startswith("Deze ronde is gesloten")
    assert not Answer.objects.exists()


@pytest.mark.parametrize("token", ["%00abc", "abc%00", "x" * 65])
def test_a_token_with_a_nul_byte_or_too_long_is_a_404(client, token):
    assert client.get(f"/vragenlijst/{token}/").status_code == 404
    assert client.post(f"/vragenlijst/{token}/autosave/", "{}", "application/json").status_code in (
        400,
        404,
    )
    assert client.get(f"/vragenlijst/{token}/niveau/gesprek/").status_code == 404


@pytest.fixture
def closed_after_reading(monkeypatch):
    """The round closes just after the page read it as open: the write comes too late."""
    real = views.get_respondent_by_token

    def read_then_close(token):
        respondent = real(token)
        round_close(round=respondent.round)
        return respondent

    monkeypatch.setattr(views, "get_respondent_by_token", read_then_close)


@pytest.mark.parametrize("step", ["rol", "niveau", "summary"])
def test_closing_the_round_during_a_save_or_send_gives_a_clear_409(
    client, respondent, closed_after_reading, step
):
    make_answers(respondent=respondent, levels=dict.fromkeys(range(1, 12), 3))
    token = respondent.token
    link, data = {
        "rol": (
            reverse("assessments:questionnaire-rol", args=[token]),
            {"rol": respondent.rol_id, "function": "x"},
        ),
        "niveau": (
            reverse("assessments:questionnaire-niveau", args=[token, "gesprek"]),
            {f"b{pk(10)}_current": "5", f"b{pk(10)}_version": "1", "next": "1"},
        ),
        "summary": (reverse("assessments:questionnaire-summary", args=[token]), {}),
    }[step]

    response = client.post(link, data)

    assert response.status_code == 409
    assert "Deze ronde is gesloten" in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.submitted_at is None and respondent.function == ""
    assert {a.current_level for a in Answer.objects.all()} == {3}


# Modest example counts keep the suite fast; the database call dominates each example.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def snapshot():
    return (
        sorted(
            Answer.objects.values_list(
                "bouwsteen_id", "current_level", "desired_level", "toelichting", "version"
            )
        ),
        list(Respondent.objects.values_list("last_step", "submitted_at", "rol_id", "function")),
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=12,
)
answer_dicts = st.fixed_dictionaries(
    {},
    optional={
        "bouwsteen": st.integers(-2, 40) | json_values,
        "version": st.integers(-2, 3) | json_values,
        "current": st.integers(-1, 7) | st.none() | json_values,
        "desired": st.integers(-1, 7) | st.none() | json_values,
        "toelichting": st.text(max_size=30) | json_values,
        "after": json_values,
    },
)


@FUZZ
@given(
    body=st.fixed_dictionaries(
        {"answers": st.lists(answer_dicts, max_size=3) | json_values},
        optional={
            "niveau": st.sampled_from(["gesprek", "organisatie", "kelder"]) | json_values,
            "page": st.text(max_size=45) | json_values,
            "seq": st.integers(-1, 10**10) | json_values,
            "after": st.integers(-1, 5) | json_values,
        },
    )
)
def test_any_autosave_body_gives_no_server_error_and_a_refusal_changes_nothing(
    client, respondent, body
):
    before = snapshot()
    link = reverse("assessments:questionnaire-autosave", args=[respondent.token])

    response = client.post(link, json.dumps(body), content_type="application/json")

    assert response.status_code in (200, 400, 409)
    if response.status_code == 400:
        assert snapshot() == before


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(["current", "desired", "toelichting", "version"]),
        st.text(max_size=12) | st.integers(-3, 8).map(str),
        max_size=4,
    ),
    button=st.sampled_from(["next", "previous", "summary", "other"]),
)
def test_any_page_post_gives_no_server_error_and_a_refusal_changes_nothing(
    client, respondent, data, button
):
    before = snapshot()
    link = reverse("assessments:questionnaire-niveau", args=[respondent.token, "gesprek"])
    post = {f"b{pk(10)}_{name}": value for name, value in data.items()}

    response = client.post(link, {**post, button: "1"})

    assert response.status_code in (200, 302, 409)
    if response.status_code == 200:  # the form refused it
        assert snapshot() == before

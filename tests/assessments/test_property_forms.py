"""Arbitrary input to every form and endpoint of invitations, actions, consensus, colleagues
and round settings: text with NUL bytes, huge strings, digits that are not ASCII ("²"),
negative and huge numbers, missing fields, several values for one field. Whatever is posted,
the answer is never a server error, and input that is not accepted (no success message)
changes nothing in the database."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import SUCCESS, get_messages
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from assessments.actions.forms import ImprovementActionForm
from assessments.models import Consensus, ImprovementAction, Membership, Respondent, Round
from assessments.rounds.services import round_close
from bouwstenen.models import Bouwsteen, Framework, Rol
from tests.conftest import make_member
from tests.factories import make_action, make_respondent, make_round

User = get_user_model()

property_settings = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

NASTY = [
    "",
    " ",
    "²",
    "١٢",
    "-1",
    "0",
    "1e3",
    "9" * 30,
    "\x00",
    "1\x00",
    "a@b.nl\x00",
    "x" * 100_000,
    "2026-02-30",
    "0001-01-01",
    "99999-12-31",
    "ſ@example.org",
    "<script>alert(1)</script>",
]
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(max_size=10).map(lambda s: f"{s}\x00{s}"),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def posts(fields, valid=(), base=None):
    """POST data with any subset of `fields`, each an arbitrary text, a value from `valid`, or
    several values at once; with a valid `base`, also that base with some fields spoilt, so
    that accepted posts are tried too."""
    one = st.one_of(text, st.sampled_from(list(valid) or [""]))
    value = st.one_of(one, one, st.lists(one, min_size=2, max_size=3))
    arbitrary = st.fixed_dictionaries({}, optional=dict.fromkeys(fields, value))
    if base is None:
        return arbitrary
    return st.one_of(arbitrary, st.just(base), arbitrary.map(lambda spoilt: {**base, **spoilt}))


def rows(model):
    names = [field.attname for field in model._meta.concrete_fields if field.name != "last_login"]
    return list(model.objects.order_by("pk").values_list(*names))


def fingerprint():
    """Every column of what any of these pages could change; cheap for a handful of rows."""
    return [
        rows(model) for model in (Round, Respondent, ImprovementAction, Consensus, Membership, User)
    ]


def forget_messages(client):
    """Drop messages an earlier example left unread, so only this post's messages count."""
    client.cookies.pop("messages", None)
    session = client.session
    if session.pop("_messages", None) is not None:
        session.save()


def post_and_check(client, url, data):
    """Post; never a server error, and a change only with a success message (or the
    questionnaire opened). Shows how examples ended with --hypothesis-show-statistics."""
    forget_messages(client)
    before = fingerprint()
    response = client.post(url, data)
    assert response.status_code < 500
    accepted = any(m.level == SUCCESS for m in get_messages(response.wsgi_request))
    # "Zelf invullen" says nothing: it takes the coordinator to their own questionnaire.
    accepted |= response.status_code == 302 and response.url.startswith("/vragenlijst/")
    assert accepted or fingerprint() == before, (response.status_code, data)
    event(f"{response.status_code} {'accepted' if accepted else 'refused'}")
    return response


@pytest.fixture
def open_round(organisation, framework, coordinator, client):
    client.force_login(coordinator)
    return make_round(organisation=organisation, framework=framework, status="open")


def rol_ids(round):
    return [
        str(pk) for pk in Rol.objects.filter(framework=round.framework).values_list("pk", flat=True)
    ]


@property_settings
@given(data=st.data())
def test_invite_one_or_a_list_or_last_rounds_people(client, open_round, data):
    which = data.draw(st.sampled_from(["one", "list", "previous", "²", "\x00"]))
    posted = data.draw(
        posts(
            ["email", "name", "rol", "people"],
            ["nieuw@example.org", "a@b.nl, Jan, bestuur", *rol_ids(open_round)],
            base={"email": "nieuw@example.org", "name": "Nieuw", "rol": "", "people": "a@b.nl"},
        )
    )
    post_and_check(
        client, reverse("assessments:round-invite", args=[open_round.pk]), {"form": which, **posted}
    )


@property_settings
@given(
    name=st.sampled_from(
        [
            "round-remind",
            "round-fill-in-myself",
            "respondent-resend",
            "respondent-revoke",
            "respondent-reinstate",
        ]
    ),
    respondent=st.one_of(st.just(None), st.integers(min_value=0, max_value=2**70)),
    posted=posts(["form", "email", "revoked_at", "round"]),
)
def test_remind_resend_revoke_reinstate_and_fill_in_myself(
    client, open_round, name, respondent, posted
):
    own = (
        make_respondent(round=open_round)
        if not Respondent.objects.exists()
        else Respondent.objects.first()
    )
    args = [open_round.pk]
    if name.startswith("respondent-"):
        args.append(own.pk if respondent is None else respondent)
    post_and_check(client, reverse(f"assessments:{name}", args=args), posted)


ACTION_FIELDS = ImprovementActionForm.Meta.fields


@property_settings
@given(data=st.data())
def test_create_edit_and_delete_actions(client, open_round, data):
    action = ImprovementAction.objects.first() or make_action(round=open_round)
    bouwstenen = [
        str(pk)
        for pk in Bouwsteen.objects.filter(framework=open_round.framework).values_list(
            "pk", flat=True
        )[:3]
    ]
    action_base = {
        "bouwsteen": bouwstenen[0],
        "title": "Een titel",
        "line": "actief_leren",
        "owner_rol": rol_ids(open_round)[0],
        "status": "planned",
    }
    valid = [
        *bouwstenen,
        *rol_ids(open_round),
        "actief_leren",
        "planned",
        "2027-01-31",
        "Een titel",
    ]
    name, args = data.draw(
        st.sampled_from(
            [
                ("action-create", [open_round.pk]),
                ("action-edit", [open_round.pk, action.pk]),
                ("action-delete", [open_round.pk, action.pk]),
                ("action-edit", [open_round.pk, 2**70]),
            ]
        )
    )
    post_and_check(
        client,
        reverse(f"assessments:{name}", args=args),
        data.draw(posts(ACTION_FIELDS, valid, base=action_base)),
    )


EARLIER = "the closed round's id"


@property_settings
@given(from_round=st.one_of(text, st.lists(text, min_size=2, max_size=3), st.just(EARLIER)))
@example(from_round="²")  # isdigit() but not int(): was a 500
@example(from_round="1\x00")  # PostgreSQL refuses a NUL byte in a query parameter
def test_carry_over(client, open_round, organisation, framework, from_round):
    earlier = Round.objects.closed().first()
    if earlier is None:
        earlier = make_round(
            organisation=organisation, framework=framework, name="2025", status="open"
        )
        make_action(round=earlier)
        earlier = round_close(round=earlier)
    if from_round == EARLIER:
        from_round = str(earlier.pk)
    post_and_check(
        client,
        reverse("assessments:action-carry-over", args=[open_round.pk]),
        {"from_round": from_round},
    )


@property_settings
@given(data=st.data())
def test_consensus(client, open_round, data):
    fields = [f"b{n}-{part}" for n in (1, 2, 11, 12) for part in ("level", "toelichting")]
    fields += ["min_group_size", "confirm_small"]
    posted = data.draw(posts(fields, ["1", "3", "5", "on", "Afgesproken"], base={"b1-level": "3"}))
    post_and_check(client, reverse("assessments:round-consensus", args=[open_round.pk]), posted)


@property_settings
@given(data=st.data())
def test_colleagues_add_change_remove_and_resend(client, open_round, organisation, data):
    # Removed or promoted by an earlier example: a viewer again, with the same account.
    user = User.objects.filter(username="collega").first() or make_member(
        organisation, "collega", Membership.Role.VIEWER
    )
    colleague, _created = Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": Membership.Role.VIEWER}
    )
    name, args = data.draw(
        st.sampled_from(
            [
                ("organisation-members", [organisation.slug]),
                ("organisation-member", [organisation.slug, colleague.pk]),
                ("organisation-member-remove", [organisation.slug, colleague.pk]),
                ("organisation-member-resend", [organisation.slug, colleague.pk]),
                ("organisation-member", [organisation.slug, 2**70]),
            ]
        )
    )
    posted = data.draw(
        posts(
            ["email", "name", "role"],
            ["coordinator", "viewer", "nieuw@example.org"],
            base={"email": "nieuw@example.org", "name": "Nieuw", "role": "viewer"},
        )
    )
    post_and_check(client, reverse(f"assessments:{name}", args=args), posted)


@property_settings
@given(data=st.data())
def test_round_create_edit_delete_open_close_and_erase(
    client, open_round, organisation, framework, data
):
    concept = Round.objects.filter(status=Round.Status.CONCEPT).first() or make_round(
        organisation=organisation, framework=framework, name="Concept"
    )
    target = data.draw(st.sampled_from([open_round, concept]))
    name = data.draw(
        st.sampled_from(
            [
                "round-create",
                "round-edit",
                "round-delete",
                "round-open",
                "round-close",
                "round-erase-personal-data",
            ]
        )
    )
    args = [] if name == "round-create" else [target.pk]
    valid = [
        str(organisation.pk),
        str(framework.pk),
        str(Framework.objects.count() + 1),
        "Ronde 2027",
        "2027-06-30",
        "on",
    ]
    posted = data.draw(
        posts(
            ["organisation", "name", "framework", "deadline", "confirm"],
            valid,
            base={
                "organisation": str(organisation.pk),
                "framework": str(framework.pk),
                "name": "Ronde 2027",
                "deadline": "2027-06-30",
                "confirm": "on",
            },
        )
    )
    post_and_check(client, reverse(f"assessments:{name}", args=args), posted)

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Respondent
from assessments.rounds.invitations import Invitee, respondent_revoke, respondents_invite
from assessments.rounds.invite_lines import parse_invite_line
from assessments.rounds.services import round_close
from bouwstenen.models import Framework, Rol
from tests.factories import make_answers, make_respondent, make_round

ROLLEN = {"bestuur": 1, "managers": 2, "adviseurs": 3}


@pytest.mark.parametrize(
    "line, email, name, rol_id",
    [
        ("jan@gemeente.nl", "jan@gemeente.nl", "", None),
        ("jan@gemeente.nl, Jan de Vries", "jan@gemeente.nl", "Jan de Vries", None),
        ("Jan de Vries; jan@gemeente.nl; Managers", "jan@gemeente.nl", "Jan de Vries", 2),
        ("jan@gemeente.nl\tbestuur", "jan@gemeente.nl", "", 1),
        ("  <jan@gemeente.nl>  ", "jan@gemeente.nl", "", None),
    ],
)
def test_parse_line(line, email, name, rol_id):
    invitee = parse_invite_line(line, ROLLEN)
    assert (invitee.email, invitee.name, invitee.rol_id) == (email, name, rol_id)


@pytest.mark.parametrize(
    "line, message",
    [
        ("Jan de Vries", "er staat geen e-mailadres in."),
        ("jan@@gemeente", "is geen geldig e-mailadres"),
        ("a@b.nl, c@d.nl", "één e-mailadres per regel"),
        ("jan@gemeente.nl, Jan, wethouder", "‘wethouder’ ken ik niet als rol"),
    ],
)
def test_parse_line_refuses(line, message):
    with pytest.raises(ValidationError) as error:
        parse_invite_line(line, ROLLEN)
    assert message in error.value.messages[0]


@pytest.fixture
def open_round(organisation, framework):
    return make_round(organisation=organisation, framework=framework, status="open")


def test_paste_adds_valid_lines_and_reports_the_others(client, coordinator, open_round, mailoutbox):
    make_respondent(round=open_round, email="al@example.org")
    client.force_login(coordinator)
    people = "\n".join(
        [
            "an@example.org, An Bakker, bestuur",  # 1
            "geen-adres",  # 2
            "",  # 3
            "Bo@example.org; managers",  # 4
            "AL@example.org",  # 5 already in the round
            "bo@example.org",  # 6 twice in the list
            "cor@example.org, Cor, adviseurs",  # 7
        ]
    )
    response = client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {"form": "list", "people": people},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Regel 2: er staat geen e-mailadres in." in page
    assert "Regel 5: AL@example.org is al uitgenodigd voor deze ronde." in page
    assert "Regel 6: bo@example.org staat ook al op regel 4." in page
    assert "3 mensen toegevoegd en uitgenodigd per e-mail." in page
    added = Respondent.objects.filter(round=open_round).exclude(email="al@example.org")
    assert {(r.email, r.name, r.invited_rol.code) for r in added} == {
        ("an@example.org", "An Bakker", "bestuur"),
        ("Bo@example.org", "", "managers"),
        ("cor@example.org", "Cor", "adviseurs"),
    }
    assert sorted(m.to[0] for m in mailoutbox) == [
        "Bo@example.org",
        "an@example.org",
        "cor@example.org",
    ]
    # The refused lines are offered again to fix.
    assert "geen-adres\nAL@example.org\nbo@example.org</textarea>" in page


def test_refused_lines_are_numbered_and_offered_as_pasted_after_blank_lines(
    client, coordinator, open_round, mailoutbox
):
    client.force_login(coordinator)
    people = "\n\nan@example.org\ngeen-adres\n"  # copied with empty rows above the list

    response = client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {"form": "list", "people": people},
    )

    page = response.content.decode()
    assert "Regel 4: er staat geen e-mailadres in." in page
    assert ">\ngeen-adres</textarea>" in page  # not the line that was added
    assert list(Respondent.objects.values_list("email", flat=True)) == ["an@example.org"]


def test_invitation_mail_has_a_personal_link(client, coordinator, open_round, mailoutbox):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {"form": "one", "email": "dirk@example.org", "name": "Dirk", "rol": ""},
        follow=True,
    )
    assert "1 persoon toegevoegd en uitgenodigd per e-mail." in response.content.decode()
    respondent = Respondent.objects.get(email="dirk@example.org")
    [mail] = mailoutbox
    link = "http://testserver" + reverse("assessments:questionnaire", args=[respondent.token])
    assert link in mail.body
    assert mail.body.startswith("Beste Dirk,")
    assert "Borgingsscan 2026" in mail.subject
    assert len(respondent.token) >= 40
    assert respondent.invited_at is not None


def test_add_one_refuses_duplicate_and_malformed(client, coordinator, open_round, mailoutbox):
    make_respondent(round=open_round, email="al@example.org")
    client.force_login(coordinator)
    url = reverse("assessments:round-invite", args=[open_round.pk])

    duplicate = client.post(url, {"form": "one", "email": "al@example.org"})
    malformed = client.post(url, {"form": "one", "email": "niet goed"})

    assert "Dit e-mailadres is al uitgenodigd voor deze ronde." in duplicate.content.decode()
    assert "Vul een geldig e-mailadres in" in malformed.content.decode()
    assert Respondent.objects.count() == 1
    assert mailoutbox == []


def test_concept_round_sends_nothing_yet(client, coordinator, organisation, framework, mailoutbox):
    round = make_round(organisation=organisation, framework=framework)
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:round-invite", args=[round.pk]),
        {"form": "list", "people": "x@example.org"},
        follow=True,
    )
    assert "1 persoon toegevoegd. Die krijgt de uitnodiging als je de ronde opent." in (
        response.content.decode()
    )
    assert Respondent.objects.get().invited_at is None
    assert mailoutbox == []


def test_closed_round_takes_no_invitations(client, coordinator, organisation, framework):
    round = make_round(organisation=organisation, framework=framework, status="closed")
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:round-invite", args=[round.pk]),
        {"form": "list", "people": "x@example.org"},
    )
    assert response.status_code == 409
    assert not Respondent.objects.exists()


def test_resend_and_revoke(client, coordinator, open_round, mailoutbox):
    respondent = make_respondent(round=open_round, email="r@example.org")
    client.force_login(coordinator)

    client.post(reverse("assessments:respondent-resend", args=[open_round.pk, respondent.pk]))
    assert [m.to for m in mailoutbox] == [["r@example.org"]]
    respondent.refresh_from_db()
    assert respondent.last_sent_at is not None

    client.post(reverse("assessments:respondent-revoke", args=[open_round.pk, respondent.pk]))
    respondent.refresh_from_db()
    assert respondent.is_revoked
    link = reverse("assessments:questionnaire", args=[respondent.token])
    assert client.get(link).status_code == 404

    response = client.post(
        reverse("assessments:respondent-resend", args=[open_round.pk, respondent.pk]),
        follow=True,
    )
    assert "Alleen in een open ronde" in response.content.decode()
    assert len(mailoutbox) == 1


def test_a_revoked_link_can_be_reinstated_while_the_round_is_not_closed(
    client, coordinator, open_round
):
    respondent = make_respondent(round=open_round, email="r@example.org")
    make_answers(respondent=respondent, levels={1: 3})
    client.force_login(coordinator)
    detail = reverse("assessments:round-detail", args=[open_round.pk])
    reinstate = reverse("assessments:respondent-reinstate", args=[open_round.pk, respondent.pk])
    client.post(reverse("assessments:respondent-revoke", args=[open_round.pk, respondent.pk]))
    assert f'action="{reinstate}"' in client.get(detail).content.decode()

    response = client.post(reinstate, follow=True)

    assert "De link van r@example.org werkt weer." in response.content.decode()
    respondent.refresh_from_db()
    assert not respondent.is_revoked
    assert (
        client.get(reverse("assessments:questionnaire", args=[respondent.token])).status_code == 302
    )
    assert respondent.answers.count() == 1
    assert f'action="{reinstate}"' not in client.get(detail).content.decode()


@pytest.mark.parametrize(
    "name, revoked", [("respondent-revoke", False), ("respondent-reinstate", True)]
)
def test_revoke_and_reinstate_on_closed_round_are_refused(
    client, coordinator, organisation, framework, name, revoked
):
    round = make_round(organisation=organisation, framework=framework, status="open")
    respondent = make_respondent(round=round)
    if revoked:
        respondent_revoke(respondent=respondent)
    round_close(round=round)
    client.force_login(coordinator)

    response = client.post(
        reverse(f"assessments:{name}", args=[round.pk, respondent.pk]), follow=True
    )

    assert "Deze ronde is gesloten" in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.is_revoked == revoked


@pytest.mark.parametrize("name", ["respondent-resend", "respondent-revoke", "respondent-reinstate"])
def test_foreign_respondent_gives_404(
    client, coordinator, outsider, open_round, other_organisation, framework, name, mailoutbox
):
    respondent = make_respondent(round=open_round)
    foreign_round = make_round(organisation=other_organisation, framework=framework, status="open")
    foreign = make_respondent(round=foreign_round)

    client.force_login(outsider)
    assert (
        client.post(reverse(f"assessments:{name}", args=[open_round.pk, respondent.pk])).status_code
        == 404
    )
    client.force_login(coordinator)
    # Own round, but a respondent of another round.
    assert (
        client.post(reverse(f"assessments:{name}", args=[open_round.pk, foreign.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse(f"assessments:{name}", args=[foreign_round.pk, foreign.pk])).status_code
        == 404
    )
    assert mailoutbox == []
    assert not Respondent.objects.filter(revoked_at__lte=timezone.now()).exists()


def test_viewer_cannot_invite_resend_or_revoke(client, colleague, open_round):
    respondent = make_respondent(round=open_round)
    client.force_login(colleague)
    url = reverse("assessments:round-invite", args=[open_round.pk])
    assert client.post(url, {"form": "one", "email": "z@example.org"}).status_code == 404
    revoke = reverse("assessments:respondent-revoke", args=[open_round.pk, respondent.pk])
    assert client.post(revoke).status_code == 404
    respondent_revoke(respondent=respondent)
    reinstate = reverse("assessments:respondent-reinstate", args=[open_round.pk, respondent.pk])
    assert client.post(reinstate).status_code == 404
    respondent.refresh_from_db()
    assert respondent.is_revoked
    assert Respondent.objects.count() == 1


# 256 characters: fits the e-mail syntax, but not Respondent.email (254).
TOO_LONG_EMAIL = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "nl"


def test_too_long_address_is_refused_in_both_forms(client, coordinator, open_round, mailoutbox):
    client.force_login(coordinator)
    url = reverse("assessments:round-invite", args=[open_round.pk])

    one = client.post(url, {"form": "one", "email": TOO_LONG_EMAIL})
    pasted = client.post(
        url, {"form": "list", "people": f"an@example.org\n{TOO_LONG_EMAIL}, Te Lang"}
    )

    assert one.status_code == 200
    assert "Dit e-mailadres is te lang: gebruik hoogstens 254 tekens." in one.content.decode()
    assert pasted.status_code == 200
    assert "Regel 2: dit e-mailadres is te lang (hoogstens 254 tekens)." in (
        pasted.content.decode()
    )
    assert list(Respondent.objects.values_list("email", flat=True)) == ["an@example.org"]


def test_parse_line_refuses_too_long_address():
    with pytest.raises(ValidationError) as error:
        parse_invite_line(TOO_LONG_EMAIL, ROLLEN)
    assert "te lang" in error.value.messages[0]


def test_invite_uses_a_fixed_number_of_queries(
    client, coordinator, organisation, framework, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for count in (3, 30):
        round = make_round(organisation=organisation, framework=framework, name=f"Ronde {count}")
        people = "\n".join(f"p{i}@example.org, bestuur" for i in range(count))
        # session, user, round (scoped to the user's organisations), the model texts of a
        # concept round (niveaus, rollen, scale, bouwstenen, questions); savepoint, lock round,
        # closed-round check, addresses already in the round, roles of the model, closed-round
        # check of the insert, savepoint, the one insert, release (a racing insert of the same
        # address is rolled back to that savepoint), the logboek's lines (one insert), release
        with django_assert_max_num_queries(19):
            client.post(
                reverse("assessments:round-invite", args=[round.pk]),
                {"form": "list", "people": people},
            )
        assert Respondent.objects.filter(round=round).count() == count


def test_invite_refuses_a_role_from_another_model(open_round):
    other_model = Framework.objects.create(slug="ander-model", name="Ander model", version="1")
    other = Rol.objects.create(framework=other_model, code="bestuur", name="Bestuur", order=1)
    with pytest.raises(ValidationError):
        respondents_invite(
            round=open_round,
            invitees=[Invitee(email="x@example.org", rol_id=other.pk)],
            url_for=str,
        )
    assert not Respondent.objects.exists()


def test_a_list_of_only_spaces_is_refused(client, coordinator, open_round):
    client.force_login(coordinator)

    response = client.post(
        reverse("assessments:round-invite", args=[open_round.pk]),
        {"form": "list", "people": "  \n \n"},
    )

    assert "Plak minstens één e-mailadres." in response.content.decode()
    assert not Respondent.objects.exists()


def test_revoking_a_link_asks_first_on_a_page_of_its_own(
    client, coordinator, outsider, open_round, django_assert_max_num_queries
):
    respondent = make_respondent(round=open_round, email="r@example.org", name="Rik")
    revoke = reverse("assessments:respondent-revoke", args=[open_round.pk, respondent.pk])
    client.force_login(coordinator)

    detail = client.get(reverse("assessments:round-detail", args=[open_round.pk])).content
    # session, user, round, coordinator check, respondent, the nav's organisations
    with django_assert_max_num_queries(6):
        page = client.get(revoke).content.decode()

    assert f'href="{revoke}"' in detail.decode()  # the list links to the question, no POST
    assert "Ja, trek de link in" in page and "Rik &lt;r@example.org&gt;" in page
    respondent.refresh_from_db()
    assert not respondent.is_revoked  # looking changes nothing
    client.post(revoke)
    respondent.refresh_from_db()
    assert respondent.is_revoked
    assert "Deze link is al ingetrokken." in client.get(revoke).content.decode()
    client.force_login(outsider)
    assert client.get(revoke).status_code == 404

"""Every page of the site, for the accessibility sweep (test_every_page.py): a small site
built from the demo (load_demo: two closed rounds with actions and consensus, one in
concept) plus an open round with invited people, and the list of pages with who sees them.

To add a page: add a `Page` to PAGES with a name (the test's id), who looks at it and a
function from the `Site` to its path."""

from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.actions.plan_pdf import plan_key
from assessments.benchmark.models import BenchmarkSettings
from assessments.benchmark.tasks import benchmark_release_now
from assessments.models import (
    Membership,
    Onderdeel,
    Organisation,
    RenderedActionPlan,
    Round,
    RoundMessage,
)
from assessments.questionnaire.services import respondent_submit
from assessments.rodedraad.services import rode_draad_create
from assessments.rounds.models import Respondent
from assessments.rounds.services import round_answers_close, round_close, round_open
from borgingshuis.access.models import SignOnBinding
from bouwstenen.models import Bouwsteen, Framework
from tests.factories import (
    make_action,
    make_answers,
    make_respondent,
    make_round,
    make_submitted_respondent,
)
from tests.invitations import make_invitation

ANONYMOUS, COORDINATOR, LEZER, BEHEER = "anonymous", "coordinator", "lezer", "beheer"
BEGELEIDER = "begeleider"
# The beheerder after the password, before the second factor (the page that asks for it).
FIRST_FACTOR_ONLY = "first-factor-only"


@dataclass
class Site:
    """What the pages are about; built once per test module."""

    users: dict
    organisation: Organisation
    framework: Framework
    closed: Round  # Borgingsscan 2026, closed, with consensus and actions
    concept: Round  # Borgingsscan 2027
    open: Round  # open, 12 people invited, actions of its own
    meeting: Round  # answering closed, three answers: the consensus meeting's stage
    fresh_token: str  # invited, has not chosen a role yet
    answering_token: str  # chose a role, answered a few bouwstenen
    sent_token: str  # sent the answers
    closed_token: str  # answered in the closed round: the answers shown, not editable
    bouwsteen: Bouwsteen
    reset_path: str  # the "choose a new password" link from the mail
    invitation_token: str  # a colleague's invitation, waiting to be accepted
    part: Round | None = None  # closed, about a project team, asking 4 of the 11 bouwstenen


def build_site() -> Site:
    call_command("load_borgingshuis", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    User = get_user_model()
    users = {
        COORDINATOR: User.objects.get(username="demo-coordinator"),
        LEZER: User.objects.get(username="demo-lezer"),
        BEHEER: User.objects.get(username="beheer"),
        BEGELEIDER: User.objects.get(username="demo-begeleider"),
    }
    users[FIRST_FACTOR_ONLY] = users[BEHEER]
    organisation = Organisation.objects.get(slug="voorbeeld")
    framework = Framework.objects.get(slug="borgingshuis-2023")
    rounds = Round.objects.filter(organisation=organisation)
    open_round = make_round(
        organisation=organisation,
        framework=framework,
        name="Tussenronde 2026",
        status="open",
        deadline=timezone.localdate() + timezone.timedelta(days=14),
    )
    # Twelve people, so the list shows whether 10 and 11 sort after 9.
    people = [
        make_respondent(
            round=open_round,
            email=f"persoon{index}@voorbeeld.example",
            name=f"Persoon {index}",
            invited_rol=framework.rol_set.get(code="adviseurs"),
            invited_at=timezone.now(),
        )
        for index in range(1, 13)
    ]
    fresh, answering, sent = people[0], people[1], people[2]
    for respondent in (answering, sent):
        respondent.rol = respondent.invited_rol
        respondent.save(update_fields=["rol"])
    make_answers(respondent=answering, levels={1: 3, 2: 0}, desired={1: 4})
    make_answers(respondent=sent, levels=dict.fromkeys(range(1, 12), 3))
    respondent_submit(respondent=sent)
    for number, line in ((7, "actief_leren"), (11, "ontwikkelen")):
        make_action(
            round=open_round,
            number=number,
            line=line,
            title="Een actie met een lange titel om te zien dat niets over de rand gaat",
            owner_name="Team participatie",
            due_date=timezone.localdate(),
        )
    meeting = make_round(organisation=organisation, framework=framework, name="Extra ronde 2026")
    meeting = round_open(round=meeting)
    for level in (2, 3, 4):
        make_submitted_respondent(
            round=meeting, rol="managers", levels=dict.fromkeys(range(1, 12), level)
        )
    gemeenten_with_bestuur(organisation, framework, open_round, meeting)
    meeting = round_answers_close(round=meeting)
    part = _part_round(organisation, framework)
    closed = rounds.get(name="Borgingsscan 2026")
    Onderdeel.objects.get_or_create(
        organisation=organisation, name="Project Nieuwe Haven", kind="vraagstuk"
    )
    # The coordinator shares the closed round's outcome: an old link shows it (issue 10).
    RoundMessage.objects.update_or_create(round=closed, defaults={"outcome_shared": True})
    coordinator = users[COORDINATOR]
    links = []
    make_invitation(
        organisation, "nieuwe.collega@voorbeeld.example", invited_by=coordinator, links=links
    )
    # The plan's PDF in English is stored and current (its download page offers the file);
    # in Dutch it is still to be made (its download page says how far it is).
    RenderedActionPlan.objects.create(
        organisation=organisation,
        language="en",
        fingerprint=plan_key(organisation, "en", timezone.localdate()),
        pdf=b"%PDF- stored",
        rendered_at=timezone.now(),
    )
    rode_draad_create(
        organisation=organisation,
        name="Rode draad 2024-2026",
        rounds=rounds.filter(status=Round.Status.CLOSED),
        created_by=coordinator,
    )
    admin_records(users[BEHEER])
    BenchmarkSettings.objects.update_or_create(pk=1, defaults={"public_page": True})
    uid = urlsafe_base64_encode(force_bytes(coordinator.pk))
    token = default_token_generator.make_token(coordinator)
    return Site(
        users=users,
        organisation=organisation,
        framework=framework,
        closed=closed,
        concept=rounds.get(name="Borgingsscan 2027"),
        open=open_round,
        meeting=meeting,
        fresh_token=fresh.token,
        answering_token=answering.token,
        sent_token=sent.token,
        closed_token=closed.respondents.first().token,
        bouwsteen=Bouwsteen.objects.get(framework=framework, number=5),
        reset_path=reverse("password_reset_confirm", args=[uid, token]),
        invitation_token=links[0],
        part=part,
    )


def _part_round(organisation, framework) -> Round:
    """A closed round of one part that asked four bouwstenen: the others "niet gevraagd"."""
    woonvisie = Onderdeel.objects.create(
        organisation=organisation, name="Projectteam Woonvisie", kind="vraagstuk"
    )
    asked = [1, 3, 6, 8]
    part = make_round(
        organisation=organisation,
        framework=framework,
        name="Woonvisie 2026",
        status="open",
        onderdeel=woonvisie,
        asked_bouwstenen=asked,
    )
    for rol in ("bestuur", "managers", "adviseurs"):
        for level in (2, 3, 4):
            make_submitted_respondent(round=part, rol=rol, levels=dict.fromkeys(asked, level))
    return round_close(round=part)


def admin_records(beheerder):
    """A record of each model in /beheer/ that the demo leaves empty, so the sweep sees a form
    of each: a group, the beheerder's authenticator app, a login lockout's records and a task
    in the queue, and an account's link to its organisation's sign-on. (The recovery codes
    come with the beheerder's verified session: tests/conftest.py's force_login.)"""
    Group.objects.create(name="Lezers van het logboek")
    TOTPDevice.objects.create(user=beheerder, name="Telefoon", confirmed=True)
    SignOnBinding.objects.create(
        issuer="https://login.example.nl",
        subject="a1b2c3",
        user=beheerder,
        linked_at=timezone.now(),
    )
    visitor = {"username": "onbekend", "ip_address": "192.0.2.1", "user_agent": "Firefox"}
    visit = {**visitor, "http_accept": "text/html", "path_info": "/account/login/"}
    AccessAttempt.objects.create(**visit, get_data="", post_data="", failures_since_start=5)
    AccessFailureLog.objects.create(**visit, locked_out=True)
    AccessLog.objects.create(**visit)
    benchmark_release_now.enqueue()


@dataclass(frozen=True)
class Page:
    name: str
    who: str
    path: Callable[[Site], str]
    status: int = 200


def url(name, *args):
    return lambda site: reverse(name, args=[arg(site) if callable(arg) else arg for arg in args])


def at(path):
    """A value of the site by its dotted path: at("open.pk"), at("fresh_token")."""

    def value(site):
        for name in path.split("."):
            site = getattr(site, name)
        return site

    return value


def rnd(attribute):
    """The pk of one of the site's rounds."""
    return at(f"{attribute}.pk")


def onderdeel_pk(site):
    """The part build_site made (the demo may bring others)."""
    return Onderdeel.objects.get(organisation=site.organisation, name="Project Nieuwe Haven").pk


def gemeenten_with_bestuur(organisation, framework, open_round, meeting):
    """A werkorganisatie for two gemeenten: the invite and correct pages offer them, a
    wethouder of the open round has one (their gemeente page), and the meeting round's bestuur
    per gemeente shows one gemeente and hides the other (to protect the bestuur without)."""
    aadorp, bedorp = (
        Onderdeel.objects.create(organisation=organisation, name=name, kind=Onderdeel.Kind.GEMEENTE)
        for name in ("Aadorp", "Bedorp")
    )
    bestuur = framework.rol_set.get(code="bestuur")
    make_respondent(
        round=open_round,
        email="wethouder@voorbeeld.example",
        name="Wethouder Aadorp",
        invited_rol=bestuur,
        gemeente=aadorp,
        invited_at=timezone.now(),
    )
    for gemeente, level in [(aadorp, 2)] * 3 + [(bedorp, 4)] * 3 + [(None, 3)]:
        person = make_submitted_respondent(
            round=meeting, rol="bestuur", levels=dict.fromkeys(range(1, 12), level)
        )
        Respondent.objects.filter(pk=person.pk).update(gemeente=gemeente)


def bestuur_pk(site):
    return site.open.respondents.get(email="wethouder@voorbeeld.example").pk


def member_pk(site):
    return Membership.objects.get(organisation=site.organisation, user=site.users[LEZER]).pk


def rode_draad_pk(site):
    return site.organisation.rode_draden.get(name="Rode draad 2024-2026").pk


def action_pk(site):
    return site.open.actions.order_by("pk").first().pk


def fresh_pk(site):
    return site.open.respondents.get(token=site.fresh_token).pk


def niveau(token_attribute, code):
    return lambda site: reverse(
        "assessments:questionnaire-niveau", args=[getattr(site, token_attribute), code]
    )


def english(path):
    """The same page in English (/en/...)."""
    return lambda site: "/en" + path(site)


A = "assessments:"
PAGES = [
    # Public
    Page("house", ANONYMOUS, url("bouwstenen:house")),
    Page(
        "framework-house",
        ANONYMOUS,
        url("bouwstenen:framework-house", at("framework.slug")),
    ),
    Page("accessibility", ANONYMOUS, url("accessibility")),
    Page("privacy", ANONYMOUS, url("privacy")),
    Page("house-en", ANONYMOUS, english(url("bouwstenen:house"))),
    Page("login", ANONYMOUS, url("login")),
    Page("password-reset", ANONYMOUS, url("password_reset")),
    Page("password-reset-done", ANONYMOUS, url("password_reset_done")),
    Page("password-reset-confirm", ANONYMOUS, lambda s: s.reset_path),
    Page("password-reset-invalid", ANONYMOUS, url("password_reset_confirm", "MQ", "fout-fout")),
    Page("password-reset-complete", ANONYMOUS, url("password_reset_complete")),
    # The questionnaire
    Page("questionnaire-rol", ANONYMOUS, url(A + "questionnaire-rol", at("fresh_token"))),
    Page("questionnaire-organisatie", ANONYMOUS, niveau("answering_token", "organisatie")),
    Page("questionnaire-vraagstuk", ANONYMOUS, niveau("answering_token", "vraagstuk")),
    Page("questionnaire-gesprek", ANONYMOUS, niveau("answering_token", "gesprek")),
    Page(
        "questionnaire-summary",
        ANONYMOUS,
        url(A + "questionnaire-summary", at("answering_token")),
    ),
    Page("questionnaire-sent", ANONYMOUS, url(A + "questionnaire-summary", at("sent_token"))),
    Page("questionnaire-closed", ANONYMOUS, niveau("closed_token", "gesprek")),
    Page("questionnaire-intro", ANONYMOUS, url(A + "questionnaire-intro", at("fresh_token"))),
    Page("questionnaire-outcome", ANONYMOUS, url(A + "questionnaire-outcome", at("closed_token"))),
    Page("member-invitation", ANONYMOUS, url(A + "member-invitation", at("invitation_token"))),
    # The coordinator
    Page("round-list", COORDINATOR, url(A + "round-list")),
    Page("round-create", COORDINATOR, url(A + "round-create")),
    Page("round-detail-open", COORDINATOR, url(A + "round-detail", rnd("open"))),
    Page("round-detail-closed", COORDINATOR, url(A + "round-detail", rnd("closed"))),
    Page("round-detail-concept", COORDINATOR, url(A + "round-detail", rnd("concept"))),
    Page("round-edit", COORDINATOR, url(A + "round-edit", rnd("open"))),
    Page("round-delete", COORDINATOR, url(A + "round-delete", rnd("concept"))),
    Page("round-invite", COORDINATOR, url(A + "round-invite", rnd("concept"))),
    Page("round-answers-close", COORDINATOR, url(A + "round-answers-close", rnd("open"))),
    Page("round-close", COORDINATOR, url(A + "round-close", rnd("meeting"))),
    Page("round-detail-meeting", COORDINATOR, url(A + "round-detail", rnd("meeting"))),
    Page("consensus-meeting", COORDINATOR, url(A + "round-consensus", rnd("meeting"))),
    Page("round-erase", COORDINATOR, url(A + "round-erase-personal-data", rnd("closed"))),
    Page("action-list-open", COORDINATOR, url(A + "action-list", rnd("open"))),
    Page("action-list-closed", COORDINATOR, url(A + "action-list", rnd("closed"))),
    Page("action-create", COORDINATOR, url(A + "action-create", rnd("open"))),
    Page("action-edit", COORDINATOR, url(A + "action-edit", rnd("open"), action_pk)),
    Page("action-progress", COORDINATOR, url(A + "action-progress", rnd("open"), action_pk)),
    Page("action-plan", COORDINATOR, url(A + "action-plan", at("organisation.slug"))),
    Page(
        "action-plan-download",
        COORDINATOR,
        url(A + "action-plan-download", at("organisation.slug")),
    ),
    Page("trend", COORDINATOR, url(A + "organisation-trend", at("organisation.slug"))),
    Page("rode-draad-list", COORDINATOR, url(A + "rode-draad-list", at("organisation.slug"))),
    Page("rode-draad-create", COORDINATOR, url(A + "rode-draad-create", at("organisation.slug"))),
    Page("rode-draad", COORDINATOR, url(A + "rode-draad", at("organisation.slug"), rode_draad_pk)),
    Page(
        "rode-draad-download",
        COORDINATOR,
        url(A + "rode-draad-download", at("organisation.slug"), rode_draad_pk),
    ),
    Page("round-messages", COORDINATOR, url(A + "round-messages", rnd("concept"))),
    Page("round-remind", COORDINATOR, url(A + "round-remind", rnd("open"))),
    Page(
        "respondent-correct",
        COORDINATOR,
        url(A + "respondent-correct", rnd("open"), fresh_pk),
    ),
    Page(
        "respondent-gemeente",
        COORDINATOR,
        url(A + "respondent-gemeente", rnd("open"), bestuur_pk),
    ),
    Page(
        "respondent-revoke",
        COORDINATOR,
        url(A + "respondent-revoke", rnd("open"), fresh_pk),
    ),
    Page("report-download", COORDINATOR, url(A + "round-report-download", rnd("closed"))),
    Page(
        "report-toelichtingen",
        COORDINATOR,
        url(A + "round-report-toelichtingen", rnd("closed"), 1),
    ),
    Page("audit", COORDINATOR, url(A + "organisation-audit", at("organisation.slug"))),
    Page("organisation", COORDINATOR, url(A + "organisation-overview", at("organisation.slug"))),
    Page("settings", COORDINATOR, url(A + "organisation-settings", at("organisation.slug"))),
    Page(
        "onderdeel",
        COORDINATOR,
        url(A + "organisation-onderdeel", at("organisation.slug"), onderdeel_pk),
    ),
    Page("onderdelen", COORDINATOR, url(A + "organisation-onderdelen", at("organisation.slug"))),
    Page("round-edit-concept", COORDINATOR, url(A + "round-edit", rnd("concept"))),
    Page("report-closed", COORDINATOR, url(A + "round-report", rnd("closed"))),
    Page("report-open", COORDINATOR, url(A + "round-report", rnd("open"))),
    # bestuur per gemeente: one gemeente shown, one hidden (gemeenten_with_bestuur)
    Page("report-gemeenten", COORDINATOR, url(A + "round-report", rnd("meeting"))),
    Page("consensus", COORDINATOR, url(A + "round-consensus", rnd("closed"))),
    # A part's round that asked some bouwstenen: "niet gevraagd" stones and cells
    Page("report-part", COORDINATOR, url(A + "round-report", rnd("part"))),
    Page("consensus-part", COORDINATOR, url(A + "round-consensus", rnd("part"))),
    Page(
        "trend-part",
        LEZER,
        lambda s: (
            reverse(A + "organisation-trend", args=[s.organisation.slug])
            + f"?onderdeel={s.part.onderdeel_id}"
        ),
    ),
    Page(
        "members",
        COORDINATOR,
        url(A + "organisation-members", at("organisation.slug")),
    ),
    Page("member", COORDINATOR, url(A + "organisation-member", at("organisation.slug"), member_pk)),
    Page(
        "member-remove",
        COORDINATOR,
        url(A + "organisation-member-remove", at("organisation.slug"), member_pk),
    ),
    Page("password-change", COORDINATOR, url("password_change")),
    Page("password-change-done", COORDINATOR, url("password_change_done")),
    Page("second-factor", FIRST_FACTOR_ONLY, url("access:second-factor")),
    Page("account-security", COORDINATOR, url("access:account")),
    Page("second-factor-setup", COORDINATOR, url("access:second-factor-setup")),
    # The lezer
    Page("lezer-round-list", LEZER, url(A + "round-list")),
    Page("lezer-round-detail", LEZER, url(A + "round-detail", rnd("closed"))),
    Page("lezer-report", LEZER, url(A + "round-report", rnd("closed"))),
    Page("lezer-action-list", LEZER, url(A + "action-list", rnd("closed"))),
    Page("lezer-action-plan", LEZER, url(A + "action-plan", at("organisation.slug"))),
    Page(
        "lezer-action-plan-download-en",
        LEZER,
        english(url(A + "action-plan-download", at("organisation.slug"))),
    ),
    Page("lezer-trend", LEZER, url(A + "organisation-trend", at("organisation.slug"))),
    Page("lezer-rode-draad", LEZER, url(A + "rode-draad", at("organisation.slug"), rode_draad_pk)),
    Page("lezer-audit", LEZER, url(A + "organisation-audit", at("organisation.slug"))),
    Page("lezer-onderdelen", LEZER, url(A + "organisation-onderdelen", at("organisation.slug"))),
    # The comparison and the begeleider (the demo's release: the closed report shows it)
    Page("benchmark", COORDINATOR, url(A + "organisation-benchmark", at("organisation.slug"))),
    Page("benchmark-public", ANONYMOUS, url(A + "benchmark-public")),
    Page("begeleider-overview", BEGELEIDER, url(A + "begeleider-overview")),
    Page("begeleider-trend", BEGELEIDER, url(A + "organisation-trend", "havendam")),
    # Error pages
    Page("404", ANONYMOUS, lambda s: "/bestaat-niet/", status=404),
    Page("404-questionnaire", ANONYMOUS, url(A + "questionnaire", "onbekend"), status=404),
    Page("403-lezer-consensus", LEZER, url(A + "round-consensus", rnd("closed")), status=403),
    Page("400", ANONYMOUS, lambda s: "/fout/400/", status=400),
    Page("500", ANONYMOUS, lambda s: "/fout/500/", status=500),
    Page("csrf", ANONYMOUS, lambda s: "/fout/csrf/", status=403),
    # A few in English
    Page("en-questionnaire", ANONYMOUS, english(niveau("answering_token", "organisatie"))),
    Page("en-report", LEZER, english(url(A + "round-report", rnd("closed")))),
    Page("en-report-part", LEZER, english(url(A + "round-report", rnd("part")))),
    Page("en-action-list", COORDINATOR, english(url(A + "action-list", rnd("open")))),
    Page("en-404", ANONYMOUS, lambda s: "/en/bestaat-niet/", status=404),
    Page(
        "en-onderdelen",
        COORDINATOR,
        english(url(A + "organisation-onderdelen", at("organisation.slug"))),
    ),
    Page("en-round-create", COORDINATOR, english(url(A + "round-create"))),
    # The functional administrator: a few pages of their own, then every registered
    # model's pages (ADMIN_PAGES below).
    Page("admin-index", BEHEER, url("admin:index")),
    Page(
        "admin-bouwsteen",
        BEHEER,
        url("admin:bouwstenen_bouwsteen_change", at("bouwsteen.pk")),
    ),
    Page(
        "admin-organisation",
        BEHEER,
        url("admin:assessments_organisation_change", at("organisation.pk")),
    ),
    # An open round: its respondents are an editable table (a closed round's are read-only).
    Page("admin-round-open", BEHEER, url("admin:assessments_round_change", rnd("open"))),
    Page("admin-user", BEHEER, url("admin:auth_user_change", lambda s: s.users[COORDINATOR].pk)),
    Page(
        "admin-bouwsteen-history",
        BEHEER,
        url("admin:bouwstenen_bouwsteen_history", at("bouwsteen.pk")),
    ),
]

# Models whose admin offers an add form to the beheerder (test_every_page.py checks this
# list against the admin itself, so a new model's add form cannot be left out).
ADMIN_ADD_FORMS = {
    "assessments.onderdeel",
    "bouwstenen.framework",
    "bouwstenen.bouwsteen",
    "bouwstenen.scalelevel",
    "bouwstenen.reflectionquestion",
    "bouwstenen.niveau",
    "bouwstenen.rol",
    "assessments.organisation",
    "assessments.round",
    "assessments.respondent",
    "auth.user",
    "auth.group",
}


def first_pk(model):
    """The pk of the model's first record (the site makes one of each: admin_records)."""
    return lambda site: model._default_manager.order_by("pk").values_list("pk", flat=True)[0]


def admin_pages() -> list[Page]:
    """Every model registered in /beheer/: its list, its first record's form, and its add
    form where the admin offers one; those PAGES above already show are left out."""
    shown = {page.name for page in PAGES}
    pages = []
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        name = f"admin-{model._meta.app_label}-{model._meta.model_name}"
        pages.append(Page(f"{name}-list", BEHEER, url(f"admin:{label}_changelist")))
        if f"admin-{model._meta.model_name}" not in shown:
            pages.append(Page(name, BEHEER, url(f"admin:{label}_change", first_pk(model))))
        if model._meta.label_lower in ADMIN_ADD_FORMS:
            pages.append(Page(f"{name}-add", BEHEER, url(f"admin:{label}_add")))
    return pages


PAGES += admin_pages()

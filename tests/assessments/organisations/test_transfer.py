"""Organisation export and import: the round trip is byte-identical (on SQLite and, with
DATABASE_URL, on PostgreSQL), and a bad file is refused with nothing written."""

import json
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import models

from assessments.actions.services import action_progress_add
from assessments.audit.actor import acting_as
from assessments.models import (
    Answer,
    AuditEntry,
    Consensus,
    ImprovementAction,
    Organisation,
    ReminderSent,
    Respondent,
    Round,
    RoundMessage,
)
from assessments.organisations.transfer.export import document_bytes, organisation_export
from assessments.organisations.transfer.schema import NOT_EXPORTED, SCHEMA_VERSION, SECTIONS
from assessments.reporting.csv_export import report_csv
from assessments.reporting.report import build_report
from assessments.reporting.tussenstand import tussenstand_released
from assessments.rounds.invitations import respondent_revoke
from assessments.rounds.services import round_close, round_personal_data_erase
from assessments.rounds.tussenstanden import Tussenstand
from bouwstenen.models import Bouwsteen, Framework
from tests.factories import make_action, make_respondent, make_round, make_scored_round

User = get_user_model()


@pytest.fixture
def full_organisation(organisation, framework, coordinator, colleague):
    """An organisation with every kind of data: a closed round with erased people and an
    action, an open round with a tussenstand, consensus, a revoked link, an action carried
    over, a concept round, two members and their audit trail."""
    with acting_as(coordinator):
        previous = make_scored_round(
            organisation=organisation, framework=framework, per_role=1, name="Borgingsscan 2025"
        )
        old_action = make_action(round=previous, due_date=date(2026, 3, 1))
        previous = round_close(round=previous)  # freezes its action list
        action_progress_add(action=old_action, status="done", note="Gedaan", user=coordinator)
        round_personal_data_erase(round=previous)
        current = make_scored_round(organisation=organisation, framework=framework)
        Round.objects.filter(pk=current.pk).update(created_by=coordinator)
        tussenstand_released(current)
        Consensus.objects.create(
            round=current,
            bouwsteen=Bouwsteen.objects.get(framework=framework, number=4),
            level=3,
            toelichting="Samen besloten: € 10.000 per jaar",
        )
        make_action(round=current, number=2, carried_from=old_action, status="in_progress")
        respondent_revoke(respondent=current.respondents.select_related("round").first())
        late = make_respondent(round=current, email="laat@example.org", name="Laat")
        ReminderSent.objects.create(respondent=late, sent_by=coordinator)
        RoundMessage.objects.create(round=current, invitation_text="Doe mee!", contact_name="Carla")
        concept = make_round(organisation=organisation, framework=framework, name="Ronde 2027")
        make_respondent(round=concept, email="volgend-jaar@example.org")
    return organisation


def wipe(organisation):
    """Everything the export holds gone, as in an empty installation (plain QuerySets: the
    app's own refuse to delete closed rounds)."""
    usernames = list(organisation.memberships.values_list("user__username", flat=True))
    models.QuerySet(Round).filter(organisation=organisation).delete()
    models.QuerySet(Organisation).filter(pk=organisation.pk).delete()
    models.QuerySet(Framework).all().delete()
    models.QuerySet(User).filter(username__in=usernames).delete()


def table_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def export_file(tmp_path, slug="testdorp", name="export.json"):
    path = tmp_path / name
    call_command("export_organisation", slug, str(path), stdout=StringIO())
    return path


def import_file(path, *options):
    out = StringIO()
    call_command("import_organisation", str(path), *options, stdout=out)
    return out.getvalue()


def without_the_import_line(path) -> bytes:
    """The file as exported before the import: the import's own logboek line left out."""
    document = json.loads(path.read_bytes())
    audit = document["sections"]["audit"]
    document["sections"]["audit"] = [r for r in audit if r["action"] != "organisation_import"]
    assert len(audit) == len(document["sections"]["audit"]) + 1
    return document_bytes(document)


def csv_of(name):
    return report_csv(build_report(Round.objects.select_related("organisation").get(name=name)))


def test_export_import_export_is_byte_identical(tmp_path, full_organisation):
    first = export_file(tmp_path)
    reports = {name: csv_of(name) for name in ("Borgingsscan 2025", "Borgingsscan 2026")}
    wipe(full_organisation)
    assert not Framework.objects.exists() and not Answer.objects.exists()

    output = import_file(first)

    second = export_file(tmp_path, name="again.json")
    assert without_the_import_line(second) == first.read_bytes()
    assert "Gemeente Testdorp ingelezen" in output and "answers: 132 nieuw" in output
    assert "Geen bestaande accounts gekoppeld." in output
    # the figures (through the snapshot's and the tussenstand's remapped ids) are the same
    assert {name: csv_of(name) for name in reports} == reports
    document = json.loads(first.read_bytes())
    assert next(iter(document)) == "schema_version"
    assert {name: len(rows) for name, rows in document["sections"].items()} == {
        "accounts": 2,
        "frameworks": 1,
        "niveaus": 3,
        "rollen": 3,
        "scale": 5,
        "bouwstenen": 11,
        "reflection_questions": 33,
        "organisation": 1,
        "memberships": 2,
        "onderdelen": 0,
        "rounds": 3,
        "respondents": 3 + 10 + 1,
        "answers": 3 * 11 + 9 * 11,
        "consensus": 1,
        "tussenstanden": 1,
        "round_messages": 1,
        "reminders": 1,
        "actions": 2,
        "action_updates": 1,
        "actions_at_close": 1,
        "audit": 6,  # opened, answering closed, closed, erased, two colleagues
    }


def test_imported_data_works_as_before(tmp_path, full_organisation):
    path = export_file(tmp_path)
    token = Respondent.objects.get(email="laat@example.org").token
    wipe(full_organisation)
    import_file(path)

    coordinator = User.objects.get(username="coordinator")
    assert not coordinator.has_usable_password()  # chooses one through "Wachtwoord vergeten?"
    current = Round.objects.get(name="Borgingsscan 2026")
    assert current.created_by == coordinator and current.is_open
    assert Respondent.objects.get(token=token).round == current
    carried = ImprovementAction.objects.get(round=current)
    assert carried.carried_from.round.name == "Borgingsscan 2025"
    assert Tussenstand.objects.get().respondent_ids == sorted(
        current.respondents.submitted().values_list("pk", flat=True)
    )
    entries = AuditEntry.objects.filter(organisation__slug="testdorp")
    assert entries.count() == 6 + 1  # the trail, and the import itself
    assert {e.actor_name for e in entries} == {"coordinator@example.org", "systeem"}
    assert Round.objects.get(name="Borgingsscan 2025").is_closed


def test_an_existing_model_version_and_account_are_used_not_copied(
    tmp_path, full_organisation, framework
):
    path = export_file(tmp_path)
    models.QuerySet(Round).filter(organisation=full_organisation).delete()
    models.QuerySet(Organisation).filter(pk=full_organisation.pk).delete()
    User.objects.filter(username="collega").delete()

    output = import_file(path, "--link-existing-accounts")

    assert Framework.objects.count() == 1 and Bouwsteen.objects.count() == 11
    assert "frameworks: 1 bestond al" in output and "accounts: 1 bestond al" in output
    assert User.objects.get(username="coordinator").has_usable_password()
    assert without_the_import_line(export_file(tmp_path, name="again.json")) == path.read_bytes()


def test_a_link_to_a_row_further_on_is_set_after_it(tmp_path, full_organisation):
    document = json.loads(export_file(tmp_path).read_bytes())
    document["sections"]["actions"].reverse()  # the carried action now comes first
    wipe(full_organisation)
    path = tmp_path / "reordered.json"
    path.write_bytes(document_bytes(document))

    import_file(path)

    carried = ImprovementAction.objects.get(round__name="Borgingsscan 2026")
    assert carried.carried_from.round.name == "Borgingsscan 2025"


def test_export_takes_a_fixed_number_of_queries(
    organisation, framework, django_assert_max_num_queries
):
    for per_role in (1, 4):
        make_scored_round(organisation=organisation, framework=framework, per_role=per_role)
        # the rounds' frameworks, then one query per section
        with django_assert_max_num_queries(1 + len(SECTIONS)):
            organisation_export(organisation=organisation)


def test_every_model_is_exported_or_declared_not_exported():
    """A model added later fails here until it has a Section line (or a reason not to)."""
    declared = {section.model_class for section in SECTIONS}
    declared |= {apps.get_model(label) for label in NOT_EXPORTED}
    for app in ("assessments", "bouwstenen"):
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical"):  # django-simple-history's
                assert model in declared, model


def test_every_link_of_a_section_points_to_a_section():
    models_in_file = {section.model_class for section in SECTIONS}
    for section in SECTIONS:
        for field in section.carried_fields():
            if field.is_relation:
                assert field.related_model in models_in_file, (section.name, field.name)


def _edit(document, change):
    change(document["sections"])
    return document


def _respondent_row(sections):
    return sections["respondents"][-1]


BAD_FILES = {
    "newer schema": (
        lambda d: {**d, "schema_version": SCHEMA_VERSION + 1},
        f"schemaversie {SCHEMA_VERSION + 1}; deze installatie kan tot en met versie "
        f"{SCHEMA_VERSION} lezen",
    ),
    "no schema version": (
        lambda d: {key: value for key, value in d.items() if key != "schema_version"},
        "schema_version",
    ),
    "not an export": (lambda d: {**d, "format": "iets anders"}, "geen export van een organisatie"),
    "broken reference": (
        lambda d: _edit(d, lambda s: s["answers"][-1].update(respondent=999)),
        "‘answers’, rij 132: ‘respondent’ verwijst naar 999, maar dat staat niet in het bestand",
    ),
    "missing field": (
        lambda d: _edit(d, lambda s: _respondent_row(s).pop("email")),
        "‘respondents’, rij 14: het veld ‘email’ ontbreekt",
    ),
    "unknown field": (
        lambda d: _edit(d, lambda s: _respondent_row(s).update(shoe_size=42)),
        "het veld ‘shoe_size’ kent deze installatie niet",
    ),
    "missing section": (
        lambda d: _edit(d, lambda s: s.pop("consensus")),
        "Het onderdeel ‘consensus’ ontbreekt",
    ),
    "bad value": (
        lambda d: _edit(d, lambda s: s["rounds"][0].update(status="half-open")),
        "‘rounds’, rij 1: ‘status’",
    ),
    "bad date": (
        lambda d: _edit(d, lambda s: s["rounds"][0].update(closed_at="gisteren")),
        "‘rounds’, rij 1: ‘closed_at’",
    ),
    "a number for a date": (
        lambda d: _edit(d, lambda s: s["rounds"][0].update(opened_at=20261201)),
        "‘rounds’, rij 1: ‘opened_at’ heeft een verkeerd soort waarde",
    ),
    "unknown section": (
        lambda d: _edit(d, lambda s: s.update(wishes=[])),
        "Het onderdeel ‘wishes’ kent deze installatie niet",
    ),
    "sections not a mapping": (lambda d: {**d, "sections": []}, "geen onderdelen"),
    "rows not a list": (
        lambda d: _edit(d, lambda s: s.update(consensus={"level": 3})),
        "‘consensus’ is geen lijst van rijen",
    ),
    "a link the database refuses": (
        lambda d: _edit(
            d, lambda s: s["respondents"][1].update(token=s["respondents"][0]["token"])
        ),
        "‘respondents’, rij 2: dit botst met wat hier al staat",
    ),
    "two organisations": (
        lambda d: _edit(d, lambda s: s["organisation"].append(dict(s["organisation"][0]))),
        "precies één organisatie",
    ),
    "duplicate key": (
        lambda d: _edit(d, lambda s: s["respondents"].append(dict(_respondent_row(s)))),
        "komt twee keer voor",
    ),
    "broken snapshot": (
        lambda d: _edit(d, lambda s: s["rounds"][0]["snapshot"].pop("niveaus")),
        "‘snapshot’ is niet zoals verwacht",
    ),
    "a required link empty": (
        lambda d: _edit(d, lambda s: s["answers"][0].update(bouwsteen=None)),
        "‘bouwsteen’ is verplicht",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_and_nothing_is_written(tmp_path, full_organisation, case):
    document = json.loads(export_file(tmp_path).read_bytes())
    wipe(full_organisation)
    change, message = BAD_FILES[case]
    path = tmp_path / "bad.json"
    path.write_bytes(document_bytes(change(document)))
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        import_file(path)

    assert message in str(refused.value)
    assert str(refused.value).startswith("Niets ingelezen.")
    assert table_counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"schema_version": 1, "sections": {', "geen geldig JSON-bestand"),
        (b"\xff\xfe", "geen geldig JSON-bestand"),
        (b"[1, 2]", "geen export van een organisatie"),
    ],
)
def test_a_file_that_is_not_json_is_refused(tmp_path, db, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        import_file(path)


def test_an_organisation_code_that_exists_is_refused(tmp_path, full_organisation):
    path = export_file(tmp_path)
    before = table_counts()
    with pytest.raises(CommandError, match=r"\[\"testdorp\"\] bestaat hier al"):
        import_file(path)
    assert table_counts() == before


def test_an_account_with_the_same_username_but_another_address_is_refused(
    tmp_path, full_organisation
):
    path = export_file(tmp_path)
    wipe(full_organisation)
    User.objects.create_user("collega", "iemand-anders@example.org")
    with pytest.raises(CommandError, match="bestaat hier al, maar met een ander ‘email’"):
        import_file(path)
    assert not Organisation.objects.filter(slug="testdorp").exists()


def test_a_model_version_here_without_a_part_of_the_file_is_refused(
    tmp_path, full_organisation, framework
):
    path = export_file(tmp_path)
    models.QuerySet(Round).filter(organisation=full_organisation).delete()
    models.QuerySet(Organisation).filter(pk=full_organisation.pk).delete()
    models.QuerySet(Bouwsteen).filter(framework=framework, number=11).delete()
    with pytest.raises(CommandError, match="bestaat hier al, maar zonder dit onderdeel"):
        import_file(path)
    assert not Organisation.objects.filter(slug="testdorp").exists()


def test_export_of_an_unknown_code_or_to_a_folder_that_does_not_exist_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="geen organisatie met code ‘nergens’"):
        call_command("export_organisation", "nergens", str(tmp_path / "x.json"))
    Organisation.objects.create(name="Ergens", slug="ergens")
    with pytest.raises(CommandError, match="Kan .* niet schrijven"):
        call_command("export_organisation", "ergens", str(tmp_path / "nee" / "x.json"))
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        import_file(tmp_path / "bestaat-niet.json")


def forget_organisation(organisation):
    """The organisation gone, its accounts and model kept: importing links to them."""
    models.QuerySet(Round).filter(organisation=organisation).delete()
    models.QuerySet(Organisation).filter(pk=organisation.pk).delete()


def test_linking_an_existing_coordinator_is_refused_without_the_option(tmp_path, full_organisation):
    path = export_file(tmp_path)
    forget_organisation(full_organisation)
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        import_file(path)

    message = str(refused.value)
    assert message.startswith("Niets ingelezen.")
    assert "coordinator (coordinator@example.org): Coördinator" in message
    assert "collega (collega@example.org): Lezer" in message
    assert "--link-existing-accounts" in message
    assert table_counts() == before  # nothing imported, no logboek line either


def test_with_the_option_every_existing_account_is_named_with_its_role_and_logged(
    tmp_path, full_organisation
):
    path = export_file(tmp_path)
    forget_organisation(full_organisation)

    output = import_file(path, "--link-existing-accounts")

    assert "Bestaande accounts gekoppeld, met hun rol:" in output
    assert "  collega (collega@example.org): Lezer" in output
    assert "  coordinator (coordinator@example.org): Coördinator" in output
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ORGANISATION_IMPORT)
    assert entry.organisation.slug == "testdorp" and entry.actor_name == "systeem"
    assert entry.subject == (
        "bestaande accounts gekoppeld: collega (collega@example.org): Lezer; "
        "coordinator (coordinator@example.org): Coördinator"
    )
    assert entry.count == 2


def test_an_existing_lezer_too_is_linked_only_with_the_option(tmp_path, full_organisation):
    path = export_file(tmp_path)
    forget_organisation(full_organisation)
    User.objects.filter(username="coordinator").delete()
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        import_file(path)
    assert "collega (collega@example.org): Lezer" in str(refused.value)
    assert table_counts() == before
    output = import_file(path, "--link-existing-accounts")

    assert "  collega (collega@example.org): Lezer" in output
    assert "coordinator (" not in output  # a new account: nobody's here yet
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ORGANISATION_IMPORT).count() == 1


def test_a_superuser_is_linked_only_with_the_option_and_named_as_such(tmp_path, full_organisation):
    path = export_file(tmp_path)
    forget_organisation(full_organisation)
    User.objects.filter(username="coordinator").delete()
    User.objects.filter(username="collega").update(is_superuser=True, is_staff=True)

    with pytest.raises(CommandError) as refused:
        import_file(path)

    assert "collega (collega@example.org): Lezer, beheerder van deze installatie" in str(
        refused.value
    )


def test_the_logboek_line_names_as_many_accounts_as_it_holds_then_counts_the_rest():
    from assessments.organisations.transfer.importer import LinkedAccount, linked_subject

    linked = [
        LinkedAccount(
            user=User(username=f"persoon{n:02}", email=f"persoon{n:02}@gemeente.nl"), role="viewer"
        )
        for n in range(12)
    ]

    subject = linked_subject(linked)

    assert len(subject) <= 200
    assert subject.startswith(
        "bestaande accounts gekoppeld: persoon00 (persoon00@gemeente.nl): Lezer; "
    )
    named = subject.count("@gemeente.nl")
    assert subject.endswith(f"; en nog {12 - named}")
    assert linked_subject([]) == "geen bestaande accounts gekoppeld"


def analysed(queries) -> set[str]:
    return {
        query["sql"].split()[1].strip('"')
        for query in queries
        if query["sql"].upper().startswith("ANALYZE")
    }


def test_the_import_analyses_the_tables_it_filled_on_postgresql_only(tmp_path, full_organisation):
    """A bulk import leaves the planner's statistics stale until ANALYZE (issue 31): the
    import runs it itself on PostgreSQL, after committing; SQLite is not asked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = export_file(tmp_path)
    wipe(full_organisation)
    with CaptureQueriesContext(connection) as captured:
        import_file(path)

    if connection.vendor == "postgresql":
        assert {"assessments_answer", "assessments_respondent", "assessments_round"} <= analysed(
            captured.captured_queries
        )
        assert "assessments_renderedreport" not in analysed(captured.captured_queries)  # empty
    else:
        assert analysed(captured.captured_queries) == set()

"""Reading an organisation export into this installation, all or nothing.

The file is checked as it is read, section by section in the order of schema.SECTIONS; the
first problem stops the import with a Dutch message saying where, and the transaction
leaves the database as it was. Rows are written as Django's loaddata writes fixtures
(save_base with raw=True): stored as they are, with their dates, also into closed rounds."""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction

from ...audit.models import AuditEntry
from ...audit.services import audit_record
from ...common.addresses import same_address
from ...common.table_statistics import tables_analyse
from ..models import Membership
from .schema import (
    CODECS,
    FORMAT,
    SCHEMA_VERSION,
    SECTIONS,
    Section,
    TransferError,
    upgraded_sections,
)


@dataclass(frozen=True)
class LinkedAccount:
    """An account that existed here before the import and is now linked to its data."""

    user: object
    role: str | None  # Membership.Role in the imported organisation; None: no membership

    @property
    def role_label(self) -> str:
        if self.role is None:
            return "geen lidmaatschap (alleen gekoppeld aan rondes of acties)"
        return str(Membership.Role(self.role).label)


@dataclass
class ImportResult:
    organisation: object
    created: Counter = field(default_factory=Counter)  # section name -> rows written
    reused: Counter = field(default_factory=Counter)  # section name -> rows found here
    linked: list[LinkedAccount] = field(default_factory=list)  # existing accounts, by name


def _hashable(key):
    return json.dumps(key)


def parse_document(data: bytes | str) -> dict:
    """The file's document, checked on the outside (JSON, format, schema version, sections).
    Raises TransferError."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, ValueError) as error:
        raise TransferError(f"Dit is geen geldig JSON-bestand: {error}.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError("Dit is geen export van een organisatie uit Borgingshuis.")
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TransferError("De schema_version van het bestand ontbreekt of is geen getal.")
    if version > SCHEMA_VERSION:
        raise TransferError(
            f"Dit bestand heeft schemaversie {version}; deze installatie kan tot en met "
            f"versie {SCHEMA_VERSION} lezen. Werk Borgingshuis eerst bij."
        )
    sections = document.get("sections")
    if not isinstance(sections, dict):
        raise TransferError("Het bestand heeft geen onderdelen (‘sections’).")
    upgraded_sections(version, sections)
    expected = {section.name for section in SECTIONS}
    if missing := sorted(expected - sections.keys()):
        raise TransferError(f"Het onderdeel ‘{missing[0]}’ ontbreekt in het bestand.")
    if unknown := sorted(sections.keys() - expected):
        raise TransferError(f"Het onderdeel ‘{unknown[0]}’ kent deze installatie niet.")
    for name, rows in sections.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise TransferError(f"Het onderdeel ‘{name}’ is geen lijst van rijen.")
    if len(sections["organisation"]) != 1:
        raise TransferError("Het bestand moet precies één organisatie bevatten.")
    return document


class _Import:
    def __init__(self, document: dict):
        self.sections = document["sections"]
        self.pks: dict[str, dict[str, int]] = {}  # model label -> key -> id here
        self.reused: dict[str, set[str]] = {}  # model label -> keys found here
        self.later: list = []  # (model, id, attname, target label, key, where)
        self.result = ImportResult(organisation=None)

    def run(self) -> ImportResult:
        for section in SECTIONS:
            for number, row in enumerate(self.sections[section.name], start=1):
                self._row(section, row, f"‘{section.name}’, rij {number}")
        for model, pk, attname, label, key, where in self.later:
            target = self._pk(label, key, where, attname)
            models.QuerySet(model=model).filter(pk=pk).update(**{attname: target})
        return self.result

    def _pk(self, label, key, where, name):
        pk = self.pks.get(label, {}).get(_hashable(key))
        if pk is None:
            raise TransferError(
                f"{where}: ‘{name}’ verwijst naar {json.dumps(key, ensure_ascii=False)}, "
                "maar dat staat niet in het bestand."
            )
        return pk

    def _id_for(self, where, name):
        def convert(label, key):
            return None if key is None else self._pk(label, key, where, name)

        return convert

    def _row(self, section: Section, row: dict, where: str) -> None:
        model = section.model_class
        label = model._meta.label
        fields = section.carried_fields()
        expected = {"key"} | {f.name for f in fields}
        if missing := sorted(expected - row.keys()):
            raise TransferError(f"{where}: het veld ‘{missing[0]}’ ontbreekt.")
        if unknown := sorted(row.keys() - expected):
            raise TransferError(f"{where}: het veld ‘{unknown[0]}’ kent deze installatie niet.")
        key = _hashable(row["key"])
        if key in self.pks.setdefault(label, {}):
            raise TransferError(f"{where}: de sleutel {key} komt twee keer voor.")
        values, later = {}, []
        for f in fields:
            value = row[f.name]
            if f.is_relation:
                target = f.related_model._meta.label
                if value is None:
                    if not f.null:
                        raise TransferError(f"{where}: ‘{f.name}’ is verplicht.")
                    values[f.attname] = None
                elif target == label and f.null and _hashable(value) not in self.pks[label]:
                    values[f.attname] = None  # a row further on in this section: set after
                    later.append((f.attname, target, value))
                else:
                    values[f.attname] = self._pk(target, value, where, f.name)
            elif f.name in section.codecs:
                try:
                    codec = CODECS[section.codecs[f.name]]
                    values[f.attname] = codec(value, self._id_for(where, f.name))
                except (KeyError, TypeError, IndexError, AttributeError):
                    raise TransferError(f"{where}: ‘{f.name}’ is niet zoals verwacht.") from None
            else:
                try:
                    values[f.attname] = f.to_python(value)
                except (TypeError, ValueError):  # a number where a date should be, and so on
                    raise TransferError(
                        f"{where}: ‘{f.name}’ heeft een verkeerd soort waarde."
                    ) from None
                except ValidationError as error:
                    raise TransferError(
                        f"{where}: ‘{f.name}’: {' '.join(error.messages)}"
                    ) from None
        if self._found_here(section, row, values, key, where):
            return
        if section.parent and _hashable(row[section.parent]) in self.reused.get(
            next(f for f in fields if f.name == section.parent).related_model._meta.label, ()
        ):
            # part of a model version this installation has already: keep its own
            self.result.reused[section.name] += 1
            return
        instance = model(**values)
        try:
            if section.on_create:
                section.on_create(instance)
            instance.clean_fields(exclude=[f.name for f in fields if f.is_relation])
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            raise TransferError(f"{where}: ‘{name}’: {' '.join(messages)}") from None
        try:
            # no savepoint: one failure ends the whole import, rolled back by the caller
            models.Model.save_base(instance, raw=True)
        except DatabaseError as error:
            raise TransferError(f"{where}: dit botst met wat hier al staat ({error}).") from None
        self.pks[label][key] = instance.pk
        self.later += [(model, instance.pk, *item, where) for item in later]
        self.result.created[section.name] += 1
        if section.name == "organisation":
            self.result.organisation = instance

    def _found_here(self, section: Section, row, values, key, where) -> bool:
        """Whether the row's natural key exists here, and then use that row. Refused for a
        section whose rows must be new, when a field that must match differs, and for a new
        part of a model version that exists here (that would change its texts)."""
        if not section.natural_key:
            return False
        fields = {f.name: f for f in section.carried_fields()}
        expected = []
        for name in section.natural_key:
            value = row[name]
            expected += value if fields[name].is_relation else [value]
        if expected != row["key"]:
            raise TransferError(f"{where}: de sleutel past niet bij de velden.")
        lookup = {
            fields[name].attname: values[fields[name].attname] for name in section.natural_key
        }
        existing = models.QuerySet(model=section.model_class).filter(**lookup).first()
        label = section.model_class._meta.label
        if existing is None:
            parent = section.parent and fields[section.parent]
            if parent and _hashable(row[section.parent]) in self.reused.get(
                parent.related_model._meta.label, ()
            ):
                raise TransferError(
                    f"{where}: het model {json.dumps(row[section.parent], ensure_ascii=False)} "
                    "bestaat hier al, maar zonder dit onderdeel. Importeer in een installatie "
                    "zonder dit model, of met dezelfde versie ervan."
                )
            return False
        if section.must_be_new:
            raise TransferError(
                f"{where}: {json.dumps(row['key'], ensure_ascii=False)} bestaat hier al. Een "
                "import voegt nooit samen met wat er is."
            )
        for name in section.must_match:
            here, there = getattr(existing, name), values[fields[name].attname]
            if not _matches(name, here, there):
                raise TransferError(
                    f"{where}: {json.dumps(row['key'], ensure_ascii=False)} bestaat hier al, "
                    f"maar met een ander ‘{name}’. Vraag de beheerder om dit recht te zetten."
                )
        self.pks[label][key] = existing.pk
        self.reused.setdefault(label, set()).add(key)
        self.result.reused[section.name] += 1
        return True


def organisation_import(*, data: bytes | str, link_existing_accounts: bool = False) -> ImportResult:
    """Restore an organisation from an export (see export.py), in one transaction: either
    everything is written or nothing. Accounts and model versions that exist here (same
    natural key) are used, not copied; a new account gets no password. The result names
    every existing account that was linked and the role it got (`linked`), and the
    organisation's logboek gets a line (signed by the current actor, "systeem" for the
    command). Raises TransferError, writing nothing, for a file that is not valid JSON, has
    a newer schema version, lacks a section or field, links to a row it does not hold, holds
    an organisation whose code exists here, or would link any existing account (whatever its
    role: lezer, coordinator, only named in a round, a superuser) without
    `link_existing_accounts`: the file could hand an organisation's data, or the right to
    invite and erase, to whoever owns that account here. The logboek line names the linked
    accounts with their roles. Once committed, the tables it filled are analysed on
    PostgreSQL (common/table_statistics.py)."""
    document = parse_document(data)
    with transaction.atomic():
        importer = _Import(document)
        result = importer.run()
        result.linked = _linked_accounts(importer, result.organisation)
        if result.linked and not link_existing_accounts:
            names = ", ".join(linked_name(link) for link in result.linked)
            raise TransferError(
                f"Het bestand koppelt bestaande accounts van deze installatie aan "
                f"{result.organisation.name}: {names}. Controleer of dat dezelfde mensen zijn, "
                "en start de import dan opnieuw met --link-existing-accounts."
            )
        audit_record(
            action=AuditEntry.Action.ORGANISATION_IMPORT,
            organisation=result.organisation,
            subject=linked_subject(result.linked),
            count=len(result.linked),
        )
    # After the commit: the planner's statistics of every table the import filled.
    tables_analyse(section.model_class for section in SECTIONS if result.created[section.name])
    return result


def linked_name(link: LinkedAccount) -> str:
    """An account the import links, with the role it gets (and whether it administers this
    installation), e.g. "collega (collega@example.org): Lezer"."""
    name = f"{account_name(link.user)}: {link.role_label}"
    return f"{name}, beheerder van deze installatie" if link.user.is_superuser else name


SUBJECT_LENGTH = 200  # AuditEntry.subject


def linked_subject(linked: list[LinkedAccount]) -> str:
    """The logboek's line on the linked accounts, naming them with their roles as far as
    the line holds, then how many more ("; en nog 3")."""
    if not linked:
        return "geen bestaande accounts gekoppeld"
    subject = "bestaande accounts gekoppeld: "
    for index, link in enumerate(linked):
        left = len(linked) - index - 1  # names after this one
        reserve = len(f"; en nog {left}") if left else 0
        name = ("; " if index else "") + linked_name(link)
        if len(subject) + len(name) + reserve > SUBJECT_LENGTH:
            if index:
                return f"{subject}; en nog {left + 1}"
            name = name[: SUBJECT_LENGTH - len(subject) - reserve - 1] + "…"
        subject += name
    return subject


def _linked_accounts(importer: _Import, organisation) -> list[LinkedAccount]:
    """The accounts the file linked to that existed here, with their role in `organisation`,
    by username. Two queries."""
    label = get_user_model()._meta.label
    ids = [importer.pks[label][key] for key in importer.reused.get(label, ())]
    roles = dict(
        Membership.objects.filter(organisation=organisation, user_id__in=ids).values_list(
            "user_id", "role"
        )
    )
    users = get_user_model().objects.filter(pk__in=ids).order_by("username")
    return [LinkedAccount(user=user, role=roles.get(user.pk)) for user in users]


def _matches(name: str, here, there) -> bool:
    """Whether a field that must match does: e-mail addresses as their address_key (never
    for an address we refuse: `buitenſtaander@` is not `buitenstaander@`, though Python's
    casefold makes them equal), anything else case-folded."""
    if name == "email":
        return (not here and not there) or same_address(here, there)
    return str(here).casefold() == str(there).casefold()


def account_name(user) -> str:
    """How the import names an account: username, with the address when it differs."""
    if user.email and user.email != user.get_username():
        return f"{user.get_username()} ({user.email})"
    return user.get_username()

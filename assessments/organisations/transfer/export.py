"""Writing an organisation's data as one JSON document (see schema.py for what is in it).

The same data always gives the same bytes: rows in the order they were stored, fields
sorted by name, no export date. So export → import into an empty installation → export
gives the identical file, which is how the round trip is tested."""

import base64
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import models

from ..models import Organisation
from .schema import CODECS, FORMAT, SCHEMA_VERSION, SECTIONS, Section, TransferError


def _plain(model):
    """A QuerySet without the model's own manager: the stored values as they are (no
    translation descriptors, no freeze checks; this only reads)."""
    return models.QuerySet(model=model)


def _json_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _canonical(value):
    """A JSON field's value with its objects' keys sorted: PostgreSQL's jsonb gives them back
    in its own order, SQLite as written."""
    if isinstance(value, dict):
        return {key: _canonical(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def _links(section: Section) -> list:
    return [field for field in section.carried_fields() if field.is_relation]


class _Export:
    def __init__(self, organisation: Organisation):
        self.scopes = {
            "organisation": {organisation.pk},
            # through the reverse link: the transfer reads every model by its section
            "framework": set(organisation.rounds.values_list("framework_id", flat=True)),
        }
        self.rows: dict[str, list[dict]] = {}
        self.keys: dict[str, dict] = {}  # model label -> pk -> key

    def read(self) -> None:
        """One query per section, whatever the number of rows."""
        for section in SECTIONS:
            if section.group != "accounts":
                self.rows[section.name] = self._query(section, self.scopes[section.group])
        # accounts: the ones the rows read above link to
        for section in SECTIONS:
            if section.group == "accounts":
                label = section.model_class._meta.label
                linked = {
                    row[field.attname]
                    for other in SECTIONS
                    if other.group != "accounts"
                    for field in _links(other)
                    if field.related_model._meta.label == label
                    for row in self.rows[other.name]
                }
                self.rows[section.name] = self._query(section, linked - {None})

    def _query(self, section: Section, scope: set) -> list[dict]:
        names = [field.attname for field in section.carried_fields()]
        lookup = "pk__in" if section.scope == "pk" else f"{section.scope}__in"
        queryset = _plain(section.model_class).filter(**{lookup: scope}).order_by("pk")
        return list(queryset.values("pk", *names))

    def assign_keys(self) -> None:
        """The key of every row: its natural key, or its place in its section (from 1)."""
        for section in SECTIONS:
            label = section.model_class._meta.label
            keys = self.keys.setdefault(label, {})
            fields = {field.name: field for field in section.carried_fields()}
            for number, row in enumerate(self.rows[section.name], start=1):
                if section.natural_key:
                    key = []
                    for name in section.natural_key:
                        field = fields[name]
                        if field.is_relation:
                            key += self._key_of(field, row[field.attname], section)
                        else:
                            key.append(_json_value(row[field.attname]))
                    keys[row["pk"]] = key
                else:
                    keys[row["pk"]] = number

    def _key_of(self, field, pk, section: Section):
        if pk is None:
            return None
        key = self.keys.get(field.related_model._meta.label, {}).get(pk)
        if key is None:
            raise TransferError(
                f"‘{section.name}’ verwijst via ‘{field.name}’ naar iets dat niet bij deze "
                f"organisatie hoort ({field.related_model._meta.label} {pk})."
            )
        return key

    def _id_to_key(self, label, pk):
        return self.keys.get(label, {}).get(pk)

    def document(self) -> dict:
        sections = {}
        for section in SECTIONS:
            rows = []
            for row in self.rows[section.name]:
                item = {"key": self.keys[section.model_class._meta.label][row["pk"]]}
                for field in section.carried_fields():
                    value = row[field.attname]
                    if field.is_relation:
                        value = self._key_of(field, value, section)
                    elif field.name in section.codecs:
                        codec = CODECS[section.codecs[field.name]]
                        value = _canonical(codec(value, self._id_to_key))
                    elif isinstance(field, models.JSONField):
                        value = _canonical(value)
                    else:
                        value = _json_value(value)
                    item[field.name] = value
                rows.append(item)
            sections[section.name] = rows
        return {"schema_version": SCHEMA_VERSION, "format": FORMAT, "sections": sections}


def organisation_export(*, organisation: Organisation) -> dict:
    """The organisation's data as a JSON-ready document: its memberships and the accounts
    they link to, its rounds with everything in them, its audit trail, and the model
    versions its rounds used. One query per section. Raises TransferError when a row links
    to something outside the organisation (which the app never writes)."""
    export = _Export(organisation)
    export.read()
    export.assign_keys()
    return export.document()


def document_bytes(document: dict) -> bytes:
    """The document as the file holds it: UTF-8, one field per line, a newline at the end."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()

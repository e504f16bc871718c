"""What an organisation export holds: the declared list of sections, in the order they are
written and read back. A model added later (a status history, an invitation) needs one
Section line here; its fields, new fields on existing models (translations) and its links
to other sections are carried by the field walker in export.py and importer.py.

Every field is carried except the primary key and what a section excludes. A link (foreign
key) is written as the key of the row it points to: a natural key for the model texts and
accounts (found again by it in the other installation), a number within its section for
everything else. JSON fields that hold ids inside need a codec (CODECS, below)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bouwstenen.snapshot import TRANSLATIONS_KEY

from ...common.addresses import address_key

FORMAT = "borgingshuis-organisatie"
# Raise when a file written now could not be read by the importer of the previous release
# (a section or field renamed or removed, a meaning changed). A new section or field does not
# need it: an older file then misses it, which the importer refuses as "missing" until then.
# 2: the organisation's parts (onderdelen), a round's scope (onderdeel, asked_bouwstenen) and
# a respondent's gemeente. A file of version 1 is read as before, via UPGRADES.
SCHEMA_VERSION = 2


@dataclass(frozen=True)
class Section:
    name: str  # its key in the file
    model: str  # "app_label.ModelName"
    # The lookup from a row to what selects it: the organisation for the organisation's
    # data, the framework for the model texts; "pk" for the one that is selected itself.
    scope: str
    group: str = "organisation"  # "organisation", "framework" or "accounts"
    # Natural key fields (a link field stands for the key of the row it points to). Rows
    # with a natural key that exists in the other installation are used, not copied.
    natural_key: tuple[str, ...] = ()
    # The row this one belongs to: when that row was found in the other installation, this
    # one (without a natural key) is not copied either, it is part of what is there.
    parent: str | None = None
    fields: tuple[str, ...] | None = None  # only these (for accounts), else all but `exclude`
    exclude: tuple[str, ...] = ()
    # Fields that must be equal when a row is found by its natural key (an account is only
    # used when its e-mail address matches too).
    must_match: tuple[str, ...] = ()
    # JSON fields holding ids of other rows: field name -> codec name (see CODECS)
    codecs: dict[str, str] = field(default_factory=dict)
    on_create: Callable | None = None  # called on a new row before it is saved
    must_be_new: bool = False  # a row found by its natural key is refused, not used

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def carried_fields(self) -> list:
        """The model's fields this section writes and reads, in a fixed order."""
        fields = [f for f in self.model_class._meta.concrete_fields if not f.primary_key]
        if self.fields is not None:
            fields = [f for f in fields if f.name in self.fields]
        return sorted((f for f in fields if f.name not in self.exclude), key=lambda f: f.name)


def _new_account(user) -> None:
    """An account made by the import has no password: its owner chooses one through
    "Wachtwoord vergeten?". Password hashes never leave an installation. Its address is
    stored as its address_key; an address with characters we refuse stops the import."""
    user.set_unusable_password()
    if user.email:
        key = address_key(user.email)
        if key is None:
            raise ValidationError(
                {"email": _("Dit e-mailadres bevat tekens die we niet aannemen.")}
            )
        user.email = key


SECTIONS = [
    # accounts: only those the organisation's data links to
    Section(
        "accounts",
        settings.AUTH_USER_MODEL,
        scope="pk",
        group="accounts",
        natural_key=("username",),
        fields=("username", "email", "first_name", "last_name", "is_active"),
        must_match=("email",),
        on_create=_new_account,
    ),
    # the model versions the rounds used, whole
    Section(
        "frameworks", "bouwstenen.Framework", scope="pk", group="framework", natural_key=("slug",)
    ),
    *(
        Section(
            name,
            model,
            scope="framework",
            group="framework",
            natural_key=("framework", code),
            parent="framework",
        )
        for name, model, code in (
            ("niveaus", "bouwstenen.Niveau", "code"),
            ("rollen", "bouwstenen.Rol", "code"),
            ("scale", "bouwstenen.ScaleLevel", "value"),
            ("bouwstenen", "bouwstenen.Bouwsteen", "number"),
        )
    ),
    Section(
        "reflection_questions",
        "bouwstenen.ReflectionQuestion",
        scope="bouwsteen__framework",
        group="framework",
        parent="bouwsteen",
    ),
    # the organisation's own data
    # refused when its code exists: an import never merges into an organisation
    Section(
        "organisation", "assessments.Organisation", "pk", natural_key=("slug",), must_be_new=True
    ),
    Section("memberships", "assessments.Membership", "organisation"),
    # a part's key is its name (unique within the organisation), so a round or a
    # respondent names the part it is about by name in the file
    Section(
        "onderdelen", "assessments.Onderdeel", "organisation", natural_key=("organisation", "name")
    ),
    Section("rounds", "assessments.Round", "organisation", codecs={"snapshot": "snapshot"}),
    Section("respondents", "assessments.Respondent", "round__organisation"),
    Section("answers", "assessments.Answer", "respondent__round__organisation"),
    Section("consensus", "assessments.Consensus", "round__organisation"),
    Section(
        "tussenstanden",
        "assessments.Tussenstand",
        "round__organisation",
        codecs={"respondent_ids": "respondent_ids", "rows": "tussenstand_rows"},
    ),
    Section("round_messages", "assessments.RoundMessage", "round__organisation"),
    Section("reminders", "assessments.ReminderSent", "respondent__round__organisation"),
    Section("actions", "assessments.ImprovementAction", "round__organisation"),
    Section("action_updates", "assessments.ActionUpdate", "action__round__organisation"),
    Section(
        "actions_at_close",
        "assessments.ActionsAtClose",
        "round__organisation",
        codecs={"actions": "action_list", "previous_actions": "action_list"},
    ),
    # the trail keeps the actor's name; the link to the account is not carried, so an
    # import makes no account for someone who only appears in the trail
    Section("audit", "assessments.AuditEntry", "organisation", exclude=("actor",)),
]

# Models of the two apps that are deliberately not in the file, with the reason. A test
# fails for a model in neither list, so a new model is a decision, not an omission.
NOT_EXPORTED = {
    # a cache of the PDF: rendered again on the first download in the other installation
    "assessments.RenderedReport": "cache",
    "assessments.RenderedActionPlan": "cache",
    # a release's stored figures hold this installation's ids: the other installation stores
    # them again from the answers (and tussenstanden) on the first read (releases.py)
    "assessments.StoredRelease": "stored again from the answers",
    "assessments.ReleasedToelichting": "stored again from the answers",
    # a rode draad holds its rounds' release ids and this installation's round ids: the
    # coordinator makes it again from the imported rounds (rodedraad/services.py)
    "assessments.RodeDraad": "made again from the rounds' releases",
    "assessments.RenderedRodeDraad": "cache",
    # a waiting invitation's link works only where it was sent (its token is stored hashed):
    # the coordinator invites the colleague again in the other installation
    "assessments.MemberInvitation": "pending invitation",
    # the key of the form that created a round: it guards only the moment of creating
    "assessments.RoundStartKey": "form key",
    # consent to the comparison is given to this installation's comparison: the coordinator
    # gives it again in the other; releases and their switches belong to the installation
    "assessments.BenchmarkProfile": "consent for this installation",
    "assessments.BenchmarkRelease": "installation-wide",
    "assessments.BenchmarkSettings": "installation-wide",
    # only changes what a removed begeleider's pages say in this installation
    "assessments.BegeleiderAccessEnded": "a note for this installation's pages",
}


class TransferError(ValueError):
    """A file that cannot be imported, or data that cannot be exported; the message is Dutch
    and says where."""


# --- codecs: JSON fields that hold ids -------------------------------------------------------
# Each is (to_file, from_file), called with the value and a function that turns an id into
# a key (export) or a key into an id (import) for a model label.


def _snapshot(value, convert):
    if not value:
        return value
    value = {**value}
    for part, model in (
        ("niveaus", "bouwstenen.Niveau"),
        ("rollen", "bouwstenen.Rol"),
        ("bouwstenen", "bouwstenen.Bouwsteen"),
    ):
        value[part] = [{**item, "id": convert(model, item["id"])} for item in value[part]]
    # the same texts in the other languages (bouwstenen/snapshot.py), with the same ids
    if TRANSLATIONS_KEY in value:
        value[TRANSLATIONS_KEY] = {
            language: _snapshot(texts, convert)
            for language, texts in value[TRANSLATIONS_KEY].items()
        }
    return value


# The links inside a frozen action list (actions/models.ActionsAtClose): an action deleted
# since it was frozen has no key any more and keeps its texts without the link.
_ACTION_LINKS = {
    "id": "assessments.ImprovementAction",
    "carried_from_id": "assessments.ImprovementAction",
    "bouwsteen_id": "bouwstenen.Bouwsteen",
    "owner_rol_id": "bouwstenen.Rol",
}


def _action_list(value, convert):
    return [
        {
            **item,
            **{
                name: convert(model, item[name])
                for name, model in _ACTION_LINKS.items()
                if item.get(name) is not None
            },
        }
        for item in value
    ]


def _respondent_ids(value, convert):
    return [convert("assessments.Respondent", item) for item in value]


def _tussenstand_rows(value, convert):
    return [[convert("bouwstenen.Bouwsteen", row[0]), *row[1:]] for row in value]


CODECS = {
    "snapshot": _snapshot,
    "respondent_ids": _respondent_ids,
    "tussenstand_rows": _tussenstand_rows,
    "action_list": _action_list,
}


# --- older files -----------------------------------------------------------------------------
# Each turns a document of its version into one of the next, filling in what that version
# added with what the older file meant.


def _from_version_1(sections: dict) -> None:
    """Before parts: every round was about the whole organisation and asked every
    bouwsteen; no respondent named a gemeente."""
    sections.setdefault("onderdelen", [])
    for section, defaults in (
        ("rounds", {"onderdeel": None, "asked_bouwstenen": []}),
        ("respondents", {"gemeente": None}),
    ):
        for row in sections.get(section) or []:
            if isinstance(row, dict):
                for name, value in defaults.items():
                    row.setdefault(name, value)


UPGRADES = {1: _from_version_1}


def upgraded_sections(version: int, sections: dict) -> dict:
    """The sections of a document of `version` as the current version has them."""
    for step in range(version, SCHEMA_VERSION):
        UPGRADES[step](sections)
    return sections

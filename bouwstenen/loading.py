"""Loading the models shipped as fixtures, without ever overwriting what a beheerder edited.

A shipped model is loaded only when no framework with its slug (its natural key) exists yet;
one that is there is left exactly as it is, edited or not. A newer shipped version of a model
that is already there (another slug, the same Dutch name) arrives unpublished, so the
beheerder decides when coordinators get it. Every record loaded gets its first history entry,
so the text as shipped can be restored after an edit.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from .models import Bouwsteen, Framework, Niveau, ReflectionQuestion, Rol, ScaleLevel

# Every model the application ships, loaded beside each other (fixtures/<name>.json).
SHIPPED_MODELS = ("borgingshuis_model", "democratische_waarden_model")
LOADED_REASON = "Geladen uit het meegeleverde model"


def fixture_path(name: str) -> Path:
    """The fixture file `name` (without .json) in FIXTURE_DIRS, or a path given as is."""
    path = Path(name)
    if path.suffix == ".json" and path.exists():
        return path
    for directory in settings.FIXTURE_DIRS:
        candidate = Path(directory) / f"{name}.json"
        if candidate.exists():
            return candidate
    raise FileNotFoundError(name)


def framework_fields(path: Path) -> dict:
    """The fields of the (one) framework in the fixture file."""
    for item in json.loads(path.read_text(encoding="utf-8")):
        if item["model"] == "bouwstenen.framework":
            return item["fields"]
    raise ValueError(f"{path} holds no bouwstenen.framework")


@transaction.atomic
def shipped_model_load(*, fixture: str) -> Framework | None:
    """Load the model in `fixture` when its slug is not in the database yet; return the new
    framework, or None when it was there already (nothing is changed then).

    A model whose lineage, or else whose Dutch name, an existing framework already has is a
    newer version of it: it arrives unpublished, in that framework's lineage. Each loaded
    record gets a "created" history entry."""
    path = fixture_path(fixture)
    fields = framework_fields(path)
    if Framework.objects.filter(slug=fields["slug"]).exists():
        return None
    earlier = _earlier_version(fields)
    call_command("loaddata", str(path), verbosity=0)
    framework = Framework.objects.get(slug=fields["slug"])
    # loaddata saves raw (save() does not run): the lineage is set here. A newer version
    # joins its earlier version's lineage, so its rounds are compared with theirs.
    framework.lineage = earlier.lineage if earlier else (fields.get("lineage") or framework.slug)
    if earlier:
        framework.is_published = False
    Framework.objects.filter(pk=framework.pk).update(
        lineage=framework.lineage, is_published=framework.is_published
    )
    _initial_history(framework)
    return framework


def _earlier_version(fields: dict) -> Framework | None:
    """The existing framework the fixture's model is a newer version of: one with the same
    lineage (when the fixture names one), else one with the same Dutch name; or None."""
    frameworks = Framework.objects.order_by("pk")
    if fields.get("lineage"):
        found = frameworks.filter(lineage=fields["lineage"]).first()
        if found:
            return found
    return frameworks.filter(name_nl=fields["name_nl"]).first()


def _initial_history(framework: Framework) -> None:
    """The first history entry of every record of the framework (loaddata saves raw, which
    django-simple-history does not record)."""
    parts = [
        [framework],
        Niveau.objects.filter(framework=framework),
        Rol.objects.filter(framework=framework),
        ScaleLevel.objects.filter(framework=framework),
        Bouwsteen.objects.filter(framework=framework),
        ReflectionQuestion.objects.filter(bouwsteen__framework=framework),
    ]
    for records in parts:
        records = list(records)
        if records:
            type(records[0]).history.bulk_history_create(
                records, default_change_reason=LOADED_REASON
            )

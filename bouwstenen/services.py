"""Writes that touch several parts of a framework."""

from itertools import count

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from .models import Bouwsteen, Framework

COPY_SLUG_SUFFIX = "-kopie"
COPY_VERSION_SUFFIX = " (kopie)"
# Room kept for "-kopie-NNN" when looking up the slugs already taken.
LONGEST_SLUG_SUFFIX = f"{COPY_SLUG_SUFFIX}-999"


@transaction.atomic
def framework_copy(*, framework: Framework) -> Framework:
    """Return a new, unpublished framework with a copy of every part of `framework`: niveaus,
    rollen, scale, bouwstenen (placed on the copied niveaus and rollen) and their reflection
    questions. The original is not changed.

    The copy keeps the name; its slug is "<slug>-kopie", or "-kopie-2", "-kopie-3" … when that
    is taken, shortened to fit the field; its version gets " (kopie)". Every copied record gets
    a "created" history entry (by the user of the current request, if any).

    Takes the same number of queries whatever the size of the model. Relies on the database
    returning the new ids from a bulk insert (PostgreSQL; SQLite 3.35+). SQLite splits an
    insert of more than 999 values into batches, so there a very large model takes more.
    """
    copy = _unsaved_copy(
        framework,
        slug=_free_copy_slug(framework.slug),
        version=_fit(framework.version, COPY_VERSION_SUFFIX, Framework, "version"),
        is_published=False,
    )
    reason = f"Kopie van {framework.slug}"
    copy._change_reason = reason
    copy.full_clean()
    copy.save()

    new_niveau_ids = _copy_parts(framework.niveau_set.all(), reason, framework_id=copy.pk)
    new_rol_ids = _copy_parts(framework.rol_set.all(), reason, framework_id=copy.pk)
    _copy_parts(framework.scale.all(), reason, framework_id=copy.pk)

    originals = list(Bouwsteen.objects.filter(framework=framework).prefetch_related("questions"))
    bouwstenen = _create_with_history(
        [
            _unsaved_copy(
                bouwsteen,
                framework_id=copy.pk,
                niveau_id=new_niveau_ids[bouwsteen.niveau_id],
                rol_id=new_rol_ids[bouwsteen.rol_id],
            )
            for bouwsteen in originals
        ],
        reason,
    )
    _create_with_history(
        [
            _unsaved_copy(question, bouwsteen_id=new.pk)
            for original, new in zip(originals, bouwstenen, strict=True)
            for question in original.questions.all()
        ],
        reason,
    )
    return copy


def _copy_parts(queryset: models.QuerySet, reason: str, **overrides) -> dict[int, int]:
    """Copy every record of the queryset with `overrides`; return new id by original id."""
    originals = list(queryset)
    copies = _create_with_history([_unsaved_copy(item, **overrides) for item in originals], reason)
    return {original.pk: new.pk for original, new in zip(originals, copies, strict=True)}


def _create_with_history(objs: list, reason: str) -> list:
    """Insert the records and their "created" history entries: two queries for any number."""
    if not objs:
        return []
    return bulk_create_with_history(objs, type(objs[0]), default_change_reason=reason)


def _unsaved_copy(obj: models.Model, **overrides) -> models.Model:
    """An unsaved record with obj's field values except the primary key and `overrides`
    (given by attname, e.g. framework_id). A field added to the model later is copied too."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    return type(obj)(**(values | overrides))


def _fit(text: str, suffix: str, model: type[models.Model], field_name: str) -> str:
    """`text` with `suffix`, cut short so the whole fits the field's max_length."""
    max_length = model._meta.get_field(field_name).max_length
    return text[: max_length - len(suffix)] + suffix


def _free_copy_slug(slug: str) -> str:
    """The first of "<slug>-kopie", "<slug>-kopie-2", … that no framework uses yet (one
    query). Past -kopie-999 the look-up may miss a taken slug; full_clean then refuses it."""
    max_length = Framework._meta.get_field("slug").max_length
    prefix = slug[: max_length - len(LONGEST_SLUG_SUFFIX)]
    taken = set(Framework.objects.filter(slug__startswith=prefix).values_list("slug", flat=True))
    for number in count(1):
        suffix = COPY_SLUG_SUFFIX if number == 1 else f"{COPY_SLUG_SUFFIX}-{number}"
        candidate = _fit(slug, suffix, Framework, "slug")
        if candidate not in taken:
            return candidate

"""The parts of an organisation (onderdelen): a team, a project around one vraagstuk, or one
of the gemeenten a werkorganisatie serves. A round may be about one part (Round.onderdeel)
and a bestuur respondent may name the gemeente they serve (Respondent.gemeente).

The rules: a name is unique within the organisation (ignoring case, the model's
constraint); a part that a round or a respondent names is never deleted (both links are
PROTECT, so a closed round keeps its scope); a gemeente that respondents name stays a
gemeente. The rounds and respondents live in a sub-domain above this one, so they are read
through the app registry, never imported."""

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, ProtectedError, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Onderdeel, Organisation


def _respondents():
    return apps.get_model("assessments", "Respondent").objects


def onderdelen_with_use(organisation: Organisation) -> QuerySet[Onderdeel]:
    """The organisation's parts by kind and name, each with `round_count` (rounds about it)
    and `respondent_count` (respondents who name it as their gemeente). One query."""
    named_by = (
        _respondents()
        .filter(gemeente=OuterRef("pk"))
        .order_by()
        .values("gemeente")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Onderdeel.objects.filter(organisation=organisation)
        .annotate(
            round_count=Count("rounds", distinct=True),
            respondent_count=Coalesce(Subquery(named_by, output_field=IntegerField()), 0),
        )
        .order_by("kind", "name", "pk")
    )


def onderdeel_create(*, organisation: Organisation, name: str, kind: str) -> Onderdeel:
    """A new part of the organisation. Raises ValidationError (by field), creating nothing,
    for an empty or too long name, an unknown kind, or a name the organisation already
    has (ignoring case)."""
    with transaction.atomic():
        onderdeel = Onderdeel(organisation=organisation, name=name.strip(), kind=kind)
        _full_clean(onderdeel)
        onderdeel.save()
    return onderdeel


def onderdeel_update(*, onderdeel: Onderdeel, name: str, kind: str) -> Onderdeel:
    """Rename the part or change its kind; rounds about it keep pointing at it. Raises
    ValidationError (by field), changing nothing, as onderdeel_create does, and when a
    gemeente that respondents name would become another kind."""
    with transaction.atomic():
        stored = Onderdeel.objects.select_for_update().get(pk=onderdeel.pk)
        if stored.kind == Onderdeel.Kind.GEMEENTE and kind != Onderdeel.Kind.GEMEENTE:
            named = _respondents().filter(gemeente=stored).count()
            if named:
                raise ValidationError(
                    {
                        "kind": ngettext(
                            "%(count)d deelnemer heeft dit onderdeel als gemeente. Het blijft "
                            "daarom een gemeente.",
                            "%(count)d deelnemers hebben dit onderdeel als gemeente. Het blijft "
                            "daarom een gemeente.",
                            named,
                        )
                        % {"count": named}
                    }
                )
        stored.name, stored.kind = name.strip(), kind
        _full_clean(stored)
        stored.save(update_fields=["name", "kind"])
    return stored


def onderdeel_delete(*, onderdeel: Onderdeel) -> None:
    """Delete a part nothing names. Raises ValidationError, deleting nothing, when a round
    is about it or a respondent names it as their gemeente (say which, so the coordinator
    knows what to change first)."""
    with transaction.atomic():
        stored = Onderdeel.objects.select_for_update().filter(pk=onderdeel.pk).first()
        if stored is None:
            return
        _ensure_unused(stored)
        try:
            stored.delete()
        except ProtectedError:  # named by something added since the check above
            raise ValidationError(_in_use_message(stored.name), code="in_use") from None


def _full_clean(onderdeel: Onderdeel) -> None:
    """full_clean, with the unique name's message next to the name (a constraint on an
    expression reports it for the whole row)."""
    try:
        onderdeel.full_clean()
    except ValidationError as error:
        errors = error.message_dict
        if NON_FIELD_ERRORS in errors:
            errors.setdefault("name", []).extend(errors.pop(NON_FIELD_ERRORS))
        raise ValidationError(errors) from None


def _ensure_unused(onderdeel: Onderdeel) -> None:
    rounds = onderdeel.rounds.count()
    if rounds:
        raise ValidationError(
            ngettext(
                "‘%(name)s’ kun je niet verwijderen: %(count)d ronde gaat over dit onderdeel. "
                "Een ronde houdt het onderdeel waarover die gaat. Je kunt het onderdeel wel "
                "een andere naam geven.",
                "‘%(name)s’ kun je niet verwijderen: %(count)d rondes gaan over dit onderdeel. "
                "Een ronde houdt het onderdeel waarover die gaat. Je kunt het onderdeel wel "
                "een andere naam geven.",
                rounds,
            )
            % {"name": onderdeel.name, "count": rounds},
            code="in_use",
        )
    if _respondents().filter(gemeente=onderdeel).exists():
        raise ValidationError(_in_use_message(onderdeel.name), code="in_use")


def _in_use_message(name: str) -> str:
    return _(
        "‘%(name)s’ kun je niet verwijderen: een ronde of een deelnemer noemt dit onderdeel. "
        "Je kunt het onderdeel wel een andere naam geven."
    ) % {"name": name}

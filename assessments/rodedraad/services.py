"""Making a rode draad: the one write of this sub-domain. Its figures are read from the
rounds' stored final releases only (figures.py says why that is safe) and stored with it."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..organisations.models import Organisation
from ..reporting.releases import final_releases
from ..rounds.models import Round
from . import figures as rd
from .models import RodeDraad

MIN_ROUNDS = 2
MAX_ID = 2**63


def _chosen(rounds: Iterable[Round | int]) -> list[Round]:
    """The chosen rounds as they are in the database now (their status may have changed since
    the caller read them), oldest closed first. One query."""
    ids = {item.pk if isinstance(item, Round) else int(item) for item in rounds}
    ids = {pk for pk in ids if 0 < pk < MAX_ID}  # an id out of range is no round at all
    found = Round.objects.filter(pk__in=ids).select_related("framework", "onderdeel")
    return sorted(found, key=lambda item: (item.closed_at is None, item.closed_at, item.pk))


def rode_draad_errors(organisation: Organisation, rounds: list[Round], asked: int) -> list[str]:
    """Why these rounds cannot make a rode draad (empty when they can). `asked` is how many
    were chosen: an id that no longer exists counts as another organisation's. The names of
    another organisation's rounds are never given."""
    errors = []
    own = [item for item in rounds if item.organisation_id == organisation.pk]
    if asked < MIN_ROUNDS:
        errors.append(_("Kies minstens twee gesloten rondes."))
    if len(own) < asked:
        errors.append(_("Kies alleen rondes van je eigen organisatie."))
    open_rounds = [item.name for item in own if not item.is_closed]
    if open_rounds:
        errors.append(
            _("Kies alleen gesloten rondes. Nog niet gesloten: %(names)s.")
            % {"names": ", ".join(open_rounds)}
        )
    lineages = {item.framework.lineage for item in own}
    if len(lineages) > 1:
        names = sorted({item.framework.name for item in own})
        errors.append(
            _("Kies rondes van één model. Je koos rondes van: %(models)s.")
            % {"models": ", ".join(names)}
        )
    return errors


def _part(round: Round, stored: list[dict]) -> tuple[dict, dict[int, rd.PartFigure]]:
    """What the rode draad keeps of one round, and its figures by bouwsteen number."""
    texts = round.model_texts()
    by_id = {item["bouwsteen"]: item for item in stored}
    figures = {
        item.number: rd.part_figure(by_id.get(item.id), asked=round.asks(item.number))
        for item in texts.bouwstenen
    }
    onderdeel = round.onderdeel
    return {
        "round": round.pk,
        "name": round.name,
        "onderdeel": onderdeel.name if onderdeel else "",
        "kind": onderdeel.kind if onderdeel else "",
        "closed_at": round.closed_at.isoformat() if round.closed_at else "",
        "figures": {str(number): rd.figure_json(item) for number, item in figures.items()},
    }, figures


def rode_draad_snapshot(rounds: list[Round]) -> dict:
    """The figures a rode draad of `rounds` (closed, of one model, oldest first) stores: one
    query for all their releases (releases.final_releases), none over answers."""
    releases = final_releases(rounds)
    parts, figures = [], []
    for round in rounds:
        release = releases[round.pk]
        part, found = _part(round, release.stored)
        part["release"] = release.release_id
        part["min_group_size"] = release.min_group_size
        parts.append(part)
        figures.append(found)
    numbers = sorted(set().union(*figures))
    return {
        **rd.rode_draad_figures(numbers, figures),
        "model": rounds[-1].snapshot,
        "lineage": rounds[-1].framework.lineage,
        "numbers": numbers,
        "parts": parts,
    }


def rode_draad_create(
    *, organisation: Organisation, name: str, rounds: Iterable[Round | int], created_by=None
) -> RodeDraad:
    """Make and store the rode draad `name` of `rounds` (Round objects or ids): at least two
    closed rounds of `organisation`, all on versions of one model. Raises ValidationError
    with the errors under "rounds" (rode_draad_errors) or "name", and stores nothing then.
    A constant number of queries, however many rounds."""
    asked = {item.pk if isinstance(item, Round) else int(item) for item in rounds}
    with transaction.atomic():
        chosen = _chosen(asked)
        errors = rode_draad_errors(organisation, chosen, len(asked))
        if errors:
            raise ValidationError({"rounds": errors})
        rode_draad = RodeDraad(
            organisation=organisation,
            name=name.strip(),
            figures=rode_draad_snapshot(chosen),
            created_by=created_by,
        )
        rode_draad.full_clean()
        rode_draad.save()
        rode_draad.rounds.set(chosen)
    return rode_draad

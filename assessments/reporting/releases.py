"""Each release's figures, stored when they are released, so no page or export reads all
answers on a request.

A release is a tussenstand of an open round (tussenstand.py) or the final figures when
answering closes. Its figures are computed once, by disclosure.aggregate under the round's
group size, and stored (StoredRelease): per bouwsteen the distributions, medians, spreads,
desired levels, "weet ik niet" counts and role figures the rules allow, and which
toelichtingen may be shown (ReleasedToelichting: the answer's id, its place in the
alphabetical list and how many wrote it; never the text, which stays the answer's). A final
release of a werkorganisatie's round also holds bestuur per gemeente: `figures["gemeenten"]`
(id, name and counted people per gemeente, gemeenten.py) and per bouwsteen `by_gemeente`
(gemeente id as text: figures, hidden where the rules say); a release stored before either
existed reads as none shown (the same FORMAT_VERSION: both keys are optional). Every
output (page, consensus page, CSV, workbooks, trend, PDF) reads them from there; the
toelichtingen are read only where shown, a range at a time.

The invariants:
- **Stored once, append-only.** A release is stored under a lock on the round (a second
  reader waits and then finds it) and never changed or deleted except with its round.
- **Keyed by group size.** The figures depend on the group size; a round whose group size is
  raised after a release gets a new release beside the old one, computed from the same
  answers (those of the tussenstand, or those counted when answering closed).
- **The consensus is not a figure about answers.** It is agreed after the release and read
  live (sources.py); a stored release holds the figures without it.

The final release is stored when answering closes (signals.py); a round closed before this
existed (or imported) gets its release on its first read, so nothing is lost on upgrade.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.timezone import now

from bouwstenen.scale import LEVELS
from bouwstenen.snapshot import ModelTexts

from ..questionnaire.models import Answer
from ..rounds.models import Round
from ..rounds.tussenstanden import Tussenstand
from . import disclosure
from .gemeenten import gemeenten_counted
from .models import ReleasedToelichting, StoredRelease
from .stats import AnswerRow, BouwsteenStats, Figures

FORMAT_VERSION = 1
FIGURE_FIELDS = ("count", "unknown", "median", "mean", "q1", "q3", "hidden")


def figures_json(figures: Figures) -> dict:
    """A Figures as JSON: its fields, the distribution as a list in LEVELS' order."""
    data = {name: getattr(figures, name) for name in FIGURE_FIELDS}
    data["distribution"] = [figures.distribution[level] for level in LEVELS]
    return data


def figures_from(data: dict) -> Figures:
    return Figures(
        **{name: data[name] for name in FIGURE_FIELDS},
        distribution=dict(zip(LEVELS, data["distribution"], strict=True)),
    )


def stats_json(item: BouwsteenStats) -> dict:
    """What a release stores of one bouwsteen: everything but the consensus and the texts of
    the toelichtingen (their number instead)."""
    return {
        "bouwsteen": item.bouwsteen,
        "current": figures_json(item.current),
        "desired": figures_json(item.desired),
        "by_rol": {rol: figures_json(figures) for rol, figures in item.by_rol.items()},
        "shown_roles": item.shown_roles,
        "hidden_roles": item.hidden_roles,
        "roles_withheld": item.roles_withheld,
        "toelichtingen": len(item.toelichtingen),
        "by_gemeente": {str(key): figures_json(value) for key, value in item.by_gemeente.items()},
    }


class ToelichtingReader:
    """Reads a release's toelichtingen a range of places at a time, for all its bouwstenen
    in one query (the report page's first few of every bouwsteen: one query)."""

    def __init__(self, release_id: int | None):
        self.release_id = release_id
        self.loaded: dict[tuple[int, int], tuple[str, int]] = {}
        self.ranges: list[tuple[int, int]] = []

    def read(self, bouwsteen: int, start: int, stop: int) -> list[tuple[str, int]]:
        """The (text, count) at places start..stop-1 of the bouwsteen; a text emptied
        since is left out."""
        if stop <= start or self.release_id is None:
            return []
        if not any(low <= start and stop <= high for low, high in self.ranges):
            for key, position, text, count in ReleasedToelichting.objects.filter(
                release_id=self.release_id, position__gte=start, position__lt=stop
            ).values_list("bouwsteen_id", "position", "answer__toelichting", "count"):
                self.loaded[(key, position)] = (text.strip(), count)
            self.ranges.append((start, stop))
        found = (self.loaded.get((bouwsteen, position)) for position in range(start, stop))
        return [item for item in found if item and item[0]]


class ReleasedToelichtingen(Sequence):
    """A bouwsteen's toelichtingen in a release, as the list of (text, count) the report
    shows (alphabetical): its length without a query, a slice read when asked for."""

    def __init__(self, reader: ToelichtingReader, bouwsteen: int, total: int):
        self.reader, self.bouwsteen, self.total = reader, bouwsteen, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.total)
            return self.reader.read(self.bouwsteen, start, stop)[::step]
        start = range(self.total)[index]  # IndexError out of range, negative from the end
        found = self.reader.read(self.bouwsteen, start, start + 1)
        if not found:
            return ("", 1)
        return found[0]

    def __iter__(self):
        return iter(self[:])

    def __eq__(self, other):
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self):
        return f"ReleasedToelichtingen({self.bouwsteen}, {self.total})"


def stats_from(data: dict, reader: ToelichtingReader) -> BouwsteenStats:
    return BouwsteenStats(
        bouwsteen=data["bouwsteen"],
        current=figures_from(data["current"]),
        desired=figures_from(data["desired"]),
        by_rol={rol: figures_from(item) for rol, item in data["by_rol"].items()},
        shown_roles=data["shown_roles"],
        hidden_roles=data["hidden_roles"],
        roles_withheld=data["roles_withheld"],
        toelichtingen=ReleasedToelichtingen(reader, data["bouwsteen"], data["toelichtingen"]),
        # a release stored before gemeenten were marked has none: none shown
        by_gemeente={
            int(key): figures_from(item) for key, item in data.get("by_gemeente", {}).items()
        },
    )


@dataclass(frozen=True)
class ReleaseFigures:
    """The figures of one release, read from where they are stored (or, before any release,
    those of no answers). `release_id` is None without a stored release."""

    release_id: int | None
    min_group_size: int
    with_roles: bool
    stored: list[dict]  # stats_json per bouwsteen, in the texts' order
    # the gemeenten of the bestuur in the figures, as stored: {"id", "name", "people"}
    gemeenten: tuple[dict, ...] = ()

    def stats(
        self, bouwstenen: Iterable[int], roles: list[str], consensus: dict[int, int]
    ) -> dict[int, BouwsteenStats]:
        """What may be shown per bouwsteen id of `bouwstenen`, in that order, with the
        consensus level the team agreed (read live: not a figure about answers)."""
        reader = ToelichtingReader(self.release_id)
        stored = {item["bouwsteen"]: stats_from(item, reader) for item in self.stored}
        result = {}
        for key in bouwstenen:
            item = stored.get(key) or disclosure.bouwsteen_stats(
                key,
                [],
                roles,
                min_group_size=self.min_group_size,
                with_roles=self.with_roles,
                gemeenten=[gemeente["id"] for gemeente in self.gemeenten],
            )
            result[key] = replace(item, consensus=consensus.get(key))
        return result


def _release_figures(release: StoredRelease, with_roles: bool) -> ReleaseFigures:
    return ReleaseFigures(
        release.pk,
        release.min_group_size,
        with_roles,
        release.figures["bouwstenen"],
        tuple(release.figures.get("gemeenten", ())),
    )


def no_release(min_group_size: int, with_roles: bool) -> ReleaseFigures:
    """The figures before anything is released: none."""
    return ReleaseFigures(None, min_group_size, with_roles, [])


def _compute(
    texts: ModelTexts, rows: list[AnswerRow], ids: list[int | None], size: int, with_roles: bool
) -> tuple[dict, list[tuple[int, int, int, int]]]:
    """The release's figures as stored, and its toelichtingen as (bouwsteen, position,
    answer id, count): each shown text read from the first answer that has it."""
    aggregated = disclosure.aggregate(
        rows,
        [item.id for item in texts.bouwstenen],
        [rol.code for rol in texts.rollen],
        min_group_size=size,
        with_roles=with_roles,
    )
    first_with: dict[tuple[int, str], int] = {}
    for row, answer in zip(rows, ids, strict=True):
        first_with.setdefault((row.bouwsteen, row.toelichting.strip()), answer)
    toelichtingen = [
        (key, position, first_with[(key, text)], count)
        for key, item in aggregated.items()
        for position, (text, count) in enumerate(item.toelichtingen)
    ]
    figures = {
        "version": FORMAT_VERSION,
        "bouwstenen": [stats_json(item) for item in aggregated.values()],
    }
    return figures, toelichtingen


def _store(
    round: Round,
    texts: ModelTexts,
    *,
    tussenstand: Tussenstand | None,
    size: int,
    rows: list[AnswerRow],
    ids: list[int | None],
) -> StoredRelease:
    figures, toelichtingen = _compute(texts, rows, ids, size, tussenstand is None)
    if any(item["by_gemeente"] for item in figures["bouwstenen"]):
        figures["gemeenten"] = gemeenten_counted(round, texts)
    release = StoredRelease.objects.create(
        round=round,
        tussenstand=tussenstand,
        released_at=tussenstand.released_at if tussenstand else round.answers_closed_at or now(),
        min_group_size=size,
        figures=figures,
    )
    ReleasedToelichting.objects.bulk_create(
        (
            ReleasedToelichting(
                release=release, bouwsteen_id=key, position=position, answer_id=answer, count=n
            )
            for key, position, answer, n in toelichtingen
        ),
        batch_size=2000,
    )
    return release


def _lock(round: Round) -> None:
    """One release at a time per round: a second reader waits, then finds it stored."""
    Round.objects.select_for_update().filter(pk=round.pk).values_list("pk").first()


def _found(round: Round, tussenstand_id: int | None, size: int) -> StoredRelease | None:
    return (
        StoredRelease.objects.filter(
            round=round, tussenstand_id=tussenstand_id, min_group_size=size
        )
        .only("pk", "min_group_size", "figures")
        .first()
    )


def release_batches(round: Round) -> dict[int, int]:
    """Per respondent in a released tussenstand of `round`, the batch they joined in (0 for
    the first); anyone counted later is in none (the batch of the close). One query."""
    batches: dict[int, int] = {}
    releases = Tussenstand.objects.filter(round=round).order_by("released_at", "pk")
    for index, people in enumerate(releases.values_list("respondent_ids", flat=True)):
        for person in people:
            batches.setdefault(person, index)
    return batches


def final_answer_rows(round: Round, texts: ModelTexts) -> tuple[list[AnswerRow], list[int]]:
    """The answers in the final figures of a round whose answering closed
    (Answer.objects.for_report), as rows with roles by the codes of `texts` (an insider's is
    disclosure.INSIDER) and the batch of the releases their person came in (release_batches:
    role figures never cut a batch, disclosure.batch_suppressed) and the gemeente of a
    bestuur respondent, and their ids. Two queries."""
    codes = texts.rol_codes()
    batch = release_batches(round)
    rows, ids = [], []
    for pk, bouwsteen, person, rol_id, insider, current, desired, text, gemeente in (
        Answer.objects.for_report(round)
        .order_by("bouwsteen_id", "respondent_id")
        .values_list(
            "pk",
            "bouwsteen_id",
            "respondent_id",
            "respondent__rol_id",
            "respondent__insider",
            "current_level",
            "desired_level",
            "toelichting",
            "respondent__gemeente_id",
        )
    ):
        role = disclosure.INSIDER if insider else codes.get(rol_id)
        rows.append(AnswerRow(bouwsteen, role, current, desired, text, batch.get(person), gemeente))
        ids.append(pk)
    return rows, ids


def final_release(round: Round) -> ReleaseFigures:
    """The final figures of a round whose answering closed, under its group size now: read
    from the stored release (one query), stored first when there is none yet (the first
    read after an upgrade, or after the group size was raised)."""
    size = disclosure.group_size(round.min_group_size)
    release = _found(round, None, size)
    if release is None:
        with transaction.atomic():
            _lock(round)
            release = _found(round, None, size)
            if release is None:
                texts = round.model_texts()
                rows, ids = final_answer_rows(round, texts)
                release = _store(round, texts, tussenstand=None, size=size, rows=rows, ids=ids)
    return _release_figures(release, with_roles=True)


def final_releases(rounds: list[Round]) -> dict[int, ReleaseFigures]:
    """final_release of each of `rounds` (whose answering closed) by round id: one query when
    all are stored."""
    sizes = {round.pk: disclosure.group_size(round.min_group_size) for round in rounds}
    found = {}
    for release in StoredRelease.objects.filter(
        round__in=list(sizes), tussenstand__isnull=True
    ).only("pk", "round_id", "min_group_size", "figures"):
        if sizes[release.round_id] == release.min_group_size:
            found[release.round_id] = _release_figures(release, with_roles=True)
    return {round.pk: found.get(round.pk) or final_release(round) for round in rounds}


def _tussenstand_rows(tussenstand: Tussenstand) -> tuple[list[AnswerRow], list[None]]:
    rows = [AnswerRow(key, None, current, desired) for key, current, desired in tussenstand.rows]
    return rows, [None] * len(rows)


def tussenstand_release_store(round: Round, tussenstand: Tussenstand) -> None:
    """Store the figures of a tussenstand just released (tussenstand.py, inside its lock)."""
    rows, ids = _tussenstand_rows(tussenstand)
    size = disclosure.group_size(round.min_group_size)
    _store(round, round.model_texts(), tussenstand=tussenstand, size=size, rows=rows, ids=ids)


def tussenstand_release(round: Round, tussenstand_id: int | None) -> ReleaseFigures:
    """The figures of the open round's tussenstand `tussenstand_id` under the round's group
    size now (none before the first): one query, stored first when there are none yet (a
    tussenstand released before this existed, or the group size raised since)."""
    size = disclosure.group_size(round.min_group_size)
    if tussenstand_id is None:
        return no_release(size, with_roles=False)
    release = _found(round, tussenstand_id, size)
    if release is None:
        with transaction.atomic():
            _lock(round)
            release = _found(round, tussenstand_id, size)
            if release is None:
                tussenstand = Tussenstand.objects.get(pk=tussenstand_id)
                rows, ids = _tussenstand_rows(tussenstand)
                texts = round.model_texts()
                release = _store(
                    round, texts, tussenstand=tussenstand, size=size, rows=rows, ids=ids
                )
    return _release_figures(release, with_roles=False)


def round_release(round: Round, tussenstand_id: int | None = None) -> ReleaseFigures:
    """The figures the round's report shows: the final release once answering closed, an
    open round's tussenstand `tussenstand_id`, none for a round not yet opened."""
    if round.answers_frozen:
        return final_release(round)
    if round.is_open:
        return tussenstand_release(round, tussenstand_id)
    return no_release(disclosure.group_size(round.min_group_size), with_roles=True)

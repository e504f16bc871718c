"""Reads the benchmark shares: what each organisation contributes (its figure per bouwsteen
from its latest closed round of each model within WINDOW_MONTHS), the latest release, and
the comparison a report shows. A constant number of queries, whatever the number of
organisations, rounds or respondents."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from bouwstenen.models import Bouwsteen

from ..organisations.models import Organisation
from ..reporting.models import Consensus
from ..reporting.releases import final_releases
from ..reporting.stats import BouwsteenStats
from ..rounds.models import Round
from .disclosure import Contribution
from .models import BenchmarkProfile, BenchmarkRelease

WINDOW_MONTHS = 24  # a round closed longer ago than this is not compared any more


def window_start(now: datetime) -> datetime:
    """The earliest closing time a compared round may have: WINDOW_MONTHS before `now`."""
    month = now.month - WINDOW_MONTHS
    year = now.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(now.day, 28)
    return now.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class SharedRound:
    """One round an organisation shares: per bouwsteen (number, short title, figure), the
    figure None where its own report shows none either, so nothing is shared."""

    round: Round
    rows: list[tuple[int, str, float | None]]


def compared_rounds(*, now: datetime, organisation: Organisation | None = None):
    """The rounds compared now: per organisation and model (the framework's lineage: its
    versions together) the latest closed round about the whole organisation that asked every
    bouwsteen (Round.is_whole_organisation: a team's or a vraagstuk's scan, or one of some
    bouwstenen, says nothing about the organisation), when it closed within WINDOW_MONTHS. Of
    every organisation that opted in, or of `organisation` only (whether or not it opted in:
    its coordinator sees what would be shared)."""
    latest = (
        Round.objects.closed()
        .whole_organisation()
        .filter(
            organisation=OuterRef("organisation"),
            framework__lineage=OuterRef("framework__lineage"),
        )
        .order_by("-closed_at", "-pk")
        .values("pk")[:1]
    )
    rounds = Round.objects.closed().whole_organisation().filter(closed_at__gte=window_start(now))
    if organisation is None:
        rounds = rounds.filter(organisation__benchmark_profile__opted_in=True)
    else:
        rounds = rounds.filter(organisation=organisation)
    return rounds.filter(pk=Subquery(latest))


def round_stats(rounds) -> dict[int, dict[int, BouwsteenStats]]:
    """Per round of the queryset `rounds` (closed ones), what its report shows per bouwsteen
    id without roles (the level: the consensus where the team agreed one, else the median;
    the desired median): its stored final release (reporting/releases.py, the round's own
    disclosure rules) with its consensus. Three queries, whatever the number of rounds and
    answers (more only to store a release not stored yet)."""
    rounds = list(rounds.only("pk", "min_group_size", "snapshot", "status"))
    releases = final_releases(rounds)
    consensus = defaultdict(dict)
    for round_id, bouwsteen, level in Consensus.objects.filter(round__in=rounds).values_list(
        "round_id", "bouwsteen_id", "level"
    ):
        consensus[round_id][bouwsteen] = level
    return {
        round.pk: {
            key: replace(
                item,
                by_rol={},
                shown_roles={},
                hidden_roles=[],
                roles_withheld=True,
                by_gemeente={},  # bestuur per gemeente is the round's own, never a benchmark's
            )
            for key, item in releases[round.pk]
            .stats([item.id for item in round.model_texts().bouwstenen], [], consensus[round.pk])
            .items()
        }
        for round in rounds
    }


def round_figures(rounds) -> dict[int, dict[int, float | None]]:
    """Per round of the queryset `rounds`, its figure per bouwsteen id (round_stats' level:
    None where its report shows none)."""
    return {
        pk: {bouwsteen: item.level for bouwsteen, item in items.items()}
        for pk, items in round_stats(rounds).items()
    }


def read_contributions(*, now: datetime | None = None) -> tuple[dict[int, Contribution], dict]:
    """What every organisation that opted in contributes now, keyed by organisation id, with
    bouwsteen keys "<lineage>:<number>" (versions of one model compared by bouwsteen number,
    as the trend does); and per lineage the name of the model of its newest round. Six
    queries."""
    now = now or timezone.now()
    rounds = compared_rounds(now=now)
    info = {
        pk: (organisation, lineage, kind, size)
        for pk, organisation, lineage, kind, size in rounds.values_list(
            "pk",
            "organisation_id",
            "framework__lineage",
            "organisation__kind",
            "organisation__benchmark_profile__size_class",
        )
    }
    names = {}
    for lineage, name in rounds.order_by("closed_at", "pk").values_list(
        "framework__lineage", "framework__name"
    ):
        names[lineage] = name  # the newest round's model name wins
    numbers = dict(
        Bouwsteen.objects.filter(framework__rounds__in=rounds).values_list("pk", "number")
    )
    figures = round_figures(rounds)
    contributions: dict[int, dict] = defaultdict(dict)
    profile = {}
    for pk, (organisation, lineage, kind, size) in info.items():
        profile[organisation] = (kind, size or None)
        for bouwsteen, level in figures.get(pk, {}).items():
            if level is not None:
                contributions[organisation][f"{lineage}:{numbers[bouwsteen]}"] = level
    return (
        {
            organisation: Contribution(*profile[organisation], figures)
            for organisation, figures in contributions.items()
        },
        names,
    )


def shared_rounds(organisation: Organisation, *, now: datetime | None = None) -> list[SharedRound]:
    """What `organisation` shares (or would share, if it opted in) now: per model its latest
    closed round within WINDOW_MONTHS and its figure per bouwsteen."""
    now = now or timezone.now()
    rounds = compared_rounds(now=now, organisation=organisation)
    figures = round_figures(rounds)
    result = []
    for round in rounds.select_related("framework").order_by("framework__name", "pk"):
        texts = round.model_texts()
        by_id = figures.get(round.pk, {})
        result.append(
            SharedRound(
                round=round,
                rows=[
                    (item.number, item.short_title, by_id.get(item.id)) for item in texts.bouwstenen
                ],
            )
        )
    return result


def profile_of(organisation: Organisation) -> BenchmarkProfile:
    """The organisation's profile, unsaved with the defaults (not taking part) when missing."""
    return BenchmarkProfile.objects.filter(organisation=organisation).first() or BenchmarkProfile(
        organisation=organisation
    )


def latest_release() -> BenchmarkRelease | None:
    return BenchmarkRelease.objects.latest_first().defer("basis").first()


@dataclass(frozen=True)
class Membership:
    """The groups an organisation was in at a release: its type, its size class ("" when not
    given) and the model lineages it contributed figures to."""

    type: str
    size: str
    lineages: frozenset[str]


def latest_release_for(
    organisation: Organisation,
) -> tuple[BenchmarkRelease | None, Membership | None, bool]:
    """Whether the organisation takes part now, and if so the latest release and the groups
    it was in when that was made: (release, membership, True); (release or None, None, True)
    when it was in no group of the latest release (it joined later) or there is none yet;
    (None, None, False) when it does not take part. Its current type and size class play no
    part: a profile change counts from the next release. One query (two before the first
    release)."""
    taking_part = BenchmarkProfile.objects.filter(organisation_id=organisation.pk, opted_in=True)
    release = (
        BenchmarkRelease.objects.latest_first()
        .defer("basis")
        .annotate(taking_part=Exists(taking_part))
        .first()
    )
    if release is None:
        return None, None, taking_part.exists()
    if not release.taking_part:
        return None, None, False
    entry = release.members.get(str(organisation.pk))
    if entry is None:
        return release, None, True
    type_, size, lineages = entry
    return release, Membership(type_, size or "", frozenset(lineages)), True

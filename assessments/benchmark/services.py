"""Writes of the benchmark: an organisation's consent and profile, and a new release."""

from django.db import transaction
from django.utils import timezone

from ..audit.models import AuditEntry
from ..audit.services import audit_record
from ..organisations.models import Organisation
from ..reporting.models import RenderedReport
from ..rounds.models import Round
from .disclosure import Contribution, plan_release, summary, threshold
from .models import BenchmarkProfile, BenchmarkRelease, BenchmarkSettings
from .selectors import read_contributions


def benchmark_consent_set(
    *, organisation: Organisation, opted_in: bool, kind: str, size_class: str
) -> BenchmarkProfile:
    """Set whether the organisation takes part, its type (Organisation.kind) and size class.
    Joining and leaving are logboek entries, and so is a new type or size class; nothing
    changes and no entry is written when all three stay as they were. Both take effect at
    the next release; the organisation's stored PDFs are made again, with or without the
    comparison. Raises ValidationError for an unknown type or size class."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        profile, _created = BenchmarkProfile.objects.get_or_create(organisation=organisation)
        was_in, old_kind, old_size = profile.opted_in, organisation.kind, profile.size_class
        organisation.kind, profile.size_class, profile.opted_in = kind, size_class, opted_in
        organisation.full_clean()
        profile.full_clean()
        if (was_in, old_kind, old_size) == (opted_in, kind, size_class):
            return profile
        profile.changed_at = timezone.now()
        organisation.save(update_fields=["kind"])
        profile.save()
        subject = f"{organisation.get_kind_display()}, {profile.get_size_class_display() or '-'}"
        if opted_in != was_in:
            action = (
                AuditEntry.Action.BENCHMARK_JOIN if opted_in else AuditEntry.Action.BENCHMARK_LEAVE
            )
        else:
            action = AuditEntry.Action.BENCHMARK_PROFILE
        audit_record(action=action, organisation=organisation, subject=subject)
        _reports_outdated(organisation_ids=[organisation.pk])
    return profile


def _reports_outdated(*, organisation_ids=None) -> None:
    """The stored PDFs of closed rounds (of these organisations, or of everyone taking part)
    no longer show the current comparison: forget their key so the next download renders
    them again (reporting/stored_pdf.py)."""
    rows = RenderedReport.objects.filter(round__status=Round.Status.CLOSED)
    if organisation_ids is None:
        rows = rows.filter(round__organisation__benchmark_profile__opted_in=True)
    else:
        rows = rows.filter(round__organisation_id__in=organisation_ids)
    rows.update(fingerprint="")


def _contribution_to_json(contribution: Contribution) -> list:
    return [contribution.type, contribution.size, dict(contribution.figures)]


def _contributions_from_json(data: dict) -> dict[int, Contribution]:
    return {int(org): Contribution(t, s, figures) for org, (t, s, figures) in data.items()}


def release_members(contributions: dict[int, Contribution]) -> dict:
    """Who is in which group of a release: {org id: [type, size class, [lineages]]}."""
    return {
        str(org): [item.type, item.size, sorted({key.rsplit(":", 1)[0] for key in item.figures})]
        for org, item in contributions.items()
    }


def benchmark_release_make(*, now=None, k: int | None = None) -> BenchmarkRelease | None:
    """Compute the comparison from what every organisation that opted in shares now and
    store it as a new release, under the rules of disclosure.py. Returns None, storing
    nothing, when no release is due (fewer than k organisations joined, left or changed
    since the last one) or when no group could be shown. Reads in a constant number of
    queries (selectors.read_contributions) plus one per earlier release's basis."""
    now = now or timezone.now()
    k = threshold(k if k is not None else BenchmarkSettings.current().k)
    contributions, names = read_contributions(now=now)
    earlier = list(BenchmarkRelease.objects.latest_first().values_list("basis", flat=True))
    previous = _contributions_from_json(earlier[0]["contributions"]) if earlier else None
    history: dict = {}
    for basis in earlier:
        for bouwsteen, groups in basis.get("shown", {}).items():
            history.setdefault(bouwsteen, []).extend(
                {int(org): figure for org, figure in content.items()} for content in groups.values()
            )
    planned = plan_release(contributions, k=k, previous=previous, history=history)
    if planned is None:
        return None
    figures: dict = {}
    for bouwsteen, groups in planned.items():
        lineage, number = bouwsteen.rsplit(":", 1)
        entry = figures.setdefault(lineage, {"name": names[lineage], "bouwstenen": {}})
        shown = entry["bouwstenen"].setdefault(number, {})
        for key, content in sorted(groups.items(), key=lambda item: item[0].sort_key()):
            shown[key.code] = summary(content.values())
    basis = {
        "contributions": {
            str(org): _contribution_to_json(item) for org, item in contributions.items()
        },
        "shown": {
            bouwsteen: {key.code: {str(o): f for o, f in c.items()} for key, c in groups.items()}
            for bouwsteen, groups in planned.items()
        },
    }
    with transaction.atomic():
        release = BenchmarkRelease.objects.create(
            created_at=now,
            k=k,
            organisations=len(contributions),
            figures=figures,
            basis=basis,
            members=release_members(contributions),
        )
        _reports_outdated()
    return release

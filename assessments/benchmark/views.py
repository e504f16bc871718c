"""The comparison's pages: the coordinator's consent (under the organisation's settings) and
the optional public page with the distribution over all organisations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bouwstenen.models import Bouwsteen

from ..organisations.selectors import get_organisation_for_coordinator
from .comparison import band_text, group_label
from .forms import BenchmarkConsentForm
from .models import BenchmarkSettings
from .selectors import WINDOW_MONTHS, latest_release, profile_of, shared_rounds
from .services import benchmark_consent_set


@login_required
@require_http_methods(["GET", "POST"])
def organisation_benchmark(request, slug):
    """Taking part in the comparison: type, size class, consent, and exactly what is shared."""
    organisation = get_organisation_for_coordinator(request, slug)
    profile = profile_of(organisation)
    initial = {
        "kind": organisation.kind,
        "size_class": profile.size_class,
        "opted_in": profile.opted_in,
    }
    form = BenchmarkConsentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile = benchmark_consent_set(
                organisation=organisation,
                opted_in=data["opted_in"],
                kind=data["kind"],
                size_class=data["size_class"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if profile.opted_in:
                text = _(
                    "%(organisation)s doet mee aan de vergelijking, vanaf de volgende vergelijking."
                )
            else:
                text = _(
                    "%(organisation)s doet niet mee aan de vergelijking. Vanaf de volgende "
                    "vergelijking tellen jullie cijfers niet meer mee."
                )
            messages.success(request, text % {"organisation": organisation.name})
            return redirect("assessments:organisation-benchmark", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "profile": profile,
        "form": form,
        "shared": shared_rounds(organisation),
        "window_months": WINDOW_MONTHS,
        "k": BenchmarkSettings.current().k,
    }
    return render(request, "benchmark/organisation_benchmark.html", context)


@require_GET
def public_overview(request):
    """Landelijk beeld: the all-organisations distribution of the latest release, only when
    the beheerder switched the page on; 404 otherwise."""
    if not BenchmarkSettings.current().public_page:
        raise Http404
    release = latest_release()
    models = []
    if release is not None:
        # the titles of the newest version of each model (lineage) in the release
        names = {
            (item.framework.lineage, item.number): item.short_title
            for item in Bouwsteen.objects.filter(framework__lineage__in=list(release.figures))
            .select_related("framework")
            .order_by("framework_id", "number")
        }
        for lineage, model in sorted(release.figures.items()):
            rows = [
                {
                    "number": int(number),
                    "name": names.get((lineage, int(number)), ""),
                    "count": groups["all"]["count"],
                    "p25": band_text(groups["all"].get("p25")),
                    "median": band_text(groups["all"]["median"]),
                    "p75": band_text(groups["all"].get("p75")),
                }
                for number, groups in model["bouwstenen"].items()
                if "all" in groups
            ]
            rows.sort(key=lambda row: row["number"])
            if rows:
                models.append({"name": model["name"], "rows": rows})
    context = {"release": release, "models": models, "group": group_label("all")}
    return render(request, "benchmark/public_overview.html", context)


urlpatterns = [
    path(
        "organisaties/<slug:slug>/instellingen/vergelijking/",
        organisation_benchmark,
        name="organisation-benchmark",
    ),
    path("landelijk-beeld/", public_overview, name="benchmark-public"),
]

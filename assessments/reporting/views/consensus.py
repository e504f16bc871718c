"""The coordinator's consensus view: distributions and role medians side by side, and the
agreed level with a note per bouwsteen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from bouwstenen.models import Bouwsteen

from ...organisations.selectors import get_round_for_member_coordinator
from ..forms import ConsensusForm, GroupSizeForm
from ..report import build_report
from ..services import consensus_record_many


@login_required
def round_consensus(request, pk):
    round = get_round_for_member_coordinator(request, pk)
    report = build_report(round)
    editable = not round.is_closed
    posted = request.method == "POST" and editable
    if posted and "min_group_size" in request.POST:
        group_form = GroupSizeForm(request.POST, instance=round)
        if group_form.is_valid():
            group_form.save()
            messages.success(request, _("De minimale groepsgrootte is opgeslagen."))
            return redirect("assessments:round-consensus", pk=round.pk)
        posted = False
    else:
        group_form = GroupSizeForm(instance=round)
    if not editable:
        for field in group_form.fields.values():
            field.disabled = True
    data = request.POST if posted else None
    forms = []
    for entry in report["bouwstenen"]:
        initial = {}
        if entry["stats"].consensus is not None:
            initial = {"level": entry["stats"].consensus, "note": entry["consensus_note"]}
        form = ConsensusForm(
            data, prefix=f"b{entry['number']}", initial=initial, scale=report["scale"]
        )
        if not editable:
            for field in form.fields.values():
                field.disabled = True
        forms.append((entry, form))

    if data is not None and all(form.is_valid() for _entry, form in forms):
        changed = [(entry, form) for entry, form in forms if form.has_changed()]
        bouwstenen = Bouwsteen.objects.in_bulk([entry["id"] for entry, _form in changed])
        consensus_record_many(
            round=round,
            decisions={
                bouwstenen[entry["id"]]: (form.cleaned_data["level"], form.cleaned_data["note"])
                for entry, form in changed
            },
        )
        messages.success(request, _("De consensus is opgeslagen."))
        return redirect("assessments:round-consensus", pk=round.pk)

    return render(
        request,
        "assessments/consensus.html",
        {**report, "forms": forms, "group_form": group_form, "editable": editable},
    )


urlpatterns = [
    path("rondes/<int:pk>/consensus/", round_consensus, name="round-consensus"),
]

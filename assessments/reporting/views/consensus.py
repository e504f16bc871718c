"""The coordinator's consensus view: distributions and role medians side by side, and the
agreed level with a toelichting per bouwsteen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from bouwstenen.models import Bouwsteen

from ...common.views import refusal_shown
from ...rounds.models import Round
from ...rounds.selectors import get_round_for_member_coordinator
from ..forms import ConsensusForm, GroupSizeForm
from ..report import NO_HOUSE, TOELICHTINGEN_PER_PAGE, build_report
from ..services import consensus_record_many, group_size_only_up, round_group_size_set


@login_required
def round_consensus(request, pk):
    round = get_round_for_member_coordinator(request, pk)
    report = build_report(round, house=NO_HOUSE)
    # The meeting works on the figures released when answering closed; in an open round
    # the page shows the tussenstand, read only, and the group size can still be set.
    editable = round.status == Round.Status.ANSWERS_CLOSED
    group_size_editable = not round.is_closed
    posted = request.method == "POST" and editable
    # once someone sent, the form offers only the current size and up
    only_up = group_size_editable and group_size_only_up(round)
    if request.method == "POST" and group_size_editable and "min_group_size" in request.POST:
        group_form = GroupSizeForm(request.POST, instance=round, only_up=only_up)
        if group_form.is_valid():
            try:
                round_group_size_set(
                    round=round,
                    min_group_size=group_form.cleaned_data["min_group_size"],
                    small_confirmed=group_form.cleaned_data.get("confirm_small", False),
                )
            except ValidationError as error:  # lower after a send, or closed meanwhile
                group_form.add_error("min_group_size", error.messages[0])
            else:
                messages.success(request, _("De minimale groepsgrootte is opgeslagen."))
                return redirect("assessments:round-consensus", pk=round.pk)
        posted = False
    else:
        group_form = GroupSizeForm(instance=round, only_up=only_up)
    if not group_size_editable:
        for field in group_form.fields.values():
            field.disabled = True
    data = request.POST if posted else None
    forms = []
    # a bouwsteen the round did not ask gets no form: nothing posted for it is read
    not_asked = [entry for entry in report.bouwstenen if not entry.asked]
    for entry in report.bouwstenen:
        if not entry.asked:
            continue
        initial = {}
        if entry.stats.consensus is not None:
            initial = {"level": entry.stats.consensus, "toelichting": entry.consensus_toelichting}
        form = ConsensusForm(
            data, prefix=f"b{entry.text.number}", initial=initial, scale=report.scale
        )
        if not editable:
            for field in form.fields.values():
                field.disabled = True
        forms.append((entry, form))

    if data is not None and all(form.is_valid() for _entry, form in forms):
        changed = [(entry, form) for entry, form in forms if form.has_changed()]
        bouwstenen = Bouwsteen.objects.in_bulk([entry.text.id for entry, _form in changed])
        with refusal_shown(request):
            consensus_record_many(
                round=round,
                decisions={
                    bouwstenen[entry.text.id]: (
                        form.cleaned_data["level"],
                        form.cleaned_data["toelichting"],
                    )
                    for entry, form in changed
                },
            )
            messages.success(request, _("De consensus is opgeslagen."))
        return redirect("assessments:round-consensus", pk=round.pk)

    return render(
        request,
        "assessments/consensus.html",
        {
            **report.context(),
            "forms": forms,
            "not_asked": not_asked,
            "group_form": group_form,
            "editable": editable,
            "group_size_editable": group_size_editable,
            "can_add_action": True,  # the page is for coordinators only
            # the first page of each bouwsteen's toelichtingen; the rest on the report's pages
            "toelichtingen_shown": TOELICHTINGEN_PER_PAGE,
        },
    )


urlpatterns = [
    path("rondes/<int:pk>/consensus/", round_consensus, name="round-consensus"),
]

"""The round's own invitation and reminder texts, its contact person and whether the outcome
is shared, with a preview of both e-mails as a respondent gets them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ...common.views import refusal_shown
from ..forms import RoundMessageForm
from ..mail_texts import email_for, round_message
from ..models import Respondent
from ..selectors import get_round_for_coordinator


def preview_url() -> str:
    """The personal link as the preview shows it (each person gets their own)."""
    return f"https://…/vragenlijst/{_('jouw-persoonlijke-link')}/"


@login_required
def round_message_view(request, pk):
    round = get_round_for_coordinator(request, pk)
    message = round_message(round)
    initial = {}
    if message.pk is None and not round.answers_frozen:
        initial = {
            "contact_name": request.user.get_full_name(),
            "contact_email": request.user.email,
        }
    form = RoundMessageForm(request.POST or None, instance=message, initial=initial)
    if round.answers_frozen:  # nobody gets these e-mails any more: only the outcome may change
        for name in message.MAIL_FIELDS:
            form.fields[name].disabled = True
    shown = message
    if request.method == "POST" and form.is_valid():
        if "preview" not in request.POST and round.answers_frozen and not form.has_changed():
            # the e-mails are frozen: a save that changes nothing writes nothing
            messages.info(
                request,
                _(
                    "Er is niets gewijzigd. De e-mails liggen vast sinds het invullen is "
                    "gesloten; alleen het delen van de uitkomst kun je nog aanpassen."
                ),
            )
            return redirect("assessments:round-messages", pk=round.pk)
        if "preview" not in request.POST:
            with refusal_shown(request):
                form.save()
                messages.success(request, _("De teksten zijn opgeslagen."))
            return redirect("assessments:round-messages", pk=round.pk)
        shown = form.instance  # the preview shows what was typed, saved or not
    elif initial:
        shown = form.instance
        shown.contact_name, shown.contact_email = initial["contact_name"], initial["contact_email"]
    example = Respondent(round=round, email="voorbeeld@example.org", name=_("Voorbeeld"))
    previews = []
    if not form.errors:
        previews = [
            (title, email_for(example, preview_url(), reminder=reminder, message=shown))
            for title, reminder in ((_("Uitnodiging"), False), (_("Herinnering"), True))
        ]
    return render(
        request,
        "assessments/round_messages.html",
        {"round": round, "form": form, "previews": previews},
    )


urlpatterns = [
    path("rondes/<int:pk>/berichten/", round_message_view, name="round-messages"),
]

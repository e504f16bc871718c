"""The organisation's parts (onderdelen) page: its coordinators and lezers see the list and
which rounds are about each part; only its coordinators add, rename, change the kind of or
delete one (the rules: onderdelen.py). Everyone else gets 404, a begeleider too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..common.views import refusal_shown
from .forms import OnderdeelForm
from .models import Membership
from .onderdelen import onderdeel_create, onderdeel_delete, onderdeel_update, onderdelen_with_use
from .selectors import (
    get_onderdeel_for_coordinator,
    get_organisation_for_coordinator,
    get_organisation_for_member,
)


def _errors_on_form(form, error: ValidationError) -> None:
    """A service's refusal next to the field it names (else above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_onderdelen(request, slug):
    """The list, and for a coordinator the form to add a part (posted to this page)."""
    organisation = get_organisation_for_member(request, slug)
    is_coordinator = organisation.member_role == Membership.Role.COORDINATOR
    if request.method == "POST" and not is_coordinator:
        raise Http404
    form = OnderdeelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            onderdeel = onderdeel_create(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            _errors_on_form(form, error)
        else:
            messages.success(
                request, _("‘%(name)s’ staat bij de onderdelen.") % {"name": onderdeel.name}
            )
            return redirect("assessments:organisation-onderdelen", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "onderdelen": onderdelen_with_use(organisation),
        "is_coordinator": is_coordinator,
        "form": form if is_coordinator else None,
    }
    return render(request, "assessments/organisation_onderdelen.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_onderdeel(request, slug, pk):
    """Rename a part or change its kind."""
    organisation = get_organisation_for_coordinator(request, slug)
    onderdeel = get_onderdeel_for_coordinator(request, organisation, pk)
    form = OnderdeelForm(
        request.POST if request.method == "POST" else None,
        initial={"name": onderdeel.name, "kind": onderdeel.kind},
    )
    if request.method == "POST" and form.is_valid():
        try:
            onderdeel = onderdeel_update(onderdeel=onderdeel, **form.cleaned_data)
        except ValidationError as error:
            _errors_on_form(form, error)
        else:
            messages.success(request, _("‘%(name)s’ is aangepast.") % {"name": onderdeel.name})
            return redirect("assessments:organisation-onderdelen", slug=organisation.slug)
    context = {"organisation": organisation, "onderdeel": onderdeel, "form": form}
    return render(request, "assessments/organisation_onderdeel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_onderdeel_delete(request, slug, pk):
    """GET asks first (a page with the button, no JavaScript needed); POST deletes, or says
    why not (a round is about it, a respondent names it)."""
    organisation = get_organisation_for_coordinator(request, slug)
    onderdeel = get_onderdeel_for_coordinator(request, organisation, pk)
    if request.method == "GET":
        context = {"organisation": organisation, "onderdeel": onderdeel}
        return render(request, "assessments/organisation_onderdeel_delete.html", context)
    with refusal_shown(request):
        onderdeel_delete(onderdeel=onderdeel)
        messages.success(request, _("‘%(name)s’ is verwijderd.") % {"name": onderdeel.name})
    return redirect("assessments:organisation-onderdelen", slug=organisation.slug)


urlpatterns = [
    path(
        "organisaties/<slug:slug>/onderdelen/",
        organisation_onderdelen,
        name="organisation-onderdelen",
    ),
    path(
        "organisaties/<slug:slug>/onderdelen/<int:pk>/",
        organisation_onderdeel,
        name="organisation-onderdeel",
    ),
    path(
        "organisaties/<slug:slug>/onderdelen/<int:pk>/verwijderen/",
        organisation_onderdeel_delete,
        name="organisation-onderdeel-delete",
    ),
]

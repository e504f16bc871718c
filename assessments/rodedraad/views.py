"""The rode draad's pages: the list of an organisation's rode draden, making one
(coordinators), and each one as a page, a workbook and a PDF (coordinators and lezers). The
PDF is made in the task worker (pdf.py): a web request serves the stored one or queues a
render, never renders it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..audit.services import audit_download
from ..common.views import stored_pdf_response
from ..organisations.models import Membership
from ..organisations.selectors import (
    get_organisation_for_coordinator,
    get_organisation_for_member,
)
from .forms import RodeDraadForm
from .models import RodeDraad
from .pdf import rode_draad_filename, rode_draad_key, rode_draad_slot
from .selectors import closed_rounds, get_rode_draad_for_member, rode_draad_page
from .services import MIN_ROUNDS, rode_draad_create
from .workbook import CONTENT_TYPE, rode_draad_workbook


@login_required
def rode_draad_list(request, slug):
    organisation = get_organisation_for_member(request, slug)
    is_coordinator = organisation.member_role == Membership.Role.COORDINATOR
    context = {
        "organisation": organisation,
        "rode_draden": RodeDraad.objects.of_organisation(organisation).defer("figures"),
        "can_create": is_coordinator and len(closed_rounds(organisation)) >= MIN_ROUNDS,
    }
    return render(request, "rodedraad/list.html", context)


@login_required
def rode_draad_create_view(request, slug):
    organisation = get_organisation_for_coordinator(request, slug)
    form = RodeDraadForm(request.POST or None, rounds=closed_rounds(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            rode_draad = rode_draad_create(
                organisation=organisation,
                name=form.cleaned_data["name"],
                rounds=form.cleaned_data["rounds"],
                created_by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("De rode draad is gemaakt."))
            return redirect("assessments:rode-draad", organisation.slug, rode_draad.pk)
    return render(request, "rodedraad/form.html", {"organisation": organisation, "form": form})


@login_required
def rode_draad_view(request, slug, pk):
    organisation, rode_draad = get_rode_draad_for_member(request, slug, pk)
    context = {"organisation": organisation, "page": rode_draad_page(rode_draad)}
    return render(request, "rodedraad/detail.html", context)


@login_required
def rode_draad_workbook_view(request, slug, pk):
    organisation, rode_draad = get_rode_draad_for_member(request, slug, pk)
    response = HttpResponse(
        rode_draad_workbook(rode_draad_page(rode_draad)), content_type=CONTENT_TYPE
    )
    filename = rode_draad_filename(rode_draad).removesuffix(".pdf") + ".xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_download(what="rode draad (Excel)", organisation=organisation)
    return response


@login_required
def rode_draad_pdf(request, slug, pk):
    """The current PDF, or (302) the download page while it is being made."""
    organisation, rode_draad = get_rode_draad_for_member(request, slug, pk)
    language = get_language()
    response = stored_pdf_response(
        rode_draad_slot(rode_draad.pk, language),
        rode_draad_key(rode_draad, language),
        rode_draad_filename(rode_draad),
        reverse("assessments:rode-draad-download", args=[organisation.slug, rode_draad.pk]),
    )
    if response.status_code == 200:
        audit_download(what="rode draad (PDF)", organisation=organisation)
    return response


@login_required
def rode_draad_download(request, slug, pk):
    """The download page: "wordt gemaakt" with the step it is at, or the file when ready."""
    organisation, rode_draad = get_rode_draad_for_member(request, slug, pk)
    language = get_language()
    context = {
        "organisation": organisation,
        "rode_draad": rode_draad,
        "state": rode_draad_slot(rode_draad.pk, language).state(
            rode_draad_key(rode_draad, language)
        ),
        "filename": rode_draad_filename(rode_draad),
    }
    return render(request, "rodedraad/download.html", context)


urlpatterns = [
    path("organisaties/<slug:slug>/rode-draad/", rode_draad_list, name="rode-draad-list"),
    path(
        "organisaties/<slug:slug>/rode-draad/nieuw/",
        rode_draad_create_view,
        name="rode-draad-create",
    ),
    path("organisaties/<slug:slug>/rode-draad/<int:pk>/", rode_draad_view, name="rode-draad"),
    path(
        "organisaties/<slug:slug>/rode-draad/<int:pk>.xlsx",
        rode_draad_workbook_view,
        name="rode-draad-workbook",
    ),
    path("organisaties/<slug:slug>/rode-draad/<int:pk>.pdf", rode_draad_pdf, name="rode-draad-pdf"),
    path(
        "organisaties/<slug:slug>/rode-draad/<int:pk>/pdf/",
        rode_draad_download,
        name="rode-draad-download",
    ),
]

"""The colleagues of an organisation: who may use the tool, and in which role. Only its
coordinators see these pages; everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..common.views import refusal_shown
from . import invitation_accept
from .forms import BegeleiderRoleInvitationForm, MemberAddForm, MemberRoleForm
from .invitations import (
    invitation_days,
    member_invitation_resend,
    member_invitation_withdraw,
    member_invite,
)
from .models import MemberInvitation, Membership
from .selectors import (
    get_invitation_for_coordinator,
    get_membership_for_coordinator,
    get_organisation_for_coordinator,
)
from .services import (
    member_label,
    member_password_link_resend,
    member_remove,
    member_set_role,
)


def set_password_url_for(request):
    """Turns a uidb64 and token into the absolute link to choose a password."""

    def url_for(uidb64, token):
        return request.build_absolute_uri(
            reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
        )

    return url_for


def invitation_url_for(request):
    """Turns an invitation's token into the absolute link to accept it."""

    def url_for(token):
        return request.build_absolute_uri(
            reverse("assessments:member-invitation", kwargs={"token": token})
        )

    return url_for


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members(request, slug):
    """The list of members and of waiting invitations, and the form to invite someone
    (posted to this page). The page says the same whether the address has an account."""
    organisation = get_organisation_for_coordinator(request, slug)
    form = MemberAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = member_invite(
                organisation=organisation,
                email=data["email"],
                name=data["name"],
                role=data["role"],
                invited_by=request.user,
                url_for=invitation_url_for(request),
            )
        except ValidationError as error:
            # Every refusal is about the address: already a member, or no username possible.
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _(
                    "We hebben een uitnodiging gestuurd naar %(email)s, als %(role)s. Zodra "
                    "deze persoon de uitnodiging aanneemt, staat die bij de collega's."
                )
                % {"email": invitation.email, "role": invitation.get_role_display()},
            )
            return redirect("assessments:organisation-members", slug=organisation.slug)
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__first_name", "user__last_name", "user__email", "pk")
    )
    context = {
        "organisation": organisation,
        "members": members,
        "invitations": MemberInvitation.objects.filter(organisation=organisation),
        "now": timezone.now(),
        "invitation_days": invitation_days(),
        "form": form,
    }
    return render(request, "assessments/organisation_members.html", context)


@require_POST
@login_required
def organisation_invitation_resend(request, slug, pk):
    """A new link for a waiting invitation (also after it expired)."""
    organisation = get_organisation_for_coordinator(request, slug)
    invitation = get_invitation_for_coordinator(request, organisation, pk)
    with refusal_shown(request):
        member_invitation_resend(
            invitation=invitation, invited_by=request.user, url_for=invitation_url_for(request)
        )
        messages.success(
            request,
            _("De uitnodiging is opnieuw gestuurd naar %(email)s.") % {"email": invitation.email},
        )
    return redirect("assessments:organisation-members", slug=organisation.slug)


@require_POST
@login_required
def organisation_invitation_withdraw(request, slug, pk):
    organisation = get_organisation_for_coordinator(request, slug)
    invitation = get_invitation_for_coordinator(request, organisation, pk)
    member_invitation_withdraw(invitation=invitation)
    messages.success(
        request,
        _("De uitnodiging voor %(email)s is ingetrokken. De link werkt niet meer.")
        % {"email": invitation.email},
    )
    return redirect("assessments:organisation-members", slug=organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_member(request, slug, pk):
    """One member: change the role (posted to this page), or remove them or send their
    password link again (separate views). A begeleider's role is not changed here: the
    form sends them an invitation for the new role, which they accept (or not)."""
    organisation = get_organisation_for_coordinator(request, slug)
    membership = get_membership_for_coordinator(request, organisation, pk)
    if membership.role == Membership.Role.BEGELEIDER:
        return _begeleider_member(request, organisation, membership)
    is_self = membership.user_id == request.user.pk
    form = MemberRoleForm(
        request.POST if request.method == "POST" else None, initial={"role": membership.role}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = member_set_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            form.add_error("role", error)
        else:
            if is_self and membership.role != Membership.Role.COORDINATOR:
                messages.success(
                    request,
                    _(
                        "Je bent nu %(role)s in %(organisation)s. Collega's beheren kun je "
                        "niet meer."
                    )
                    % {"role": membership.get_role_display(), "organisation": organisation.name},
                )
                return redirect("assessments:round-list")
            messages.success(
                request,
                _("%(name)s is nu %(role)s.")
                % {"name": member_label(membership.user), "role": membership.get_role_display()},
            )
            return redirect("assessments:organisation-members", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "membership": membership,
        "member_name": member_label(membership.user),
        "is_self": is_self,
        "form": form,
    }
    return render(request, "assessments/organisation_member.html", context)


def _begeleider_member(request, organisation, membership):
    """A begeleider's page: a new role only as an invitation they accept."""
    form = BegeleiderRoleInvitationForm(request.POST if request.method == "POST" else None)
    name = member_label(membership.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = member_invite(
                organisation=organisation,
                email=membership.user.email,
                name=membership.user.get_full_name(),
                role=form.cleaned_data["role"],
                invited_by=request.user,
                url_for=invitation_url_for(request),
            )
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(
                request,
                _(
                    "We hebben %(name)s een uitnodiging gestuurd om %(role)s te worden. Tot "
                    "%(name)s die aanneemt, blijft het begeleider."
                )
                % {"name": name, "role": invitation.get_role_display().lower()},
            )
            return redirect("assessments:organisation-members", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "membership": membership,
        "member_name": name,
        "is_self": False,
        "form": form,
    }
    return render(request, "assessments/organisation_member_begeleider.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_member_remove(request, slug, pk):
    """Remove a member: GET asks first (a page with the button, no JavaScript needed), POST
    removes."""
    organisation = get_organisation_for_coordinator(request, slug)
    membership = get_membership_for_coordinator(request, organisation, pk)
    if request.method == "GET":
        context = {
            "organisation": organisation,
            "membership": membership,
            "member_name": member_label(membership.user),
            "is_self": membership.user_id == request.user.pk,
        }
        return render(request, "assessments/organisation_member_remove.html", context)
    with refusal_shown(request) as outcome:
        member_remove(membership=membership)
    if outcome.refused:
        return redirect("assessments:organisation-member", slug=organisation.slug, pk=pk)
    if membership.user_id == request.user.pk:
        messages.success(
            request,
            _("Je hebt geen toegang meer tot %(organisation)s.")
            % {"organisation": organisation.name},
        )
        return redirect("assessments:round-list")
    messages.success(
        request,
        _("%(name)s heeft geen toegang meer tot %(organisation)s. Het account blijft bestaan.")
        % {"name": member_label(membership.user), "organisation": organisation.name},
    )
    return redirect("assessments:organisation-members", slug=organisation.slug)


@require_POST
@login_required
def organisation_member_resend(request, slug, pk):
    """Send the link to choose a password again, for a member who has no password yet (the
    first link may have expired). Someone with a password uses "Wachtwoord vergeten?"."""
    organisation = get_organisation_for_coordinator(request, slug)
    membership = get_membership_for_coordinator(request, organisation, pk)
    with refusal_shown(request):
        member_password_link_resend(
            membership=membership, invited_by=request.user, url_for=set_password_url_for(request)
        )
        messages.success(
            request,
            _("De link om een wachtwoord te kiezen is opnieuw gestuurd naar %(email)s.")
            % {"email": membership.user.email},
        )
    return redirect("assessments:organisation-member", slug=organisation.slug, pk=pk)


urlpatterns = [
    path("organisaties/<slug:slug>/collegas/", organisation_members, name="organisation-members"),
    path(
        "organisaties/<slug:slug>/collegas/<int:pk>/",
        organisation_member,
        name="organisation-member",
    ),
    path(
        "organisaties/<slug:slug>/collegas/<int:pk>/verwijderen/",
        organisation_member_remove,
        name="organisation-member-remove",
    ),
    path(
        "organisaties/<slug:slug>/collegas/<int:pk>/link-opnieuw-sturen/",
        organisation_member_resend,
        name="organisation-member-resend",
    ),
    path(
        "organisaties/<slug:slug>/uitnodigingen/<int:pk>/opnieuw-sturen/",
        organisation_invitation_resend,
        name="organisation-invitation-resend",
    ),
    path(
        "organisaties/<slug:slug>/uitnodigingen/<int:pk>/intrekken/",
        organisation_invitation_withdraw,
        name="organisation-invitation-withdraw",
    ),
    *invitation_accept.urlpatterns,
]

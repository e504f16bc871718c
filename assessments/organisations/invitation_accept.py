"""The invited colleague's side: the link from the invitation e-mail. Someone with an
account logs in and accepts; someone without one chooses a password here. Only the holder
of the link sees which of the two applies: it was sent to their own address."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..common.addresses import same_address
from .forms import InvitationAccountForm
from .invitations import (
    invitation_account,
    invitation_by_token,
    member_invitation_accept,
    member_invitation_accept_new_account,
)
from .models import Membership

User = get_user_model()
# The account is made here, so the login skips the lockout backend's request checks.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_http_methods(["GET", "POST"])
def member_invitation(request, token):
    invitation = invitation_by_token(token)
    if invitation is None:
        return render(request, "assessments/member_invitation.html", {"state": "gone"}, status=404)
    context = {"invitation": invitation, "organisation": invitation.organisation}
    if invitation.is_expired():
        context["state"] = "expired"
        return render(request, "assessments/member_invitation.html", context, status=410)
    user = request.user
    if user.is_authenticated:
        if not same_address(user.email, invitation.email):
            context["state"] = "other_account"
        else:
            context["state"] = "accept"
            if request.method == "POST":
                try:
                    member_invitation_accept(invitation=invitation, user=user)
                except ValidationError as error:
                    context["error"] = error.messages[0]
                else:
                    return _accepted(request, invitation)
    elif not settings.LOCAL_PASSWORDS:
        # No password to log in with or to choose: only single sign-on (borgingshuis/access).
        context["state"] = "sso_only"
    elif invitation_account(invitation) is not None:
        context["state"] = "login"
        context["login_url"] = f"{reverse('login')}?{urlencode({'next': request.path})}"
    else:
        context["state"] = "new_account"
        unsaved = User(
            username=invitation.email, email=invitation.email, first_name=invitation.name
        )
        form = InvitationAccountForm(
            unsaved,
            request.POST if request.method == "POST" else None,
            initial={"name": invitation.name},
        )
        context["form"] = form
        context["username"] = unsaved.username
        if request.method == "POST" and form.is_valid():
            try:
                membership = member_invitation_accept_new_account(
                    invitation=invitation,
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["new_password1"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, membership.user, backend=MODEL_BACKEND)
                return _accepted(request, invitation)
    return render(request, "assessments/member_invitation.html", context)


def _accepted(request, invitation):
    messages.success(
        request,
        _("Welkom bij %(organisation)s. Je gebruikersnaam is %(username)s.")
        % {"organisation": invitation.organisation.name, "username": request.user.get_username()},
    )
    if invitation.role == Membership.Role.BEGELEIDER:
        return redirect("assessments:begeleider-overview")
    return redirect("assessments:round-list")


urlpatterns = [
    path("collega-uitnodiging/<str:token>/", member_invitation, name="member-invitation"),
]

"""The second factor's pages (asking for it, setting it up, new recovery codes) and the
account's security page with its sessions and "elders afmelden"."""

from base64 import b32encode
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY

from . import second_factor, sso
from .forms import TokenForm
from .models import SignOnBinding
from .sessions import sessions_end_others, sessions_for_account

LOCKED_OUT = 429


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("assessments:round-list")


def _with_next(url_name, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


def _locked_out(request):
    """As after too many wrong passwords: logged out, and the lockout page."""
    logout(request)
    return render(request, "registration/locked_out.html", status=LOCKED_OUT)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify_view(request):
    user = request.user
    if not second_factor.has_second_factor(user):
        return redirect(_with_next("access:second-factor-setup", request))
    if second_factor.locked_out(request, user):
        return _locked_out(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.second_factor_verify(
            request=request, user=user, token=form.cleaned_data["token"]
        ):
            return redirect(_next_url(request))
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        form.add_error(
            "token",
            _(
                "Deze code klopt niet. Kijk of de tijd op je telefoon goed staat, of gebruik "
                "een herstelcode."
            ),
        )
    return render(request, "access/second_factor.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup_view(request):
    """Setting up (or replacing) the authenticator app. Replacing needs a verified session:
    a password alone never changes the second factor."""
    user = request.user
    if second_factor.has_second_factor(user) and not second_factor.verified(request.session):
        return redirect(_with_next("access:second-factor", request))
    device = second_factor.enrolment_device(user)
    form = TokenForm(request.POST or None, help_text=_("De 6 cijfers die de app nu laat zien."))
    if request.method == "POST" and form.is_valid():
        codes = second_factor.second_factor_enrol(
            request=request, user=user, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            return _show_recovery_codes(request, codes, first_time=True)
        form.add_error(
            "token",
            _("Deze code klopt niet. Kijk of de tijd op je telefoon goed staat."),
        )
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next_url(request),
        "key": key,
        "key_groups": " ".join(key[start : start + 4] for start in range(0, len(key), 4)),
        "qr_code": segno.make(device.config_url).svg_inline(
            scale=4, border=2, title=_("QR-code voor je authenticator-app")
        ),
    }
    return render(request, "access/second_factor_setup.html", context)


def _show_recovery_codes(request, codes, first_time=False):
    context = {"codes": codes, "next": _next_url(request), "first_time": first_time}
    return render(request, "access/recovery_codes.html", context)


@login_required
@require_POST
def recovery_codes_renew_view(request):
    if not second_factor.verified(request.session):
        return redirect(_with_next("access:second-factor", request))
    codes = second_factor.recovery_codes_renew(request=request, user=request.user)
    return _show_recovery_codes(request, codes)


@login_required
def account_security_view(request):
    user = request.user
    context = {
        "sessions": sessions_for_account(user=user),
        "current_key": request.session.session_key,
        "has_second_factor": second_factor.has_second_factor(user),
        "recovery_codes_left": second_factor.recovery_codes_left(user),
        "sso_enabled": sso.sso_enabled(),
        "sign_on_binding": SignOnBinding.objects.filter(
            user=user, issuer=settings.OIDC_ISSUER
        ).first(),
    }
    response = render(request, "access/account.html", context)
    if context["sso_enabled"]:
        # "Koppel aan ..." is a form whose answer redirects to the provider, and browsers
        # hold that redirect to form-action too: allow the provider's origin on this page.
        issuer = urlsplit(settings.OIDC_ISSUER)
        response._csp_update = {"form-action": f"{issuer.scheme}://{issuer.netloc}"}
    return response


@login_required
@require_POST
def sign_on_link_view(request):
    """ "Koppel aan inloggen via je organisatie": from a session that gave our own second
    factor (a password alone, or an earlier single sign-on, is not enough), send the browser
    to the provider; its callback binds the subject to this account
    (sign_on_bindings.sign_on_link)."""
    if not sso.sso_enabled():
        raise Http404
    account = reverse("access:account")
    if not request.session.get(DEVICE_ID_SESSION_KEY):
        url_name = (
            "access:second-factor"
            if second_factor.has_second_factor(request.user)
            else "access:second-factor-setup"
        )
        return redirect(f"{reverse(url_name)}?{urlencode({'next': account})}")
    request.session[sso.LINK] = request.user.pk
    return redirect(f"{reverse('oidc_authentication_init')}?{urlencode({'next': account})}")


@login_required
@require_POST
def sign_on_unlink_view(request):
    """The account no longer signs on through the organisation (until linked again). Not
    for an account without a password: it would have no way left to log in."""
    if not request.user.has_usable_password():
        return redirect("access:account")
    SignOnBinding.objects.filter(user=request.user).delete()
    messages.success(request, _("Je account is niet meer gekoppeld aan je organisatie-account."))
    return redirect("access:account")


@login_required
@require_POST
def sessions_end_others_view(request):
    ended = sessions_end_others(user=request.user, keep=request.session.session_key)
    messages.success(
        request,
        ngettext(
            "Je bent elders afgemeld: %(count)s sessie beëindigd.",
            "Je bent elders afgemeld: %(count)s sessies beëindigd.",
            ended,
        )
        % {"count": ended},
    )
    return redirect("access:account")

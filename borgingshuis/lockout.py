"""Two limits for django-axes: AXES_USERNAME_FAILURE_LIMIT wrong passwords for one username
from one address, or AXES_ADDRESS_FAILURE_LIMIT from one address across every username.

axes counts per lockout parameter (["username", "ip_address"] and "ip_address") and compares
the largest count, always the address's, with one limit; this limit is therefore the
username's once that username reached it from this address, and the address's otherwise.
Connected in AssessmentsConfig.ready()."""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def failure_limit(request, credentials) -> int:
    per_username = AxesDatabaseHandler().get_user_attempts(request, credentials)[0]
    failures = per_username.aggregate(total=Sum("failures_since_start"))["total"] or 0
    if failures >= settings.AXES_USERNAME_FAILURE_LIMIT:
        return settings.AXES_USERNAME_FAILURE_LIMIT
    return settings.AXES_ADDRESS_FAILURE_LIMIT


def reset_on_success(sender, request, user, **kwargs):
    """A successful login clears that username's failures from that address, and no others.
    (axes' own AXES_RESET_ON_SUCCESS would clear every parameter's attempts, the address's
    too: anyone with one working account could then reset the count of the address they
    guess other usernames from.) Not while a second factor may still be asked: the count then
    goes on until it is given (borgingshuis/access/second_factor.py clears it then), so a
    known password does not buy endless guesses at the code."""
    from borgingshuis.access.second_factor import expected_after_login

    if not expected_after_login(user):
        lockout_reset(request, user)


def lockout_reset(request, user) -> None:
    """Clear `user`'s failed attempts from this request's address."""
    address = getattr(request, "axes_ip_address", None)
    if address is not None:
        AccessAttempt.objects.filter(username=user.get_username(), ip_address=address).delete()

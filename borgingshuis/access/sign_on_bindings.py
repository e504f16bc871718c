"""Binding an account to its organisation's sign-on (issuer plus subject, SignOnBinding): the
three ways one is made, and the refusal the callback turns into a Dutch message (sso.py). A
binding is never made from the address in a token alone: only for a session that gave our own
second factor, with an operator's permit, or for a new account an invitation waits for."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from .models import SignOnBinding, SignOnLinkPermit


class Refused(Exception):
    """A sign-on refused; `reason` is a key of sso.REFUSALS (the message shown)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _bind(*, issuer: str, subject: str, user) -> None:
    """The account's one binding at this provider is now this subject (inside a transaction)."""
    SignOnBinding.objects.filter(issuer=issuer, user=user).delete()
    SignOnBinding.objects.create(
        issuer=issuer, subject=subject, user=user, linked_at=timezone.now()
    )


def sign_on_link(*, request, user_id: int, issuer: str, subject: str):
    """Bind the provider's subject to the logged-in account that asked for it
    (views.sign_on_link_view) and return that account. Only from a session that gave our
    own second factor: a password alone, or a session that came in through single sign-on,
    never links. Raises Refused when the session is another, or the subject is bound to
    another account."""
    user = request.user
    if (
        not user.is_authenticated
        or user.pk != user_id
        or not request.session.get(DEVICE_ID_SESSION_KEY)
    ):
        raise Refused("token")
    with transaction.atomic():
        taken = SignOnBinding.objects.filter(issuer=issuer, subject=subject).first()
        if taken is not None and taken.user_id != user.pk:
            raise Refused("bound_elsewhere")
        _bind(issuer=issuer, subject=subject, user=user)
    request.sso_linked = True
    return user


def sign_on_link_permitted(*, issuer: str, subject: str, email: str):
    """The active account with this address (an address_key) whose operator permitted its
    next sign-on to link (manage.py sso_permit_link), now bound to the subject, the permit
    used up; or None without an unexpired permit for exactly one such account."""
    with transaction.atomic():
        permits = list(
            SignOnLinkPermit.objects.select_for_update()
            .select_related("user")
            .filter(user__email=email, user__is_active=True, expires_at__gt=timezone.now())[:2]
        )
        if len(permits) != 1:
            return None
        user = permits[0].user
        if SignOnBinding.objects.filter(issuer=issuer, subject=subject).exists():
            raise Refused("bound_elsewhere")
        _bind(issuer=issuer, subject=subject, user=user)
        permits[0].delete()
    return user


def sso_account_create(*, issuer: str, subject: str, email: str, name: str = ""):
    """A new account for an address (an address_key) with an invitation waiting, bound to
    the provider's subject, without a password and without a membership (the person
    accepts the invitation on its page). Raises Refused: "link_first" when an account with
    this address (or its username) exists already, which links only itself
    (views.sign_on_link_view) or with a permit; "no_account" when no unexpired invitation
    names the address."""
    from assessments.organisations.models import MemberInvitation

    User = get_user_model()
    if User.objects.filter(email=email).exists() or User.objects.filter(username=email).exists():
        raise Refused("link_first")
    waiting = MemberInvitation.objects.filter(email=email, expires_at__gt=timezone.now())
    if not waiting.exists():
        raise Refused("no_account")
    user = User(username=email, email=email)
    user.first_name = name.strip()[:150]
    user.set_unusable_password()
    try:
        user.full_clean(validate_unique=False)
        with transaction.atomic():
            user.save()
            SignOnBinding.objects.create(
                issuer=issuer, subject=subject, user=user, linked_at=timezone.now()
            )
    except (ValidationError, IntegrityError):
        raise Refused("no_account") from None
    return user

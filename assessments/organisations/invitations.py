"""Colleagues by invitation: a coordinator types an address, the person gets an e-mail with a
link and becomes a member only by accepting it, with a new account (they choose a password
through the link) or their existing one (they log in first). What the coordinator sees does
not depend on whether the address has an account: no name they did not type, no "already has
an account", so the page tells nobody who else uses the tool.

The link carries a random token; only its SHA-256 is stored. A new link (resend) replaces
the old one. Accepting or withdrawing deletes the invitation.

Every change of who belongs to an organisation goes through a function here or in
services.py (member_set_role, member_remove): the place to record it in an audit trail."""

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..audit.models import AuditEntry
from ..audit.services import audit_record
from ..common.addresses import address_key, same_address
from .models import BegeleiderAccessEnded, MemberInvitation, Membership, Organisation
from .services import USERNAME_TAKEN, member_label

User = get_user_model()


def invitation_days() -> int:
    return settings.MEMBER_INVITATION_DAYS


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token: str) -> MemberInvitation | None:
    """The invitation this link belongs to (expired or not), with its organisation, or None."""
    if not token or len(token) > 100 or "\x00" in token:
        return None
    return (
        MemberInvitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=_hash(token))
        .first()
    )


def invitable_email(email: str) -> str:
    """The address as an invitation stores it (its address_key), or ValidationError for an
    address with characters we refuse (look-alike letters: common/addresses.py) or one no
    username can be made from (an account's username is its address_key)."""
    key = address_key(email)
    if key is None:
        raise ValidationError(
            _(
                "Dit e-mailadres bevat tekens die we niet aannemen. Gebruik alleen letters a "
                "tot z, cijfers en . - _ +."
            ),
            code="address",
        )
    email = key
    try:
        User._meta.get_field("username").run_validators(email)
    except ValidationError as error:
        raise ValidationError(
            _(
                "Van dit e-mailadres kunnen we geen gebruikersnaam maken. Vraag de beheerder "
                "om het account aan te maken."
            ),
            code="no_username",
        ) from error
    return email


def organisation_set_up(
    *,
    organisation: Organisation,
    coordinator_email: str,
    coordinator_name: str = "",
    invited_by,
    url_for: Callable[[str], str],
) -> MemberInvitation:
    """Store a new organisation and invite its first coordinator: they get the e-mail a
    coordinator's colleague gets (member_invite), choose a password (or log in) through the
    link and are then coordinator. Raises ValidationError, storing nothing, for an
    organisation that breaks the model's rules or an address no username can be made of.
    Returns the invitation."""
    with transaction.atomic():
        invitable_email(coordinator_email)
        organisation.full_clean()
        organisation.save()
        return member_invite(
            organisation=organisation,
            email=coordinator_email,
            name=coordinator_name,
            role=Membership.Role.COORDINATOR,
            invited_by=invited_by,
            url_for=url_for,
        )


def member_invite(
    *,
    organisation: Organisation,
    email: str,
    name: str = "",
    role: str,
    invited_by,
    url_for: Callable[[str], str],
) -> MemberInvitation:
    """Invite the address to the organisation in this role and e-mail the link; `url_for`
    turns a token into the link. An invitation already waiting for the address is renewed
    (new role, name, link and expiry; the old link stops working). Whether the address has
    an account makes no difference here. A begeleider may be invited to become coordinator
    or lezer: they stay begeleider until they accept. Raises ValidationError, changing
    nothing, when a member already has the address (other than a begeleider invited to
    another role; the coordinator sees the members anyway) or when no username could be
    made from it."""
    email = invitable_email(email)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        members = Membership.objects.filter(organisation=organisation, user__email=email)
        # a begeleider becomes coordinator or lezer only by accepting a new invitation
        if members.exclude(role=Membership.Role.BEGELEIDER).exists() or (
            role == Membership.Role.BEGELEIDER and members.exists()
        ):
            raise ValidationError(
                _("%(email)s is al collega in %(organisation)s.")
                % {"email": email, "organisation": organisation.name},
                code="already_member",
            )
        invitation = MemberInvitation.objects.filter(
            organisation=organisation, email=email
        ).first() or MemberInvitation(organisation=organisation)
        invitation.email, invitation.name, invitation.role = email, name.strip(), role
        invitation.invited_by = invited_by
        token = _renew(invitation)
        invitation.full_clean(validate_constraints=False)  # the database checks the address
        invitation.save()
        audit_record(
            action=AuditEntry.Action.MEMBER_INVITE, organisation=organisation, subject=email
        )
    _send(invitation, token, url_for)
    return invitation


def member_invitation_resend(
    *, invitation: MemberInvitation, invited_by, url_for: Callable[[str], str]
) -> MemberInvitation:
    """A new link (and a new expiry) for a waiting invitation; the old link stops working."""
    with transaction.atomic():
        invitation = _reread(invitation)
        invitation.invited_by = invited_by
        token = _renew(invitation)
        invitation.save()
        audit_record(
            action=AuditEntry.Action.MEMBER_INVITE,
            organisation=invitation.organisation,
            subject=invitation.email,
        )
    _send(invitation, token, url_for)
    return invitation


def member_invitation_withdraw(*, invitation: MemberInvitation) -> None:
    """The link stops working; nothing else changes. Withdrawing twice is harmless."""
    with transaction.atomic():
        deleted, _rows = MemberInvitation.objects.filter(pk=invitation.pk).delete()
        if deleted:
            audit_record(
                action=AuditEntry.Action.MEMBER_INVITE_WITHDRAW,
                organisation=invitation.organisation,
                subject=invitation.email,
            )


def invitation_account(invitation: MemberInvitation):
    """The account that accepts the invitation by logging in (an active one with this
    address and a password), or None when the person accepts by choosing a password."""
    users = User.objects.filter(email=invitation.email, is_active=True)
    return next((user for user in users if user.has_usable_password()), None)


def member_invitation_accept(*, invitation: MemberInvitation, user) -> Membership:
    """The logged-in `user` accepts: they become a member in the invited role and the
    invitation is deleted. Raises ValidationError, changing nothing, when the invitation
    expired or was withdrawn meanwhile, or is for another address. Already a member: the
    membership stays as it was, except a begeleider's, which takes the invited role."""
    if not same_address(user.email, invitation.email):
        raise ValidationError(
            _("Deze uitnodiging is voor een ander e-mailadres dan dat van jouw account."),
            code="other_address",
        )
    with transaction.atomic():
        invitation = _reread(invitation, for_accept=True)
        return _joined(invitation, user)


def _joined(invitation: MemberInvitation, user) -> Membership:
    """Make `user` a member in the invited role (or promote the begeleider they are), forget
    that their begeleider access ended, and use the invitation up. Inside the caller's
    transaction, with the invitation re-read."""
    membership = Membership.objects.filter(organisation=invitation.organisation, user=user).first()
    if membership is None:
        membership = Membership(
            organisation=invitation.organisation, user=user, role=invitation.role
        )
        membership.full_clean()
        membership.save()
        _audit_joined(invitation)
    else:
        _begeleider_promoted(membership, invitation)
    BegeleiderAccessEnded.objects.filter(organisation=invitation.organisation, user=user).delete()
    invitation.delete()
    return membership


def _begeleider_promoted(membership: Membership, invitation: MemberInvitation) -> None:
    """A begeleider who accepts an invitation to another role gets that role (the only way
    a begeleider's role changes); any other member stays as they were."""
    if membership.role != Membership.Role.BEGELEIDER or invitation.role == membership.role:
        return
    membership.role = invitation.role
    membership.full_clean()
    membership.save(update_fields=["role"])
    audit_record(
        action=AuditEntry.Action.MEMBER_ROLE,
        organisation=invitation.organisation,
        subject=f"{invitation.email}: {membership.get_role_display()}",
    )


def member_invitation_accept_new_account(
    *, invitation: MemberInvitation, name: str, password: str
) -> Membership:
    """The invited person has no account that can log in: make one (username: its
    address_key; an existing account with this address but no password yet gets the
    password instead), with the password they chose (validated by the form), and accept.
    Raises ValidationError, changing nothing, when the invitation is gone or expired, or the
    username belongs to an account with another address."""
    with transaction.atomic():
        invitation = _reread(invitation, for_accept=True)
        if invitation_account(invitation) is not None:
            raise ValidationError(
                _("Je hebt al een account. Log in om de uitnodiging aan te nemen."),
                code="has_account",
            )
        user = User.objects.filter(email=invitation.email, is_active=True).first()
        if user is None:
            if User.objects.filter(username=invitation.email).exists():
                raise ValidationError(USERNAME_TAKEN, code="username_taken")
            # The whole name in first_name: where a Dutch surname starts cannot be guessed.
            user = User(username=invitation.email, email=invitation.email)
            user.first_name = name.strip()
        elif name.strip() and not user.get_full_name():
            user.first_name = name.strip()
        user.set_password(password)
        user.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError(USERNAME_TAKEN, code="username_taken") from None
        # a begeleider who never chose a password is promoted, as on accepting
        return _joined(invitation, user)


def _audit_joined(invitation: MemberInvitation) -> None:
    """The trail names the address the coordinator typed, never the account's own name."""
    audit_record(
        action=AuditEntry.Action.MEMBER_ADD,
        organisation=invitation.organisation,
        subject=invitation.email,
    )


def _renew(invitation: MemberInvitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=invitation_days())
    return token


def _reread(invitation: MemberInvitation, for_accept: bool = False) -> MemberInvitation:
    """The invitation as stored now, locked; refused when withdrawn or (to accept) expired."""
    current = (
        MemberInvitation.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=invitation.pk)
        .first()
    )
    if current is None or (for_accept and current.is_expired()):
        raise ValidationError(
            _("Deze uitnodiging werkt niet meer. Vraag om een nieuwe."), code="gone"
        )
    return current


def _send(invitation: MemberInvitation, token: str, url_for: Callable[[str], str]) -> None:
    """The invitation e-mail, and the link in it, in the organisation's language."""
    with translation.override(invitation.organisation.language):
        _send_in_language(invitation, token, url_for)


def _send_in_language(invitation, token, url_for) -> None:
    is_begeleider = invitation.role == Membership.Role.BEGELEIDER
    # a begeleider invited to become coordinator or lezer (they stay begeleider till then)
    from_begeleider = (
        not is_begeleider
        and Membership.objects.filter(
            organisation=invitation.organisation,
            user__email=invitation.email,
            role=Membership.Role.BEGELEIDER,
        ).exists()
    )
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "role": invitation.get_role_display().lower()
        if from_begeleider
        else invitation.get_role_display(),
        "is_begeleider": is_begeleider,
        "from_begeleider": from_begeleider,
        "invited_by": member_label(invitation.invited_by)
        if invitation.invited_by
        else invitation.organisation.name,
        "url": url_for(token),
        "days": invitation_days(),
    }
    if is_begeleider:
        subject = _("Uitnodiging als begeleider van %(organisation)s in Borgingshuis")
    else:
        subject = _("Uitnodiging voor Borgingshuis van %(organisation)s")
    send_mail(
        subject % {"organisation": invitation.organisation.name},
        render_to_string("emails/member_invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
        fail_silently=False,
    )

"""Who may use the tool for an organisation: changing a colleague's role and removing them
(adding is by invitation, invitations.py). The organisation row is locked for each
change, so two coordinators acting at once cannot leave it without a coordinator."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..audit.models import AuditEntry
from ..audit.services import audit_record
from .models import BegeleiderAccessEnded, Membership, Organisation

User = get_user_model()


def member_label(user) -> str:
    """How a colleague is named on the pages and in the e-mails."""
    return user.get_full_name() or user.email or user.get_username()


USERNAME_TAKEN = gettext_lazy(
    "Er is al een account met dit e-mailadres als gebruikersnaam, maar met een ander "
    "e-mailadres. Vraag de beheerder om hulp."
)


def member_password_link_send(
    *, membership: Membership, invited_by, url_for: Callable[[str, str], str]
) -> None:
    """E-mail the member a link to choose a password, made with Django's password-reset
    tokens: it works once, until the password is set, for PASSWORD_RESET_TIMEOUT. In the
    organisation's language, the link included."""
    with translation.override(membership.organisation.language):
        _password_link_send(membership=membership, invited_by=invited_by, url_for=url_for)


def _password_link_send(*, membership: Membership, invited_by, url_for) -> None:
    user = membership.user
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "organisation": membership.organisation,
        "role": membership.get_role_display(),
        "is_begeleider": membership.role == Membership.Role.BEGELEIDER,
        "invited_by": member_label(invited_by),
        "url": url_for(uidb64, token),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
    }
    send_mail(
        _("Je toegang tot Borgingshuis voor %(organisation)s")
        % {"organisation": membership.organisation.name},
        render_to_string("emails/account_invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        fail_silently=False,
    )


def member_password_link_resend(
    *, membership: Membership, invited_by, url_for: Callable[[str, str], str]
) -> None:
    """Send the link to choose a password again, for a member who has no password yet (the
    first link may have expired). Raises ValidationError, sending nothing, when the member has
    no e-mail address or already has a password (they use "Wachtwoord vergeten?")."""
    user = membership.user
    name = member_label(user)
    if not user.email:
        raise ValidationError(
            _("%(name)s heeft geen e-mailadres. Vraag de beheerder om het toe te voegen.")
            % {"name": name},
            code="no_email",
        )
    if user.has_usable_password():
        raise ValidationError(
            _(
                "%(name)s heeft al een wachtwoord. Is dat vergeten? Dan kan deze persoon bij "
                "het inloggen kiezen voor ‘Wachtwoord vergeten?’."
            )
            % {"name": name},
            code="has_password",
        )
    member_password_link_send(membership=membership, invited_by=invited_by, url_for=url_for)


BEGELEIDER_BY_INVITATION = gettext_lazy(
    "Een begeleider wordt alleen coördinator of lezer door een nieuwe uitnodiging aan te nemen."
)


def member_set_role(*, membership: Membership, role: str) -> Membership:
    """Give the member another role. Raises ValidationError, changing nothing, when this
    would leave the organisation without a coordinator who can log in, or when the member
    is a begeleider (an outside adviser becomes coordinator or lezer only by accepting a
    new invitation: invitations.member_invite)."""
    with transaction.atomic():
        _lock(membership.organisation)
        membership = _reread(membership)
        if membership.role == Membership.Role.BEGELEIDER and role != membership.role:
            raise ValidationError(BEGELEIDER_BY_INVITATION, code="begeleider_by_invitation")
        demoted = (
            membership.role == Membership.Role.COORDINATOR and role != Membership.Role.COORDINATOR
        )
        if demoted:
            _ensure_other_coordinator(membership)
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role"])
        audit_record(
            action=AuditEntry.Action.MEMBER_ROLE,
            organisation=membership.organisation,
            subject=f"{member_label(membership.user)}: {membership.get_role_display()}",
        )
    return membership


def member_remove(*, membership: Membership) -> None:
    """Take the member out of the organisation; their account stays, and a begeleider's
    pages of it say they no longer have access (BegeleiderAccessEnded). Raises
    ValidationError, changing nothing, when this would leave the organisation without a
    coordinator who can log in (so a coordinator may remove themselves only if another one
    remains)."""
    with transaction.atomic():
        _lock(membership.organisation)
        membership = _reread(membership)
        if membership.role == Membership.Role.COORDINATOR:
            _ensure_other_coordinator(membership)
        membership.delete()
        if membership.role == Membership.Role.BEGELEIDER:
            BegeleiderAccessEnded.objects.update_or_create(
                organisation=membership.organisation,
                user=membership.user,
                defaults={"ended_at": timezone.now()},
            )
        audit_record(
            action=AuditEntry.Action.MEMBER_REMOVE,
            organisation=membership.organisation,
            subject=member_label(membership.user),
        )


def _lock(organisation: Organisation) -> None:
    Organisation.objects.select_for_update().get(pk=organisation.pk)


def _reread(membership: Membership) -> Membership:
    """The membership as stored now (another coordinator may have changed it meanwhile)."""
    current = (
        Membership.objects.select_related("organisation", "user").filter(pk=membership.pk).first()
    )
    if current is None:
        raise ValidationError(_("Deze collega is al verwijderd."), code="gone")
    return current


def _ensure_other_coordinator(membership: Membership) -> None:
    """Only a coordinator who can log in counts: an active account with a password. A new
    colleague who has not chosen a password yet would leave the organisation locked."""
    others = (
        Membership.objects.filter(
            organisation_id=membership.organisation_id,
            role=Membership.Role.COORDINATOR,
            user__is_active=True,
        )
        .exclude(pk=membership.pk)
        .exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
    )
    if not others.exists():
        raise ValidationError(
            _(
                "Dit kan niet: dan is er geen coördinator meer die kan inloggen. Maak eerst "
                "iemand anders coördinator. Wie nog geen wachtwoord heeft gekozen, telt nog "
                "niet mee."
            ),
            code="last_coordinator",
        )

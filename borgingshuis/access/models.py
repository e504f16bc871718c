"""The logged-in sessions of an account, so the account page can list them and end the
others. The session itself stays in Django's session table; this row only ties its key to
the account (the session table cannot be searched by account)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountSessionQuerySet(models.QuerySet):
    def live(self, *, now):
        """The sessions whose Django session still exists and has not expired."""
        from django.contrib.sessions.models import Session

        return self.filter(
            session_key__in=Session.objects.filter(expire_date__gt=now).values("session_key")
        )


class AccountSession(models.Model):
    class Method(models.TextChoices):
        PASSWORD = "password", _("wachtwoord")
        SSO = "sso", _("organisatie-account")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(_("ingelogd"))
    last_seen_at = models.DateTimeField(_("laatst actief"))
    # Which browser, in a few words ("Firefox op Windows"): enough to recognise one's own
    # devices; no address is kept.
    browser = models.CharField(_("browser"), max_length=80, blank=True)
    method = models.CharField(_("manier"), max_length=10, choices=Method, default=Method.PASSWORD)

    objects = AccountSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"


class SignOnBinding(models.Model):
    """An account's identity at the organisation's identity provider: the provider (its
    issuer) and the subject (`sub`) it gives this person, which never changes and is never
    given to anyone else. A single sign-on logs in only the account bound to the token's
    issuer and subject; the e-mail address in the token never picks an account.

    Made when an account is made through single sign-on for a waiting invitation, or when a
    logged-in account (password and second factor) links its organisation account itself."""

    issuer = models.CharField(_("inlogdienst"), max_length=255)
    subject = models.CharField(_("kenmerk bij de inlogdienst"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_on_bindings"
    )
    linked_at = models.DateTimeField(_("gekoppeld"))

    class Meta:
        verbose_name = _("koppeling met organisatie-account")
        verbose_name_plural = _("koppelingen met organisatie-accounts")
        constraints = [
            models.UniqueConstraint("issuer", "subject", name="sign_on_binding_subject"),
            models.UniqueConstraint("issuer", "user", name="sign_on_binding_one_per_issuer"),
        ]

    def __str__(self):
        return f"{self.user} – {self.issuer}"


class SignOnLinkPermit(models.Model):
    """The server's operator lets the next single sign-on with this account's address bind
    the provider's subject to it, until `expires_at` (manage.py sso_permit_link): for an
    account that cannot link itself because it has no password to log in with (everyone
    signs on, LOCAL_PASSWORDS=0, the beheerder included). Used once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_on_link_permit"
    )
    expires_at = models.DateTimeField(_("verloopt"))

    class Meta:
        verbose_name = _("toestemming om te koppelen")
        verbose_name_plural = _("toestemmingen om te koppelen")

    def __str__(self):
        return f"{self.user} – {self.expires_at:%Y-%m-%d %H:%M}"

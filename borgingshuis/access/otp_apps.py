"""django-otp's two device apps under Dutch headings in /beheer/. Their own module: in
apps.py they would keep Django from choosing AccessConfig for borgingshuis.access."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthenticatorsConfig(AppConfig):
    """django-otp's TOTP devices, under a Dutch heading in /beheer/."""

    name = "django_otp.plugins.otp_totp"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Tweede stap: authenticator-apps")


class RecoveryCodesConfig(AppConfig):
    """django-otp's static devices (our recovery codes), under a Dutch heading in /beheer/."""

    name = "django_otp.plugins.otp_static"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Tweede stap: herstelcodes")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "borgingshuis.access"
    label = "access"
    verbose_name = _("Toegang")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import pre_save

        from . import second_factor, sessions
        from .account_address import account_address_normalise

        pre_save.connect(
            account_address_normalise,
            sender=get_user_model(),
            dispatch_uid="access-account-address",
        )

        user_logged_in.connect(sessions.session_begin, dispatch_uid="access-session-begin")
        user_logged_in.connect(second_factor.note_enrolment, dispatch_uid="access-enrolment")
        user_logged_out.connect(sessions.session_end, dispatch_uid="access-session-end")

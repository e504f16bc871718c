from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "borgingshuis.access"
    label = "access"
    verbose_name = _("Toegang")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import second_factor, sessions

        user_logged_in.connect(sessions.session_begin, dispatch_uid="access-session-begin")
        user_logged_in.connect(second_factor.note_enrolment, dispatch_uid="access-enrolment")
        user_logged_out.connect(sessions.session_end, dispatch_uid="access-session-end")

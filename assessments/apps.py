from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Borgingsscans")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from borgingshuis.lockout import reset_on_success

        user_logged_in.connect(reset_on_success, dispatch_uid="borgingshuis-lockout-reset")
        from .actions import signals as _actions  # noqa: F401  (the freeze at closing)
        from .benchmark import signals as _benchmark  # noqa: F401  (the report's comparison)
        from .reporting import signals, tasks  # noqa: F401  (connect the receivers, the task)

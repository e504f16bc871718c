from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Borgingsscans")

    def ready(self):
        from .reporting import signals, tasks  # noqa: F401  (connect the receivers, the task)

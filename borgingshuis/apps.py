"""App configurations of third-party apps that the admin lists under a name of their own:
in Dutch (and English through the catalogue) like the rest of the admin."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Achtergrondtaken")

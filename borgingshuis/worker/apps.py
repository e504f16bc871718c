from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "borgingshuis.worker"
    label = "borgingshuis_worker"
    verbose_name = "Task worker"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BouwstenenConfig(AppConfig):
    name = "bouwstenen"
    verbose_name = _("Borgingsmodel")

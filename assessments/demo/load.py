"""Loading the whole demo, as `manage.py load_demo` and the browser tests do."""

from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from assessments.common.table_statistics import tables_analyse
from assessments.demo.organisation import organisation_load
from assessments.demo.peers import peers_load
from assessments.demo.rounds import rounds_load
from assessments.demo.werkorganisatie import werkorganisatie_load
from assessments.models import Organisation
from bouwstenen.models import Framework

FRAMEWORK_SLUG = "borgingshuis-2023"


def demo_load() -> Organisation:
    """Load the demo, with the Borgingshuis model if it is missing, and return its
    organisation. Idempotent: what exists stays as it is."""
    if not Framework.objects.filter(slug=FRAMEWORK_SLUG).exists():
        call_command("load_borgingshuis", stdout=StringIO())
    framework = Framework.objects.get(slug=FRAMEWORK_SLUG)
    with transaction.atomic():
        organisation = organisation_load()
        rounds_load(organisation=organisation, framework=framework)
        peers_load(framework=framework, voorbeeld=organisation)
        werkorganisatie_load(framework=framework)
    # The demo fills the app's tables and the accounts: fresh statistics for all of them.
    tables_analyse([*apps.get_app_config("assessments").get_models(), get_user_model()])
    return organisation

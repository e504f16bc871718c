from .actions import views as actions
from .begeleider import views as begeleider
from .benchmark import views as benchmark
from .organisations import logbook, onderdelen_pages, overview
from .organisations import views as members
from .questionnaire import views as questionnaire
from .questionnaire import welcome
from .reporting.views import consensus, outcome, pdf, report, trend
from .retention import views as retention
from .rodedraad import views as rodedraad
from .rounds.views import erase, invitations, people, round_messages, rounds
from .rounds.views import settings as round_settings

app_name = "assessments"
urlpatterns = [
    # First: the autosave is the most frequent request by far, and each pattern tried before
    # its own costs time (they all start with vragenlijst/, which no other pattern does).
    *questionnaire.urlpatterns,
    *rounds.urlpatterns,
    *round_settings.urlpatterns,
    *invitations.urlpatterns,
    *people.urlpatterns,
    *round_messages.urlpatterns,
    *welcome.urlpatterns,
    *outcome.urlpatterns,
    *actions.urlpatterns,
    *report.urlpatterns,
    *pdf.urlpatterns,
    *consensus.urlpatterns,
    *trend.urlpatterns,
    *rodedraad.urlpatterns,
    *erase.urlpatterns,
    *members.urlpatterns,
    *retention.urlpatterns,
    *logbook.urlpatterns,
    *overview.urlpatterns,
    *onderdelen_pages.urlpatterns,
    *benchmark.urlpatterns,
    *begeleider.urlpatterns,
]

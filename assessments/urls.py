from .actions import views as actions
from .audit import views as audit
from .organisations import views as members
from .questionnaire import views as questionnaire
from .reporting.views import consensus, report
from .retention import views as retention
from .rounds.views import erase, invitations, rounds
from .rounds.views import settings as round_settings

app_name = "assessments"
urlpatterns = [
    *rounds.urlpatterns,
    *round_settings.urlpatterns,
    *invitations.urlpatterns,
    *questionnaire.urlpatterns,
    *actions.urlpatterns,
    *report.urlpatterns,
    *consensus.urlpatterns,
    *erase.urlpatterns,
    *members.urlpatterns,
    *retention.urlpatterns,
    *audit.urlpatterns,
]

from .views import (
    actions,
    consensus,
    invitations,
    members,
    privacy,
    questionnaire,
    report,
    round_settings,
    rounds,
)

app_name = "assessments"
urlpatterns = [
    *rounds.urlpatterns,
    *round_settings.urlpatterns,
    *invitations.urlpatterns,
    *questionnaire.urlpatterns,
    *actions.urlpatterns,
    *report.urlpatterns,
    *consensus.urlpatterns,
    *privacy.urlpatterns,
    *members.urlpatterns,
]

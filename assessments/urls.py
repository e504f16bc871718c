from .views import (
    actions,
    consensus,
    invitations,
    members,
    privacy,
    questionnaire,
    report,
    rounds,
)

app_name = "assessments"
urlpatterns = [
    *rounds.urlpatterns,
    *invitations.urlpatterns,
    *questionnaire.urlpatterns,
    *actions.urlpatterns,
    *report.urlpatterns,
    *consensus.urlpatterns,
    *privacy.urlpatterns,
    *members.urlpatterns,
]

"""Every model of the app, from the sub-domain that owns it (the app label stays
"assessments", so the migrations and the data do not move)."""

from ..actions.models import ActionsAtClose, ActionUpdate, ImprovementAction, RenderedActionPlan
from ..audit.models import AuditEntry
from ..benchmark.models import BenchmarkProfile, BenchmarkRelease, BenchmarkSettings
from ..organisations.models import BegeleiderAccessEnded, Membership, Onderdeel, Organisation
from ..questionnaire.models import TOELICHTING_MAX_LENGTH, Answer
from ..reporting.models import Consensus, ReleasedToelichting, RenderedReport, StoredRelease
from ..rodedraad.models import RenderedRodeDraad, RodeDraad
from ..rounds.freeze import RoundClosedError, RoundPart
from ..rounds.messages import ReminderSent, RoundMessage

# new_token: the migrations name it as assessments.models.new_token
from ..rounds.models import ERASED_EMAIL_DOMAIN, Respondent, Round, new_token
from ..rounds.start_keys import RoundStartKey
from ..rounds.tussenstanden import Tussenstand

__all__ = [
    "ActionUpdate",
    "ActionsAtClose",
    "ERASED_EMAIL_DOMAIN",
    "TOELICHTING_MAX_LENGTH",
    "Answer",
    "ReleasedToelichting",
    "StoredRelease",
    "Tussenstand",
    "AuditEntry",
    "BegeleiderAccessEnded",
    "BenchmarkProfile",
    "BenchmarkRelease",
    "BenchmarkSettings",
    "Consensus",
    "ImprovementAction",
    "Membership",
    "Onderdeel",
    "Organisation",
    "RenderedActionPlan",
    "RenderedReport",
    "RenderedRodeDraad",
    "RodeDraad",
    "ReminderSent",
    "Respondent",
    "Round",
    "RoundMessage",
    "RoundClosedError",
    "RoundPart",
    "RoundStartKey",
    "new_token",
]

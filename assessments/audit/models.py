"""The audit trail (logboek): who did which sensitive thing in an organisation, and when.

An entry keeps the actor's name and the round's name as text beside the links, so deleting
an account or erasing personal data later leaves the trail readable. It never holds answer
content: only what was done, to which round, and how many people it touched.

Every sub-domain records here (services.py), so this module imports none of them: its links
name their models as "assessments.<Model>"."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How an action done by no person (the retention task, a management command) is signed.
SYSTEM_NAME = "systeem"


class AuditEntryQuerySet(models.QuerySet):
    def for_page(self):
        """Newest first, with what the list shows loaded in the same query."""
        return self.select_related("round", "respondent").order_by("-at", "-pk")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        ROUND_OPEN = "round_open", _("Ronde geopend")
        ROUND_CLOSE = "round_close", _("Ronde gesloten")
        ROUND_REMIND = "round_remind", _("Herinnering gestuurd")
        RESPONDENT_REVOKE = "respondent_revoke", _("Link ingetrokken")
        RESPONDENT_REINSTATE = "respondent_reinstate", _("Link werkt weer")
        PERSONAL_DATA_ERASE = "personal_data_erase", _("Persoonsgegevens gewist")
        MEMBER_INVITE = "member_invite", _("Collega uitgenodigd")
        MEMBER_INVITE_WITHDRAW = "member_invite_withdraw", _("Uitnodiging ingetrokken")
        MEMBER_ADD = "member_add", _("Collega toegevoegd")
        MEMBER_ROLE = "member_role", _("Rol van collega gewijzigd")
        MEMBER_REMOVE = "member_remove", _("Collega verwijderd")
        RETENTION_CHANGE = "retention_change", _("Bewaartermijn gewijzigd")
        ANSWERS_CLOSE = "answers_close", _("Invullen gesloten")
        GROUP_SIZE_CHANGE = "group_size_change", _("Minimale groepsgrootte gewijzigd")
        RESPONDENT_INVITE = "respondent_invite", _("Uitgenodigd voor de ronde")
        RESPONDENT_RESEND = "respondent_resend", _("Link opnieuw gestuurd")
        SELF_FILL = "self_fill", _("Zelf invullen")
        RESPONDENT_CORRECT = "respondent_correct", _("Deelnemer gecorrigeerd")
        RESPONDENT_REMOVE = "respondent_remove", _("Deelnemer van de lijst gehaald")
        ORGANISATION_IMPORT = "organisation_import", _("Organisatie geïmporteerd")
        BENCHMARK_JOIN = "benchmark_join", _("Doet mee aan de vergelijking")
        BENCHMARK_LEAVE = "benchmark_leave", _("Doet niet meer mee aan de vergelijking")
        BENCHMARK_PROFILE = "benchmark_profile", _("Profiel voor de vergelijking gewijzigd")
        BEGELEIDER_VIEW = "begeleider_view", _("Pagina bekeken door begeleider")
        RESPONDENT_REOPEN = "respondent_reopen", _("Verstuurde antwoorden weer geopend")
        DOWNLOAD = "download", _("Gedownload")

    organisation = models.ForeignKey(
        "assessments.Organisation", on_delete=models.CASCADE, related_name="audit_entries"
    )
    at = models.DateTimeField(_("wanneer"), default=timezone.now, db_index=True)
    action = models.CharField(_("wat"), max_length=30, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door (account)"),
    )
    actor_name = models.CharField(_("door"), max_length=150)
    round = models.ForeignKey(
        "assessments.Round", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    round_name = models.CharField(_("ronde"), max_length=120, blank=True)
    # A respondent is named through the link only: after an erase it shows the placeholder,
    # so the trail never keeps a respondent's address the erase removed.
    respondent = models.ForeignKey(
        "assessments.Respondent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A colleague (an account, not erased by retention) or a setting, as text.
    subject = models.CharField(_("over"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("aantal"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_org_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()}"

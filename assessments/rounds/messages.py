"""What the coordinator tells a round's respondents (RoundMessage) and the reminders sent to
them (ReminderSent)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .freeze import ANSWERS_FROZEN, frozen_error
from .models import Respondent, Round


class RoundMessage(models.Model):
    """What the coordinator tells the round's respondents: their own invitation and reminder
    text, the contact person the e-mails come from (named sender, reply-to), and whether an
    old link shows the outcome once the round is closed. Not a RoundPart: sharing the
    outcome is decided after closing. Without one, the standard texts apply."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="message")
    invitation_text = models.TextField(_("tekst van de uitnodiging"), max_length=3000, blank=True)
    reminder_text = models.TextField(_("tekst van de herinnering"), max_length=3000, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mailadres van de contactpersoon"), blank=True)
    outcome_shared = models.BooleanField(
        _("uitkomst delen met respondenten"),
        default=False,
        help_text=_(
            "Na het sluiten zien respondenten via hun link het huis en de cijfers van het "
            "rapport (zonder toelichtingen), met dezelfde privacyregels."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    # What the e-mails say: frozen once answering closes, like everything sent to respondents.
    MAIL_FIELDS = ("invitation_text", "reminder_text", "contact_name", "contact_email")

    class Meta:
        verbose_name = _("bericht aan respondenten")
        verbose_name_plural = _("berichten aan respondenten")

    def __str__(self):
        return f"{self.round}"

    def save(self, *args, **kwargs):
        """Refuses (RoundClosedError) a change to the e-mails' texts or contact once the
        round's answering is closed, and a new row then that does not share the outcome (it
        would store nothing): whether the outcome is shared is the one thing that may still
        change."""
        status = Round.objects.filter(pk=self.round_id).values_list("status", flat=True).first()
        if status in ANSWERS_FROZEN:
            stored = RoundMessage.objects.filter(pk=self.pk).values(*self.MAIL_FIELDS).first()
            if stored is None and not self.outcome_shared:
                raise frozen_error(status)
            stored = stored or dict.fromkeys(self.MAIL_FIELDS, "")
            if any(getattr(self, name) != stored[name] for name in self.MAIL_FIELDS):
                raise frozen_error(status)
        super().save(*args, **kwargs)


class ReminderSent(models.Model):
    """One reminder e-mailed to one respondent: the log behind "laatst herinnerd op" and the
    interval between two reminders (settings.REMINDER_INTERVAL_HOURS)."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        ordering = ["respondent", "-sent_at"]

    def __str__(self):
        return f"{self.respondent_id} {self.sent_at:%Y-%m-%d %H:%M}"

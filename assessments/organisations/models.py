"""Organisations and who may use the tool for them (memberships with a permission role:
coördinator or lezer; not to be confused with a bouwsteen's rol in the model)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def language_field(verbose_name, help_text=""):
    """A language the texts are shown and e-mailed in: one of settings.LANGUAGES."""
    return models.CharField(
        verbose_name,
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=help_text,
    )


# never below 2: a "group" of one is one person (see reporting/disclosure.py)
GROUP_SIZE_LIMITS = [MinValueValidator(2), MaxValueValidator(50)]
# At least a month, so a closed round's report can still be checked with the people in it;
# at most ten years, well past any archive rule a municipality keeps for such data.
RETENTION_MONTHS_LIMITS = [MinValueValidator(1), MaxValueValidator(120)]
DEFAULT_RETENTION_MONTHS = 24


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente")
        CORPORATIE = "corporatie", _("Woningcorporatie")
        WATERSCHAP = "waterschap", _("Waterschap")
        PROVINCIE = "provincie", _("Provincie")
        ANDERS = "anders", _("Andere organisatie")
        ZORG_WELZIJN = "zorg_welzijn", _("Zorg en welzijn")

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind, default=Kind.GEMEENTE)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    # The minimum group size of the reports (see reporting/disclosure.py): a setting of the
    # organisation, so a new round starts with the size the last one used.
    min_group_size = models.PositiveSmallIntegerField(
        _("minimale groepsgrootte"),
        default=3,
        validators=GROUP_SIZE_LIMITS,
        help_text=_(
            "Cijfers over antwoorden tonen we pas vanaf dit aantal mensen, zodat niemand "
            "herkenbaar is. Nooit minder dan 2."
        ),
    )
    # How long after a round closes its respondents' personal data is kept (see
    # organisations/retention.py, which erases it when this has passed).
    retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn in maanden"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=RETENTION_MONTHS_LIMITS,
        help_text=_(
            "Zoveel maanden nadat een ronde is gesloten, wissen we vanzelf de namen, "
            "e-mailadressen, functies en links van de deelnemers. De antwoorden en het "
            "rapport blijven. Kies 1 tot 120 maanden."
        ),
    )

    language = language_field(
        _("taal"), _("De taal van uitnodigingen, tenzij je per persoon een andere kiest.")
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Onderdeel(models.Model):
    """A part of an organisation that gets scans of its own: a team, a project around one
    vraagstuk, or one of the gemeenten a werkorganisatie serves. A round may be for one part
    (Round.onderdeel), and a bestuur respondent may be marked with the gemeente they serve
    (Respondent.gemeente). Used parts cannot be deleted: closed rounds name them."""

    class Kind(models.TextChoices):
        TEAM = "team", _("Team")
        VRAAGSTUK = "vraagstuk", _("Project of vraagstuk")
        GEMEENTE = "gemeente", _("Gemeente")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="onderdelen",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind, default=Kind.TEAM)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ["organisation", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "organisation",
                name="onderdeel_name_unique_per_organisation",
                violation_error_message=_("Deze organisatie heeft al een onderdeel met deze naam."),
            )
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coördinator")
        VIEWER = "viewer", _("Lezer")
        # an outside adviser: reads reports and plans, never respondents (begeleider/)
        BEGELEIDER = "begeleider", _("Begeleider")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    role = models.CharField(_("rol in de tool"), max_length=20, choices=Role, default=Role.VIEWER)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class BegeleiderAccessEnded(models.Model):
    """A coordinator removed this begeleider from the organisation (services.member_remove):
    their pages of it say they no longer have access, instead of a bare "not found"
    (selectors.note_access_ended). Gone when they become a member again."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ended_at = models.DateTimeField(_("toegang beëindigd op"), default=timezone.now)

    class Meta:
        verbose_name = _("beëindigde toegang van een begeleider")
        verbose_name_plural = _("beëindigde toegang van begeleiders")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="begeleider_ended_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class MemberInvitation(models.Model):
    """An invitation to become a colleague in an organisation: no membership exists until
    the invited person accepts it through the e-mailed link (invitations.py). Only the hash
    of the link's token is stored, so the table gives nobody a working link. Accepting or
    withdrawing an invitation deletes it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    # As the coordinator typed it (the domain lower-cased): the page never shows more.
    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=150, blank=True)
    role = models.CharField(
        _("rol in de tool"),
        max_length=20,
        choices=Membership.Role,
        default=Membership.Role.VIEWER,
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("verstuurd"))
    expires_at = models.DateTimeField(_("verloopt"))

    class Meta:
        verbose_name = _("uitnodiging voor een collega")
        verbose_name_plural = _("uitnodigingen voor collega's")
        ordering = ["email", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "organisation", name="member_invitation_unique")
        ]

    def __str__(self):
        return f"{self.email} – {self.organisation}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())

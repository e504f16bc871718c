"""Rounds (rondes) of an organisation and the respondents invited to them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bouwstenen.models import Bouwsteen, Framework, Rol
from bouwstenen.snapshot import ModelTexts, framework_texts

from ..organisations.models import Membership, Onderdeel, Organisation, language_field
from .freeze import (
    ANSWERS_FROZEN,
    CLOSED,
    RoundClosedError,
    RoundPart,
    RoundPartQuerySet,
    frozen_error,
    protect_closed_else_set_null,
)
from .scope import SCOPE_FIELDS, scope_fixed_error


class RoundQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        """Rounds of the organisations the user belongs to (in one of `roles`, when given);
        none for anonymous users."""
        if not user.is_authenticated:
            return self.none()
        if roles is not None:
            return self.filter(
                organisation__memberships__user=user, organisation__memberships__role__in=roles
            )
        return self.filter(organisation__memberships__user=user)

    def coordinated_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            organisation__memberships__user=user,
            organisation__memberships__role=Membership.Role.COORDINATOR,
        )

    def update(self, **kwargs):
        # Bulk writes skip save(); refuse them here when they would touch a closed round,
        # or change the scope of a round that has opened.
        if self.filter(status=Round.Status.CLOSED).exists():
            raise RoundClosedError()
        if SCOPE_FIELDS & kwargs.keys() and self.exclude(status=Round.Status.CONCEPT).exists():
            raise scope_fixed_error()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=Round.Status.CLOSED).exists():
            raise RoundClosedError()
        return super().delete()

    def closed(self):
        return self.filter(status=Round.Status.CLOSED)

    def whole_organisation(self):
        """Rounds about the whole organisation that asked every bouwsteen (the queryset form
        of Round.is_whole_organisation)."""
        return self.filter(onderdeel__isnull=True, asked_bouwstenen=[])

    def same_history(self, round):
        """The rounds `round` is compared with over time: the organisation's rounds on a
        version of the same model (the framework's lineage) about the same part (the same
        onderdeel, or the whole organisation when it has none), other than `round`. A part
        is only ever compared with itself. A queryset (the lineage is a subquery)."""
        return self.filter(
            organisation_id=round.organisation_id,
            onderdeel_id=round.onderdeel_id,
            framework__lineage=Framework.objects.filter(pk=round.framework_id).values("lineage")[
                :1
            ],
        ).exclude(pk=round.pk)


class Round(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        OPEN = "open", _("Open")
        # Answering is over and the figures are released once, in full: the consensus
        # meeting works on them. Answers and people are frozen; consensus is not yet.
        ANSWERS_CLOSED = "answers_closed", _("Antwoorden gesloten")
        CLOSED = "closed", _("Gesloten")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("organisatie")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("model")
    )
    name = models.CharField(_("naam"), max_length=120)
    # The scope: the whole organisation (None) or one of its parts; fixed once the round opens.
    onderdeel = models.ForeignKey(
        Onderdeel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        verbose_name=_("onderdeel"),
        help_text=_("Leeg: de ronde gaat over de hele organisatie."),
    )
    # The numbers of the bouwstenen the round asks, in the model's order; empty: all of them.
    # Fixed once the round opens: the others are shown as not asked, never as zero.
    asked_bouwstenen = models.JSONField(_("gevraagde bouwstenen"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.CONCEPT)
    deadline = models.DateField(_("invullen kan tot en met"), null=True, blank=True)
    min_group_size = models.PositiveSmallIntegerField(
        _("minimale groepsgrootte"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "Cijfers per rol tonen we pas vanaf dit aantal antwoorden, zodat niemand herkenbaar is."
        ),
    )
    # The framework's texts as they were when the round opened: the report of this round
    # never changes when an administrator later edits a bouwsteen (bouwstenen/snapshot.py).
    snapshot = models.JSONField(_("momentopname van het model"), default=dict, blank=True)
    # A user named here cannot be deleted once the round is closed (freeze.py).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=protect_closed_else_set_null,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    answers_closed_at = models.DateTimeField(_("antwoorden gesloten op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    # The coordinator's choice: the PDF ends with an appendix of the toelichtingen. Written
    # with a plain queryset update, also on a closed round (reporting/services.py).
    report_appendix = models.BooleanField(_("toelichtingen als bijlage in de PDF"), default=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("ronde")
        verbose_name_plural = _("rondes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    def save(self, *args, **kwargs):
        self._ensure_writable(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _ensure_writable(self, update_fields) -> None:
        """ensure_editable, and the scope (SCOPE_FIELDS) unchanged once the round's status
        in the database is not concept; one query for both."""
        if not self.pk:
            return
        stored = (
            Round.objects.filter(pk=self.pk)
            .values("status", "onderdeel_id", "asked_bouwstenen")
            .first()
        )
        if stored is None:
            return
        if stored["status"] == CLOSED:
            raise frozen_error(CLOSED)
        writes_scope = update_fields is None or SCOPE_FIELDS & set(update_fields)
        changed = (stored["onderdeel_id"], stored["asked_bouwstenen"]) != (
            self.onderdeel_id,
            self.asked_bouwstenen,
        )
        if writes_scope and changed and stored["status"] != self.Status.CONCEPT:
            raise scope_fixed_error()

    def clean(self):
        """The part is one of the round's organisation's; the asked bouwstenen are distinct
        numbers of its model (one query, only when some were chosen)."""
        errors = {}
        try:
            foreign = self.onderdeel and self.onderdeel.organisation_id != self.organisation_id
        except Onderdeel.DoesNotExist:  # clean_fields says so
            foreign = False
        if foreign:
            errors["onderdeel"] = _("Kies een onderdeel van de eigen organisatie.")
        asked = self.asked_bouwstenen
        if not isinstance(asked, list) or not all(
            isinstance(number, int) and not isinstance(number, bool) for number in asked
        ):
            errors["asked_bouwstenen"] = _("Geef de gevraagde bouwstenen als een lijst nummers.")
        elif asked and self.framework_id:
            known = set(
                Bouwsteen.objects.filter(
                    framework_id=self.framework_id, number__in=asked
                ).values_list("number", flat=True)
            )
            if len(asked) != len(set(asked)) or known != set(asked):
                errors["asked_bouwstenen"] = _(
                    "Kies alleen bouwstenen van het model van de ronde, elk één keer."
                )
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        self.ensure_editable()
        return super().delete(*args, **kwargs)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def answers_frozen(self):
        """True once answering is closed: answers, people and their links no longer change,
        and the report shows the figures released at that moment."""
        return self.status in ANSWERS_FROZEN

    @property
    def is_whole_organisation(self) -> bool:
        """A round about the whole organisation that asks every bouwsteen."""
        return self.onderdeel_id is None and not self.asked_bouwstenen

    def asks(self, number: int) -> bool:
        """Whether the round asks the bouwsteen with this number (all, when none were chosen)."""
        return not self.asked_bouwstenen or number in self.asked_bouwstenen

    def model_texts(self) -> ModelTexts:
        """The model texts the round is shown with: its frozen snapshot once opened (no
        query), else the framework's current texts (four queries)."""
        if self.snapshot:
            return ModelTexts.from_json(self.snapshot)
        return framework_texts(self.framework)

    def previous_closed(self):
        """The organisation's latest closed round before this one (by closing date) on a
        version of the same model (the framework's lineage) about the same part (same_history:
        a round of onderdeel X follows only rounds of X, a whole-organisation round only
        whole-organisation rounds), or None. A round of another model is never its
        predecessor. Used to compare reports, for the look back, to invite last round's
        people and to carry actions over. One query."""
        previous = Round.objects.closed().same_history(self)
        if self.closed_at:
            previous = previous.filter(closed_at__lt=self.closed_at)
        return previous.order_by("-closed_at").first()

    def ensure_deletable(self):
        """Only a concept round may be deleted: nobody has had a link yet, so no answer is
        lost. Raises ValidationError for an open or closed round."""
        if self.status != self.Status.CONCEPT:
            raise ValidationError(
                _("Alleen een ronde die nog niet open is geweest, kun je verwijderen."),
                code="not_concept",
            )

    def ensure_editable(self, frozen_from=(CLOSED,)):
        """Raise RoundClosedError if the round is closed in the database (AnswersClosedError
        for a status in `frozen_from` before closing)."""
        if not self.pk:
            return
        status = Round.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if status in frozen_from:
            raise frozen_error(status)


def new_token():
    return secrets.token_urlsafe(32)


# Erased respondents keep a placeholder address on this reserved domain (RFC 2606).
ERASED_EMAIL_DOMAIN = "@gewist.invalid"


class RespondentQuerySet(RoundPartQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def not_erased(self):
        return self.exclude(email__endswith=ERASED_EMAIL_DOMAIN)

    def erase_personal_data(self) -> int:
        """Replace the name, e-mail address, function and link of these respondents with
        placeholders; returns how many were erased. This is the one change a closed round
        allows: the AVG asks to keep personal data no longer than needed. Roles and answers
        stay, so the report does not change. One query to read, one to write."""
        people = list(self.not_erased().only("pk"))
        for person in people:
            person.email = f"respondent-{person.pk}{ERASED_EMAIL_DOMAIN}"
            person.name = person.function = ""
            person.token = new_token()  # the old link stops working
        # A plain QuerySet, on purpose: this QuerySet's bulk writes refuse closed rounds.
        plain = models.QuerySet(self.model, using=self.db)
        plain.bulk_update(people, ["email", "name", "function", "token"])
        return len(people)


def _rol_field(verbose_name):
    """A respondent's optional role in the round's model."""
    return models.ForeignKey(
        Rol,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class Respondent(RoundPart):
    frozen_from = ANSWERS_FROZEN
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="respondents", verbose_name=_("ronde")
    )
    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=120, blank=True)
    invited_rol = _rol_field(_("uitgenodigd als"))
    rol = _rol_field(_("vult in vanuit de rol"))
    function = models.CharField(_("functie"), max_length=120, blank=True)
    # In a werkorganisatie's scan: the gemeente a bestuur respondent serves (an Onderdeel of
    # kind GEMEENTE), so the report can show bestuur per gemeente where groups are big enough.
    gemeente = models.ForeignKey(
        Onderdeel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Onderdeel.Kind.GEMEENTE},
        verbose_name=_("gemeente"),
    )
    # The language of their e-mails and of the link (the questionnaire opens in it).
    language = language_field(_("taal"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("laatst gemaild op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("link ingetrokken op"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    # Set once, when answering closes (rounds/counting.py): whether this person's answers
    # are in the round's figures, and whether they coordinate the organisation (an insider,
    # whose answers count in the whole but never in a role group).
    counted = models.BooleanField(_("telt mee"), default=False, editable=False)
    insider = models.BooleanField(
        _("coördinator van de organisatie"), default=False, editable=False
    )
    last_step = models.CharField(_("laatste stap"), max_length=40, blank=True)
    # The newest save applied from one open questionnaire page (see services.SaveMark).
    save_page = models.CharField(max_length=40, blank=True, editable=False)
    save_seq = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = RespondentQuerySet.as_manager()

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondenten")
        ordering = ["round", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "email"],
                name="respondent_email_unique_per_round",
                violation_error_message=_("Dit e-mailadres is al uitgenodigd voor deze ronde."),
            )
        ]

    def __str__(self):
        return self.name or self.email

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def is_erased(self):
        return self.email.endswith(ERASED_EMAIL_DOMAIN)

    @property
    def shown_rol(self):
        """The role the respondent answers from, or else the one they were invited as."""
        return self.rol or self.invited_rol

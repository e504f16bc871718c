"""Organisations, rounds (rondes), respondents, answers, consensus and improvement actions.

A closed round is frozen: every write to it or to anything that belongs to it is refused here,
in the model layer, so no view, admin page or shell helper can alter it.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bouwstenen.models import Bouwsteen, Framework, Rol

LEVEL_UNKNOWN = 0  # "weet ik niet / niet van toepassing": never a zero in any figure
LEVEL_CHOICES = [(LEVEL_UNKNOWN, _("Weet ik niet / niet van toepassing"))] + [
    (value, str(value)) for value in range(1, 6)
]
TOELICHTING_MAX_LENGTH = 2000


class RoundClosedError(ValidationError):
    def __init__(self):
        super().__init__(
            _("Deze ronde is gesloten. Er kan niets meer worden gewijzigd."), code="round_closed"
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente")
        CORPORATIE = "corporatie", _("Woningcorporatie")
        WATERSCHAP = "waterschap", _("Waterschap")
        PROVINCIE = "provincie", _("Provincie")
        ANDERS = "anders", _("Andere organisatie")

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind, default=Kind.GEMEENTE)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coördinator")
        VIEWER = "viewer", _("Lezer")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
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


class RoundQuerySet(models.QuerySet):
    def for_user(self, user):
        """Rounds of the organisations the user belongs to; none for anonymous users."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def coordinated_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            organisation__memberships__user=user,
            organisation__memberships__role=Membership.Role.COORDINATOR,
        )

    def open(self):
        return self.filter(status=Round.Status.OPEN)

    def update(self, **kwargs):
        # Bulk writes skip save(); refuse them here when they would touch a closed round.
        if self.filter(status=Round.Status.CLOSED).exists():
            raise RoundClosedError()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=Round.Status.CLOSED).exists():
            raise RoundClosedError()
        return super().delete()

    def closed(self):
        return self.filter(status=Round.Status.CLOSED)


class Round(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Gesloten")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("organisatie")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("model")
    )
    name = models.CharField(_("naam"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.CONCEPT)
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
    # never changes when an administrator later edits a bouwsteen (see snapshot.py).
    snapshot = models.JSONField(_("momentopname van het model"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("ronde")
        verbose_name_plural = _("rondes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    def save(self, *args, **kwargs):
        self.ensure_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.ensure_editable()
        return super().delete(*args, **kwargs)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    def previous_closed(self):
        """The organisation's latest closed round before this one (by closing date), or
        None. Used to compare reports and to carry actions over."""
        previous = Round.objects.closed().filter(organisation_id=self.organisation_id)
        previous = previous.exclude(pk=self.pk)
        if self.closed_at:
            previous = previous.filter(closed_at__lt=self.closed_at)
        return previous.order_by("-closed_at").first()

    def ensure_editable(self):
        """Raise RoundClosedError if the round is closed in the database."""
        if self.pk and Round.objects.filter(pk=self.pk, status=self.Status.CLOSED).exists():
            raise RoundClosedError()


class RoundPartQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes that would touch a closed round."""

    round_path = "round"

    def _touches_closed_round(self):
        return self.filter(**{f"{self.round_path}__status": Round.Status.CLOSED}).exists()

    def update(self, **kwargs):
        if self._touches_closed_round():
            raise RoundClosedError()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_closed_round():
            raise RoundClosedError()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_closed_rounds(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_closed_rounds(objs)
        return super().bulk_update(objs, *args, **kwargs)

    def _refuse_closed_rounds(self, objs):
        """One query whatever the number of objects (their round ids must be at hand)."""
        round_ids = {obj.get_round_id() for obj in objs}
        closed = Round.objects.filter(pk__in=round_ids, status=Round.Status.CLOSED)
        if round_ids and closed.exists():
            raise RoundClosedError()


class RoundPart(models.Model):
    """Base for records that belong to a round and freeze with it."""

    round_path = "round"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.get_round().ensure_editable()
        self._ensure_stored_round_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.get_round().ensure_editable()
        self._ensure_stored_round_editable()
        return super().delete(*args, **kwargs)

    def _ensure_stored_round_editable(self):
        """Also refuse when the record as stored belongs to a closed round: moving it to an
        open round would take it out of the closed one."""
        if self._state.adding or self.pk is None:
            return
        stored = type(self)._default_manager.get_queryset().filter(pk=self.pk)
        if stored._touches_closed_round():
            raise RoundClosedError()

    def get_round(self):
        return self.round

    def get_round_id(self):
        return self.round_id


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


class Respondent(RoundPart):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="respondents")
    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=120, blank=True)
    invited_rol = models.ForeignKey(
        Rol,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitgenodigd als"),
    )
    rol = models.ForeignKey(
        Rol,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vult in vanuit de rol"),
    )
    function = models.CharField(_("functie"), max_length=120, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_step = models.CharField(max_length=40, blank=True)
    # The newest save applied from one open questionnaire page (see services.SaveMark).
    save_page = models.CharField(max_length=40, blank=True, editable=False)
    save_seq = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

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


class AnswerQuerySet(RoundPartQuerySet):
    round_path = "respondent__round"

    def for_report(self, round):
        """Answers of the round's active respondents, with their role, for aggregation."""
        return self.filter(
            respondent__round=round, respondent__revoked_at__isnull=True
        ).select_related("respondent__rol")


class Answer(RoundPart):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    bouwsteen = models.ForeignKey(Bouwsteen, on_delete=models.PROTECT, related_name="+")
    current_level = models.PositiveSmallIntegerField(
        _("huidige situatie"), choices=LEVEL_CHOICES, null=True, blank=True
    )
    desired_level = models.PositiveSmallIntegerField(
        _("gewenste situatie"), choices=LEVEL_CHOICES, null=True, blank=True
    )
    toelichting = models.TextField(
        _("toelichting"),
        max_length=TOELICHTING_MAX_LENGTH,
        validators=[MaxLengthValidator(TOELICHTING_MAX_LENGTH)],
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["respondent", "bouwsteen"], name="answer_unique"),
            models.CheckConstraint(
                condition=models.Q(current_level__lte=5), name="answer_current_level_on_scale"
            ),
            models.CheckConstraint(
                condition=models.Q(desired_level__lte=5), name="answer_desired_level_on_scale"
            ),
        ]

    def __str__(self):
        return f"{self.respondent} – {self.bouwsteen_id}"

    def get_round(self):
        return self.respondent.round

    def get_round_id(self):
        return self.respondent.round_id

    @property
    def is_answered(self):
        return self.current_level is not None


class ConsensusQuerySet(RoundPartQuerySet):
    pass


class Consensus(RoundPart):
    """The level a team agreed on for one bouwsteen after looking at the spread."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="consensus")
    bouwsteen = models.ForeignKey(Bouwsteen, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("afgesproken niveau"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(
        _("toelichting"),
        max_length=TOELICHTING_MAX_LENGTH,
        validators=[MaxLengthValidator(TOELICHTING_MAX_LENGTH)],
        blank=True,
    )
    decided_at = models.DateTimeField(auto_now=True)

    objects = ConsensusQuerySet.as_manager()

    class Meta:
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus")
        constraints = [
            models.UniqueConstraint(fields=["round", "bouwsteen"], name="consensus_unique")
        ]

    def __str__(self):
        return f"{self.round} – {self.bouwsteen_id}: {self.level}"


class ActionQuerySet(RoundPartQuerySet):
    pass


class ImprovementAction(RoundPart):
    class Line(models.TextChoices):
        ACTIEF_LEREN = "actief_leren", _("Actief leren")
        SAMEN_ERVAREN = "samen_ervaren", _("Samen ervaren")
        ONTWIKKELEN = "ontwikkelen", _("Ontwikkelen")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        IN_PROGRESS = "in_progress", _("Bezig")
        DONE = "done", _("Klaar")
        DROPPED = "dropped", _("Vervallen")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    bouwsteen = models.ForeignKey(
        Bouwsteen, on_delete=models.PROTECT, related_name="+", verbose_name=_("bouwsteen")
    )
    title = models.CharField(_("actie"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    line = models.CharField(_("lijn"), max_length=20, choices=Line, default=Line.ACTIEF_LEREN)
    owner_rol = models.ForeignKey(
        Rol, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar (rol)")
    )
    owner_name = models.CharField(_("eigenaar (naam)"), max_length=120, blank=True)
    due_date = models.DateField(_("klaar op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["round", "bouwsteen__number", "due_date", "id"]

    def __str__(self):
        return self.title


class RenderedReport(models.Model):
    """A cached PDF of a round's report, valid while its fingerprint matches. Not a RoundPart:
    it only stores what the (possibly frozen) round renders to."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="rendered_pdf")
    fingerprint = models.CharField(max_length=64)
    pdf = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"PDF {self.round}"

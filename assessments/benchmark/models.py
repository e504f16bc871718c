"""The benchmark's data: an organisation's profile and consent, the stored releases, and the
beheerder's switches (the threshold k and the public page)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..organisations.models import Organisation
from .disclosure import DEFAULT_K, MIN_K


class SizeClass(models.TextChoices):
    SMALL = "s", _("Klein: tot 25.000 inwoners of 250 medewerkers")
    MEDIUM = "m", _("Middelgroot: 25.000 tot 100.000 inwoners of 250 tot 1.000 medewerkers")
    LARGE = "l", _("Groot: 100.000 inwoners of 1.000 medewerkers en meer")


class BenchmarkProfile(models.Model):
    """Whether an organisation takes part in the comparison, and its size class (its type is
    Organisation.kind). Changed through benchmark_consent_set, which writes the logboek."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="benchmark_profile"
    )
    size_class = models.CharField(_("grootte"), max_length=2, choices=SizeClass, blank=True)
    opted_in = models.BooleanField(_("doet mee aan de vergelijking"), default=False)
    changed_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("profiel voor de vergelijking")
        verbose_name_plural = _("profielen voor de vergelijking")

    def __str__(self):
        return str(self.organisation)


class ReleaseAppendOnly(Exception):
    """A stored release was to be changed or deleted: releases are append-only, so the rules'
    history (every content shown before, disclosure.py) survives."""


class BenchmarkReleaseQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-created_at", "-pk")

    def update(self, **kwargs):
        raise ReleaseAppendOnly("Een vergelijking (release) wijzigt nooit.")

    def delete(self):
        raise ReleaseAppendOnly("Een vergelijking (release) wordt nooit verwijderd.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ReleaseAppendOnly("Een vergelijking (release) wijzigt nooit.")

    # the deletion collector's fast path bypasses delete(): refused too
    def _raw_delete(self, using):
        raise ReleaseAppendOnly("Een vergelijking (release) wordt nooit verwijderd.")


class BenchmarkRelease(models.Model):
    """One computed release, append-only: save() inserts and never updates, delete() and the
    QuerySet's update() and delete() raise ReleaseAppendOnly, and the admin offers neither
    (services.benchmark_release_make makes them). `figures` is what may be
    shown: {model lineage: {"name", "bouwstenen": {number: {group code: {"count", "median"
    and from 10 organisations "p25" and "p75"}}}}}, each figure a band (disclosure.summary).
    `basis` is what the rules need for the next release (every contribution, and the
    contents shown): never shown, only read by the release task.
    `members` says who was in which group at release time (comparison.py reads it)."""

    created_at = models.DateTimeField(_("gemaakt op"), db_index=True)
    k = models.PositiveSmallIntegerField(_("minimaal aantal organisaties per groep"))
    organisations = models.PositiveIntegerField(_("organisaties die meedoen"))
    figures = models.JSONField(_("cijfers"), default=dict)
    basis = models.JSONField(default=dict, editable=False)
    # who was in which group when the release was made: {org id: [type, size class or null,
    # [model lineages it contributed to]]}. An organisation sees only these groups of this
    # release, whatever its profile says now (a new type or size counts from the next one).
    members = models.JSONField(default=dict, editable=False)

    objects = BenchmarkReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("vergelijking (release)")
        verbose_name_plural = _("vergelijkingen (releases)")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{_('Vergelijking')} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        """Only a new release is saved; a stored one is never changed (ReleaseAppendOnly)."""
        if not self._state.adding:
            raise ReleaseAppendOnly("Een vergelijking (release) wijzigt nooit.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReleaseAppendOnly("Een vergelijking (release) wordt nooit verwijderd.")


class BenchmarkSettings(models.Model):
    """The beheerder's switches, one row (pk 1): the threshold and the public page."""

    k = models.PositiveSmallIntegerField(
        _("minimaal aantal organisaties per groep"),
        default=DEFAULT_K,
        validators=[MinValueValidator(MIN_K), MaxValueValidator(50)],
        help_text=_("Een groep tonen we pas vanaf dit aantal organisaties. Nooit minder dan 3."),
    )
    public_page = models.BooleanField(
        _("openbare pagina Landelijk beeld"),
        default=False,
        help_text=_(
            "Toont op /landelijk-beeld/ de verdeling over alle organisaties van de laatste "
            "vergelijking, voor iedereen."
        ),
    )

    class Meta:
        verbose_name = _("instellingen van de vergelijking")
        verbose_name_plural = _("instellingen van de vergelijking")

    def __str__(self):
        return str(_("Instellingen van de vergelijking"))

    @classmethod
    def current(cls) -> "BenchmarkSettings":
        """The one row, made with the defaults when missing."""
        return cls.objects.get_or_create(pk=1)[0]

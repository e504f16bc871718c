"""The maturity model as data: a framework version with its niveaus, rollen, bouwstenen and
scale. Several frameworks may live side by side (a new version, or another lens entirely)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

LAST_PUBLISHED_MESSAGE = _(
    "Er moet altijd een gepubliceerd model zijn. Publiceer eerst een andere versie."
)


class FrameworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Framework(models.Model):
    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=120)
    version = models.CharField(_("versie"), max_length=40)
    # The versions of one model share this key: a round is compared only with earlier rounds
    # whose model has the same lineage (trend, report, look back, carrying actions over).
    lineage = models.SlugField(
        _("modelreeks"),
        blank=True,
        help_text=_(
            "Versies van hetzelfde model delen deze code. Rondes vergelijken we alleen met "
            "rondes uit dezelfde reeks. Een nieuwe versie (kopie) houdt de code; leeg wordt "
            "de code van het model zelf."
        ),
    )
    intro = models.TextField(_("inleiding"), blank=True)
    is_published = models.BooleanField(
        _("gepubliceerd"),
        default=True,
        help_text=_("Alleen gepubliceerde modellen kunnen voor een nieuwe ronde gekozen worden."),
    )

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("model")
        verbose_name_plural = _("modellen")
        ordering = ["name", "version"]

    def __str__(self):
        return f"{self.name} ({self.version})"

    def save(self, *args, **kwargs):
        # A model of its own starts its own lineage; a copy arrives with its original's.
        if not self.lineage:
            self.lineage = self.slug
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        # The public page shows a published model; there must always be one.
        others = Framework.objects.published().exclude(pk=self.pk)
        if not self.is_published and self.pk and not others.exists():
            raise ValidationError({"is_published": LAST_PUBLISHED_MESSAGE})

    def is_in_use(self) -> bool:
        """Whether a record of another app (an assessment round) refers to this framework; its
        parts may then be edited but not deleted (open rounds still save answers against
        them). One query per referring model, without knowing which apps those are."""
        for relation in self._meta.related_objects:
            model = relation.related_model
            if model._meta.app_label == self._meta.app_label:
                continue
            if model._default_manager.filter(**{relation.field.name: self}).exists():
                return True
        return False


class FrameworkPartManager(models.Manager):
    """Parts of a framework are found by the framework's slug plus their own code."""

    lookup_field = "code"

    def get_by_natural_key(self, framework_slug, code):
        return self.get(framework__slug=framework_slug, **{self.lookup_field: code})


class AxisBase(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, verbose_name=_("model"))
    code = models.SlugField(_("code"))
    name = models.CharField(_("naam"), max_length=60)
    description = models.TextField(_("omschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = FrameworkPartManager()

    class Meta:
        abstract = True
        ordering = ["framework", "order"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.framework.natural_key(), self.code)

    natural_key.dependencies = ["bouwstenen.framework"]


def code_unique_per_framework(model_name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["framework", "code"],
        name=f"{model_name}_code_unique_per_framework",
        violation_error_message=_("Deze code bestaat al in dit model."),
    )


class Niveau(AxisBase):
    class Meta(AxisBase.Meta):
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaus")
        constraints = [code_unique_per_framework("niveau")]


class Rol(AxisBase):
    class Meta(AxisBase.Meta):
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [code_unique_per_framework("rol")]


class BouwsteenManager(FrameworkPartManager):
    lookup_field = "number"


class BouwsteenQuerySet(models.QuerySet):
    def with_grid(self):
        """Bouwstenen with niveau, rol and reflection questions loaded in two queries."""
        return self.select_related("niveau", "rol").prefetch_related("questions")


class Bouwsteen(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, verbose_name=_("model"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    short_title = models.CharField(
        _("korte titel"), max_length=40, help_text=_("Past op een steen in het huis.")
    )
    description = models.TextField(_("omschrijving"))
    # RESTRICT, not PROTECT: a niveau or rol with bouwstenen cannot be deleted on its own, but a
    # whole framework (a copy nobody uses yet) can, taking its bouwstenen along.
    niveau = models.ForeignKey(Niveau, on_delete=models.RESTRICT, verbose_name=_("niveau"))
    rol = models.ForeignKey(Rol, on_delete=models.RESTRICT, verbose_name=_("rol"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = BouwsteenManager.from_queryset(BouwsteenQuerySet)()

    class Meta:
        verbose_name = _("bouwsteen")
        verbose_name_plural = _("bouwstenen")
        ordering = ["framework", "order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="bouwsteen_number_unique_per_framework",
                violation_error_message=_("Dit nummer is in dit model al gebruikt."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def natural_key(self):
        return (*self.framework.natural_key(), self.number)

    natural_key.dependencies = ["bouwstenen.framework", "bouwstenen.niveau", "bouwstenen.rol"]

    def clean(self):
        errors = {}
        framework_id = self.framework_id
        if self.niveau_id and framework_id and self.niveau.framework_id != framework_id:
            errors["niveau"] = _("Kies een niveau uit hetzelfde model als de bouwsteen.")
        if self.rol_id and framework_id and self.rol.framework_id != framework_id:
            errors["rol"] = _("Kies een rol uit hetzelfde model als de bouwsteen.")
        if errors:
            raise ValidationError(errors)


class ReflectionQuestion(models.Model):
    bouwsteen = models.ForeignKey(
        Bouwsteen, on_delete=models.CASCADE, related_name="questions", verbose_name=_("bouwsteen")
    )
    text = models.CharField(_("vraag"), max_length=300)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("reflectievraag")
        verbose_name_plural = _("reflectievragen")
        ordering = ["bouwsteen", "order", "id"]

    def __str__(self):
        return self.text


class ScaleLevelManager(models.Manager):
    def get_by_natural_key(self, framework_slug, value):
        return self.get(framework__slug=framework_slug, value=value)


class ScaleLevel(models.Model):
    """One step of the maturity scale (1 = afwezig .. 5 = geborgd en lerend)."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="scale", verbose_name=_("model")
    )
    value = models.PositiveSmallIntegerField(
        _("waarde"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    label = models.CharField(_("naam"), max_length=60)
    meaning = models.CharField(_("betekenis"), max_length=200)

    objects = ScaleLevelManager()

    class Meta:
        verbose_name = _("stap van de schaal")
        verbose_name_plural = _("schaal")
        ordering = ["framework", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "value"],
                name="scale_value_unique_per_framework",
                violation_error_message=_("Deze waarde staat al op de schaal van dit model."),
            )
        ]

    def __str__(self):
        return f"{self.value} {self.label}"

    def natural_key(self):
        return (*self.framework.natural_key(), self.value)

    natural_key.dependencies = ["bouwstenen.framework"]

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from borgingshuis.admin_style import AdminStyle

from .admin_history import ModelTextAdmin
from .models import (
    LAST_PUBLISHED_MESSAGE,
    Bouwsteen,
    Framework,
    Niveau,
    ReflectionQuestion,
    Rol,
    ScaleLevel,
)
from .services import framework_copy

EDITABLE_NOTE = _(
    "De teksten van het model zijn aan te passen. Elke wijziging wordt bewaard met wie en "
    "wanneer (knop ‘Geschiedenis’). Rapporten van gesloten rondes veranderen niet mee."
)


IN_USE_MESSAGE = _(
    "Niets verwijderd: rondes gebruiken dit model. Pas de tekst aan, of maak een nieuwe "
    "versie van het model."
)


class KeepWhenInUseMixin:
    """Parts of a framework that rounds use can be edited, not deleted."""

    def has_delete_permission(self, request, obj=None):
        framework = self.framework_of(obj) if obj is not None else None
        if framework is not None and framework.is_in_use():
            return False
        return super().has_delete_permission(request, obj)

    def framework_of(self, obj):
        return obj.framework

    def delete_queryset(self, request, queryset):
        frameworks = {self.framework_of(obj) for obj in queryset.select_related("framework")}
        if any(framework.is_in_use() for framework in frameworks):
            self.message_user(request, IN_USE_MESSAGE, messages.ERROR)
            return
        super().delete_queryset(request, queryset)


# Stacked, not tabular: each field then has its own label (a tabular inline's inputs have
# none, and its header row has empty cells), which screen readers and axe need.
class FrameworkPartInline(KeepWhenInUseMixin, admin.StackedInline):
    extra = 0

    def framework_of(self, obj):
        return obj  # the inline's parent is the framework itself


class ReflectionQuestionInline(TranslationStackedInline):
    model = ReflectionQuestion
    extra = 1
    fields = ["order", "text"]


class ScaleLevelInline(FrameworkPartInline, TranslationStackedInline):
    model = ScaleLevel
    fields = ["value", "label", "meaning"]


class NiveauInline(FrameworkPartInline, TranslationStackedInline):
    model = Niveau
    fields = ["order", "code", "name", "description"]


class RolInline(FrameworkPartInline, TranslationStackedInline):
    model = Rol
    fields = ["order", "code", "name", "description"]


class AxisNameFilter(admin.SimpleListFilter):
    """Filters bouwstenen by the name of their niveau or rol, across model versions (a
    filter on the foreign key would list "Organisatie" once per version)."""

    field = ""

    def lookups(self, request, model_admin):
        related = model_admin.model._meta.get_field(self.field).related_model
        names = related.objects.order_by("order").values_list("name", flat=True)
        return [(name, name) for name in dict.fromkeys(names)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field}__name": self.value()})
        return queryset


class NiveauFilter(AxisNameFilter):
    title = _("niveau")
    parameter_name = "niveau"
    field = "niveau"


class RolFilter(AxisNameFilter):
    title = _("rol")
    parameter_name = "rol"
    field = "rol"


class FrameworkListFormSet(BaseModelFormSet):
    """The ticks in the model list: each row's clean() sees only the database, so unticking
    every published model at once would pass row by row. Checked here over the whole list."""

    def add_fields(self, form, index):
        """The tick in each row gets a name of its own ("<model> gepubliceerd"): the admin
        gives list-editable fields no label."""
        super().add_fields(form, index)
        if "is_published" in form.fields and form.instance.pk:
            form.fields["is_published"].widget.attrs["aria-label"] = gettext(
                "%(framework)s gepubliceerd"
            ) % {"framework": form.instance}

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        on_page = [form.instance.pk for form in self.forms]
        published = [form.instance for form in self.forms if form.cleaned_data["is_published"]]
        if not published and not Framework.objects.published().exclude(pk__in=on_page).exists():
            raise ValidationError(LAST_PUBLISHED_MESSAGE)


@admin.register(Framework)
class FrameworkAdmin(ModelTextAdmin):
    Media = AdminStyle
    list_display = ["name", "version", "slug", "is_published", "english"]
    # Publishing is one tick in the list: a copy stays hidden from coordinators until then.
    list_editable = ["is_published"]
    list_filter = ["is_published"]
    search_fields = ["name", "version", "slug"]
    inlines = [NiveauInline, RolInline, ScaleLevelInline]
    actions = ["make_new_version"]

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=FrameworkListFormSet, **kwargs)

    @admin.action(description=_("Nieuwe versie maken (kopie)"), permissions=["add"])
    def make_new_version(self, request, queryset):
        for framework in queryset:
            copy = framework_copy(framework=framework)
            self.message_user(
                request,
                format_html(
                    gettext(
                        'Nieuwe versie gemaakt: <a href="{url}">{name}, versie {version}</a>. '
                        "Deze is nog niet gepubliceerd. Pas de teksten aan en zet daarna "
                        "‘gepubliceerd’ aan."
                    ),
                    url=reverse("admin:bouwstenen_framework_change", args=[copy.pk]),
                    name=copy.name,
                    version=copy.version,
                ),
                messages.SUCCESS,
            )


@admin.register(Bouwsteen)
class BouwsteenAdmin(KeepWhenInUseMixin, ModelTextAdmin):
    Media = AdminStyle
    # Short columns (the short title, niveau and rol in one): the list fits a 1280 px screen
    # beside the admin's menu.
    list_display = ["nr", "short_title", "cell", "framework_name", "english"]
    list_display_links = ["nr", "short_title"]
    list_filter = ["framework", NiveauFilter, RolFilter]
    search_fields = ["title", "short_title", "description", "questions__text"]
    ordering = ["framework", "order", "number"]
    list_select_related = ["niveau", "rol", "framework"]
    inlines = [ReflectionQuestionInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["framework", "number", "order", "niveau", "rol"],
                "description": EDITABLE_NOTE,
            },
        ),
        # Each text's Dutch and English side by side, on one row.
        (
            _("Teksten (Nederlands en Engels)"),
            {
                "fields": [
                    ("title_nl", "title_en"),
                    ("short_title_nl", "short_title_en"),
                    ("description_nl", "description_en"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("questions")

    def missing_texts(self, obj):
        """Its own texts, and its reflection questions, that have no English yet."""
        questions = [q for q in obj.questions.all() if not (q.text_en or "").strip()]
        extra = [gettext("reflectievraag %(order)s") % {"order": q.order} for q in questions]
        return [*super().missing_texts(obj), *extra]

    @admin.display(description=_("nr."), ordering="number")
    def nr(self, obj):
        return obj.number

    # Not called `model`: that is the ModelAdmin's own attribute (the Bouwsteen class), which
    # the list would show instead, under the heading "Bouwsteen".
    @admin.display(description=_("model"), ordering="framework")
    def framework_name(self, obj):
        return str(obj.framework)  # a method, so the admin lets it wrap (a foreign key: nowrap)

    @admin.display(description=_("vak (niveau · rol)"))
    def cell(self, obj):
        return f"{obj.niveau} · {obj.rol}"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("niveau", "rol"):
            kwargs["queryset"] = db_field.related_model.objects.select_related("framework")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ScaleLevel)
class ScaleLevelAdmin(KeepWhenInUseMixin, ModelTextAdmin):
    list_display = ["value", "label", "meaning", "framework", "english"]
    list_filter = ["framework"]
    search_fields = ["label", "meaning"]


@admin.register(ReflectionQuestion)
class ReflectionQuestionAdmin(ModelTextAdmin):
    list_display = ["text", "bouwsteen", "english"]
    list_filter = ["bouwsteen__framework"]
    search_fields = ["text"]
    list_select_related = ["bouwsteen"]


@admin.register(Niveau, Rol)
class AxisAdmin(KeepWhenInUseMixin, ModelTextAdmin):
    list_display = ["name", "code", "order", "framework", "english"]
    list_filter = ["framework"]
    search_fields = ["name", "code"]


admin.site.site_header = _("Borgingshuis beheer")
admin.site.site_title = _("Borgingshuis beheer")
admin.site.index_title = _("Model, organisaties en rondes")

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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


class ReflectionQuestionInline(admin.StackedInline):
    model = ReflectionQuestion
    extra = 1
    fields = ["order", "text"]


class ScaleLevelInline(FrameworkPartInline):
    model = ScaleLevel
    fields = ["value", "label", "meaning"]


class NiveauInline(FrameworkPartInline):
    model = Niveau
    fields = ["order", "code", "name", "description"]


class RolInline(FrameworkPartInline):
    model = Rol
    fields = ["order", "code", "name", "description"]


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


class AdminStyle:
    """Links in the admin's breadcrumbs underlined: white on light blue, they are told apart
    from the text around them by colour alone (WCAG 1.4.1)."""

    css = {"all": ["css/admin.css"]}


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    Media = AdminStyle
    list_display = ["name", "version", "slug", "is_published"]
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
class BouwsteenAdmin(KeepWhenInUseMixin, SimpleHistoryAdmin):
    Media = AdminStyle
    list_display = ["number", "title", "short_title", "niveau", "rol", "framework"]
    list_display_links = ["number", "title"]
    list_filter = ["framework", "niveau__name", "rol__name"]
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
        (_("Teksten"), {"fields": ["title", "short_title", "description"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("niveau", "rol"):
            kwargs["queryset"] = db_field.related_model.objects.select_related("framework")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ScaleLevel)
class ScaleLevelAdmin(KeepWhenInUseMixin, SimpleHistoryAdmin):
    list_display = ["value", "label", "meaning", "framework"]
    list_filter = ["framework"]
    search_fields = ["label", "meaning"]


@admin.register(ReflectionQuestion)
class ReflectionQuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "bouwsteen"]
    list_filter = ["bouwsteen__framework"]
    search_fields = ["text"]
    list_select_related = ["bouwsteen"]


@admin.register(Niveau, Rol)
class AxisAdmin(KeepWhenInUseMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "order", "framework"]
    list_filter = ["framework"]
    search_fields = ["name", "code"]


admin.site.site_header = _("Borgingshuis beheer")
admin.site.site_title = _("Borgingshuis beheer")
admin.site.index_title = _("Model, organisaties en rondes")

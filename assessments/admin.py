from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from borgingshuis.admin_choices import KnownChoices
from borgingshuis.admin_labels import NamedDateTimeBoxes
from borgingshuis.admin_style import AdminStyle

from .audit.admin import AuditEntryAdmin  # noqa: F401 (registers the audit trail)
from .audit.models import AuditEntry
from .audit.services import audit_record, respondent_edit_record
from .benchmark.admin import BenchmarkSettingsAdmin  # noqa: F401 (registers the comparison)
from .models import Membership, Onderdeel, Organisation, Respondent, Round, RoundClosedError
from .organisations.invitations import invitable_email, invitation_days, organisation_set_up
from .organisations.services import member_password_link_send
from .organisations.views import invitation_url_for, set_password_url_for
from .reporting.admin import StoredReleaseAdmin  # noqa: F401 (registers the releases, read-only)
from .rodedraad.admin import RodeDraadAdmin  # noqa: F401 (registers the rode draden, read-only)
from .rounds.freeze import CLOSED_ROUND_REFERENCE
from .rounds.services import round_delete


# Stacked, not tabular: each field then has its own label (a tabular inline's inputs have
# none, its header row an empty cell), which screen readers and axe need. The account is
# picked by searching (raw id with the user list's search in a pop-up), never from a
# drop-down of every account of the installation; the autocomplete widget's combobox has no
# name, which axe refuses.
class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    fields = ["user", "role"]
    raw_id_fields = ["user"]


# Stacked, as MembershipInline. A part a round or a respondent names cannot be deleted
# (PROTECT): the admin's inline then names what protects it.
class OnderdeelInline(admin.StackedInline):
    model = Onderdeel
    extra = 0
    fields = ["name", "kind"]


@admin.register(Onderdeel)
class OnderdeelAdmin(admin.ModelAdmin):
    Media = AdminStyle
    list_display = ["name", "kind", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    fields = ["organisation", "name", "kind", "created_at"]
    readonly_fields = ["created_at"]

    def get_readonly_fields(self, request, obj=None):
        # a part moves to another organisation never: its rounds would go with it
        if obj is not None:
            return [*self.readonly_fields, "organisation"]
        return self.readonly_fields


class OrganisationSetUpForm(forms.ModelForm):
    """A new organisation with its first coordinator, who is invited by e-mail."""

    coordinator_email = forms.EmailField(
        label=_("E-mailadres van de eerste coördinator"),
        help_text=_(
            "Deze persoon krijgt een e-mail met een link. Via de link kiest die een wachtwoord "
            "(of logt in met een bestaand account) en is dan coördinator. Die nodigt daarna "
            "zelf collega's uit en start de eerste ronde."
        ),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")},
    )
    coordinator_name = forms.CharField(
        label=_("Naam van de eerste coördinator"), max_length=150, required=False
    )

    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "language", "min_group_size", "retention_months"]

    def clean_coordinator_email(self):
        return invitable_email(self.cleaned_data["coordinator_email"])


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    Media = AdminStyle
    list_display = ["name", "kind", "slug", "language"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, OnderdeelInline]
    add_form = OrganisationSetUpForm
    add_fieldsets = [
        (
            None,
            {
                "fields": ["name", "slug", "kind", "language"],
                "description": _(
                    "Een nieuwe organisatie in één stap: vul de naam in en het e-mailadres "
                    "van de eerste coördinator. De andere instellingen kan de coördinator "
                    "later zelf aanpassen."
                ),
            },
        ),
        (_("Eerste coördinator"), {"fields": ["coordinator_email", "coordinator_name"]}),
        (
            _("Privacy"),
            {"fields": ["min_group_size", "retention_months"], "classes": ["collapse"]},
        ),
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        # A new organisation gets its first coordinator by invitation (add_fieldsets).
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        invitation = organisation_set_up(
            organisation=obj,
            coordinator_email=form.cleaned_data["coordinator_email"],
            coordinator_name=form.cleaned_data["coordinator_name"],
            invited_by=request.user,
            url_for=invitation_url_for(request),
        )
        self.message_user(
            request,
            gettext(
                "%(email)s is uitgenodigd als coördinator van %(organisation)s. De link in "
                "de e-mail werkt %(days)d dagen. De code van de organisatie is %(code)s: "
                "haar pagina is /organisaties/%(code)s/."
            )
            % {
                "email": invitation.email,
                "organisation": obj.name,
                "days": invitation_days(),
                "code": obj.slug,
            },
            messages.SUCCESS,
        )

    def save_formset(self, request, form, formset, change):
        """A member added here whose account has no password yet (made in the admin with
        password login off) gets the same e-mail to choose one as from the colleagues page."""
        super().save_formset(request, form, formset, change)
        if formset.model is not Membership:
            return
        for membership in formset.new_objects:
            user = membership.user
            if user.email and not user.has_usable_password():
                member_password_link_send(
                    membership=membership,
                    invited_by=request.user,
                    url_for=set_password_url_for(request),
                )
                self.message_user(
                    request,
                    gettext("Er gaat een e-mail naar %(email)s om een wachtwoord te kiezen.")
                    % {"email": user.email},
                    messages.SUCCESS,
                )


class FrozenWhenClosedMixin:
    """A closed round and everything in it are view-only here; the model layer refuses the
    writes anyway, this keeps the admin from offering them (and from a 500)."""

    def round_of(self, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.round_of(obj).is_closed:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.round_of(obj).is_closed:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except RoundClosedError as error:
            self.message_user(request, error.messages[0], messages.ERROR)


# Stacked, as MembershipInline: in a table the inputs would have no label of their own.
class RespondentInline(NamedDateTimeBoxes, admin.StackedInline):
    model = Respondent
    extra = 0
    fields = ["email", "name", "invited_rol", "rol", "submitted_at", "revoked_at"]
    readonly_fields = ["submitted_at"]
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_delete_permission(request, obj)


def _record_respondent_forms(formset) -> None:
    """The logboek lines for the respondents a beheerder added, changed or removed here."""
    for form in formset.forms:
        if form in formset.deleted_forms or not form.instance.pk:
            continue
        if form.has_changed():
            respondent_edit_record(
                respondent=form.instance, changed=form.changed_data, added=not form.initial
            )
    for respondent in formset.deleted_objects:
        audit_record(action=AuditEntry.Action.RESPONDENT_REMOVE, round=respondent.round, count=1)


@admin.register(Round)
class RoundAdmin(NamedDateTimeBoxes, FrozenWhenClosedMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "onderdeel", "status", "deadline", "created_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["name", "organisation__name", "onderdeel__name"]
    list_select_related = ["organisation", "onderdeel"]
    readonly_fields = ["status", "snapshot", "opened_at", "closed_at", "created_at"]
    raw_id_fields = ["created_by"]  # searched for, never a drop-down of every account
    inlines = [RespondentInline]

    def round_of(self, obj):
        return obj

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Respondent:
            _record_respondent_forms(formset)

    def has_delete_permission(self, request, obj=None):
        # Only a concept round may be deleted (Round.ensure_deletable), here too.
        if obj is not None and obj.status != Round.Status.CONCEPT:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        try:
            round_delete(round=obj)
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.ERROR)

    def delete_queryset(self, request, queryset):
        """All or nothing: one round that may not go keeps every selected round."""
        try:
            with transaction.atomic():
                for round in queryset:
                    round_delete(round=round)
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.ERROR)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "onderdeel" in form.base_fields:
            # only the round's own organisation's parts (Round.clean refuses the others)
            parts = Onderdeel.objects.filter(organisation_id=obj.organisation_id)
            form.base_fields["onderdeel"].queryset = parts
        return form

    def get_readonly_fields(self, request, obj=None):
        # Once open, the answers belong to this organisation, this model version and this
        # scope (the model refuses a change of scope too: Round.save).
        if obj is not None and obj.status != Round.Status.CONCEPT:
            scope = ["onderdeel", "asked_bouwstenen"]
            return [*self.readonly_fields, "organisation", "framework", *scope]
        return self.readonly_fields


@admin.register(Respondent)
class RespondentAdmin(NamedDateTimeBoxes, FrozenWhenClosedMixin, admin.ModelAdmin):
    list_display = ["email", "name", "round", "rol", "submitted_at", "revoked_at"]
    list_filter = ["round__organisation", "round"]
    search_fields = ["email", "name"]
    list_select_related = ["round__organisation", "rol"]
    readonly_fields = ["submitted_at", "invited_at", "last_sent_at", "last_step", "created_at"]
    exclude = ["token"]

    def round_of(self, obj):
        return obj.round

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        respondent_edit_record(respondent=obj, changed=form.changed_data, added=not change)

    def delete_model(self, request, obj):
        round = obj.round
        super().delete_model(request, obj)
        audit_record(action=AuditEntry.Action.RESPONDENT_REMOVE, round=round, count=1)

    def delete_queryset(self, request, queryset):
        rounds = [respondent.round for respondent in queryset.select_related("round")]
        super().delete_queryset(request, queryset)
        if not queryset.exists():  # deleted (a closed round refuses, with a message)
            for round in rounds:
                audit_record(action=AuditEntry.Action.RESPONDENT_REMOVE, round=round, count=1)

    def get_readonly_fields(self, request, obj=None):
        # A respondent stays in the round they were invited to (and its organisation).
        if obj is not None:
            return [*self.readonly_fields, "round"]
        return self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "round":
            kwargs["queryset"] = Round.objects.exclude(status=Round.Status.CLOSED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class FreezeAwareUserAdmin(KnownChoices, UserAdmin):
    """Django's user admin; a user a closed round names (as the one who created it) cannot
    be deleted, and the delete page says why in plain words above Django's list of the
    protected rounds.

    Two changes for screen readers (axe): groups and permissions are plain lists to pick
    from (the two-box filter widget puts an aria-label on an icon that may not have one), and
    the last login and join dates are shown, not edited (a date and a time box under one
    label)."""

    Media = AdminStyle
    filter_horizontal = ()
    readonly_fields = ["last_login", "date_joined"]

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Django lists the protected rounds as "no permission to delete": say what it means.
        rounds = sorted(
            set(Round.objects.closed().filter(created_by__in=objs).values_list("name", flat=True))
        )
        if rounds:
            self.message_user(
                request, CLOSED_ROUND_REFERENCE % {"rounds": ", ".join(rounds)}, messages.ERROR
            )
        return deleted, model_count, perms_needed, protected


admin.site.unregister(Group)


@admin.register(Group)
class KnownChoicesGroupAdmin(KnownChoices, GroupAdmin):
    """Django's group admin, its permissions checked as every pick-list here is, and a plain
    list to pick from (as in the user admin: the two-box filter widget puts an aria-label on
    an icon that may not have one)."""

    filter_horizontal = ()

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from .audit.admin import AuditEntryAdmin  # noqa: F401 (registers the audit trail)
from .benchmark.admin import BenchmarkSettingsAdmin  # noqa: F401 (registers the comparison)
from .models import Membership, Organisation, Respondent, Round, RoundClosedError
from .organisations.services import member_password_link_send
from .organisations.views import set_password_url_for
from .rounds.freeze import CLOSED_ROUND_REFERENCE
from .rounds.services import round_delete


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "language"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

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


class RespondentInline(admin.TabularInline):
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


@admin.register(Round)
class RoundAdmin(FrozenWhenClosedMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "status", "deadline", "created_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    readonly_fields = ["status", "snapshot", "opened_at", "closed_at", "created_at"]
    inlines = [RespondentInline]

    def round_of(self, obj):
        return obj

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

    def get_readonly_fields(self, request, obj=None):
        # Once open, the answers belong to this organisation and this model version.
        if obj is not None and obj.status != Round.Status.CONCEPT:
            return [*self.readonly_fields, "organisation", "framework"]
        return self.readonly_fields


@admin.register(Respondent)
class RespondentAdmin(FrozenWhenClosedMixin, admin.ModelAdmin):
    list_display = ["email", "name", "round", "rol", "submitted_at", "revoked_at"]
    list_filter = ["round__organisation", "round"]
    search_fields = ["email", "name"]
    list_select_related = ["round__organisation", "rol"]
    readonly_fields = ["submitted_at", "invited_at", "last_sent_at", "last_step", "created_at"]
    exclude = ["token"]

    def round_of(self, obj):
        return obj.round

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
class FreezeAwareUserAdmin(UserAdmin):
    """Django's user admin; a user a closed round names (as the one who created it) cannot
    be deleted, and the delete page says why in plain words above Django's list of the
    protected rounds."""

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

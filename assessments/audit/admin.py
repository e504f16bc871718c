"""The audit trail in the admin, for the beheerder: read-only, nothing added or removed."""

from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "organisation", "actor_name", "action", "round_name", "subject", "count"]
    list_filter = ["action", "organisation"]
    search_fields = ["actor_name", "round_name", "subject"]
    date_hierarchy = "at"
    list_select_related = ["organisation"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

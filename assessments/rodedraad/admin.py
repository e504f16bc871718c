"""The rode draden, read-only: a rode draad is append-only (models.py), so the admin can look
but never add, change or delete one."""

from django.contrib import admin

from .models import RodeDraad


@admin.register(RodeDraad)
class RodeDraadAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "created_at"]
    list_select_related = ["organisation"]
    fields = ["organisation", "name", "rounds", "created_by", "created_at", "figures"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

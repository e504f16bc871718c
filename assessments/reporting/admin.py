"""The stored releases (releases.py), read-only: a release is append-only, so the admin can
look but never add, change or delete one."""

from django.contrib import admin

from .models import StoredRelease


@admin.register(StoredRelease)
class StoredReleaseAdmin(admin.ModelAdmin):
    list_display = ["round", "tussenstand", "released_at", "min_group_size"]
    list_select_related = ["round", "tussenstand"]
    fields = ["round", "tussenstand", "released_at", "min_group_size", "figures"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

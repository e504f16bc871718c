"""The beheerder's side of the comparison: the threshold and the public page (one row), the
action that computes a release now, and the releases (read-only, never deleted)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import BenchmarkProfile, BenchmarkRelease, BenchmarkSettings
from .tasks import benchmark_release_now


@admin.action(description=_("Nu een nieuwe vergelijking berekenen (door de worker)"))
def compute_now(modeladmin, request, queryset):
    benchmark_release_now.enqueue()
    modeladmin.message_user(
        request,
        _(
            "De worker berekent de vergelijking. Er komt alleen een nieuwe als genoeg "
            "organisaties zijn bijgekomen, gestopt of veranderd."
        ),
        messages.SUCCESS,
    )


@admin.register(BenchmarkSettings)
class BenchmarkSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "k", "public_page"]
    actions = [compute_now]

    def has_add_permission(self, request):
        return not BenchmarkSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BenchmarkRelease)
class BenchmarkReleaseAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organisations", "k"]
    fields = ["created_at", "organisations", "k", "figures"]
    readonly_fields = fields
    actions = [compute_now]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # append-only: the rules compare every new release with all earlier ones


@admin.register(BenchmarkProfile)
class BenchmarkProfileAdmin(admin.ModelAdmin):
    """Read-only: only the organisation's coordinator gives or withdraws consent (logboek)."""

    list_display = ["organisation", "opted_in", "size_class", "changed_at"]
    list_filter = ["opted_in", "size_class"]
    readonly_fields = ["organisation", "opted_in", "size_class", "changed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

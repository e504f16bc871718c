"""/beheer/ for the second factor: a beheerder sees who set one up and deletes a lost one
(the person then sets up a new one at the next login). Adding or changing someone's
authenticator or recovery codes is not offered, and their secrets are never shown
(OTP_ADMIN_HIDE_SENSITIVE_DATA): either would let a beheerder give another person's second
factor."""

from django.contrib import admin
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from borgingshuis.admin_style import AdminStyle

from .models import SignOnBinding


class DeleteOnly:
    Media = AdminStyle
    # The search field's help text would replace its label for screen readers (axe).
    search_help_text = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AuthenticatorAdmin(DeleteOnly, TOTPDeviceAdmin):
    pass


class RecoveryCodesAdmin(DeleteOnly, StaticDeviceAdmin):
    pass


@admin.register(SignOnBinding)
class SignOnBindingAdmin(DeleteOnly, admin.ModelAdmin):
    """Who signs on through which provider. A beheerder unlinks (deletes) a binding, e.g.
    for a person who left; binding is only done by the person (access/sso.py), else a
    beheerder could hand someone's account to another organisation account."""

    list_display = ["user", "issuer", "subject", "linked_at"]
    search_fields = ["user__username", "user__email", "subject"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


for model, model_admin in ((TOTPDevice, AuthenticatorAdmin), (StaticDevice, RecoveryCodesAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)

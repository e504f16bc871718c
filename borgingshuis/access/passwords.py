"""LOCAL_PASSWORDS=0 switches local passwords off for an install that logs everyone in
through single sign-on: no password then opens an account, on the login page or `/beheer/`.
This backend stands right after django-axes' and refuses every password in that case
(Django stops asking the other backends when one raises PermissionDenied). It has no
get_user: it never logs anyone in, and force_login takes the first backend that has one."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render


class LocalPasswordsSwitch:
    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and not settings.LOCAL_PASSWORDS:
            raise PermissionDenied
        return None


class OnlyWithLocalPasswords:
    """For the password pages (change, reset): with local passwords off they would set a
    password nobody can log in with, so they say where to log in instead."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.LOCAL_PASSWORDS:
            return render(request, "registration/passwords_off.html", status=404)
        return super().dispatch(request, *args, **kwargs)

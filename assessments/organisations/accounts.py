"""Django's account pages, with the app's error summary on the password forms and one change
for the login lockout (django-axes)."""

from axes.utils import reset as axes_reset
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.urls import path

from borgingshuis.access.passwords import OnlyWithLocalPasswords
from borgingshuis.access.sessions import session_rekey, sessions_end_others

from ..common.addresses import address_key
from ..common.forms import ErrorSummaryMixin


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Finds the account by its stored address_key with plain equality (Django's own form
    compares case-insensitively in the database, where PostgreSQL's UPPER folds look-alike
    letters such as ı and ſ into i and s). An address we refuse finds nobody."""

    def get_users(self, email):
        key = address_key(email)
        if key is None:
            return
        User = get_user_model()
        for user in User._default_manager.filter(email=key, is_active=True):
            if user.has_usable_password():
                yield user


class SetPasswordForm(ErrorSummaryMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(ErrorSummaryMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetConfirmView(OnlyWithLocalPasswords, auth_views.PasswordResetConfirmView):
    """Choosing a new password through the e-mail link also lifts a lockout after too many
    wrong passwords, so the lockout page can send people here: the link proves they own the
    account, and they can log in with the new password at once instead of after 15 minutes."""

    form_class = SetPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=self.user.get_username())
        sessions_end_others(user=self.user, keep=None)
        return response


class PasswordChangeView(OnlyWithLocalPasswords, auth_views.PasswordChangeView):
    """A new password ends the account's other sessions (this one stays logged in)."""

    form_class = PasswordChangeForm

    def form_valid(self, form):
        before = self.request.session.session_key
        response = super().form_valid(form)  # gives this session a new key
        sessions_end_others(user=form.user, keep=before)
        session_rekey(before=before, after=self.request.session.session_key)
        return response


class PasswordResetView(OnlyWithLocalPasswords, auth_views.PasswordResetView):
    form_class = PasswordResetForm


class PasswordResetDoneView(OnlyWithLocalPasswords, auth_views.PasswordResetDoneView):
    pass


class PasswordResetCompleteView(OnlyWithLocalPasswords, auth_views.PasswordResetCompleteView):
    pass


class PasswordChangeDoneView(OnlyWithLocalPasswords, auth_views.PasswordChangeDoneView):
    pass


# Take the place of the same URLs in django.contrib.auth.urls, so they come before that.
urlpatterns = [
    path("account/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password_reset/done/",
        PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/reset/done/", PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path(
        "account/password_change/done/",
        PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/password_change/",
        PasswordChangeView.as_view(),
        name="password_change",
    ),
]

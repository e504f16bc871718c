"""Django's account pages, with one change for the login lockout (django-axes)."""

from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.urls import path


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the e-mail link also lifts a lockout after too many
    wrong passwords, so the lockout page can send people here: the link proves they own the
    account, and they can log in with the new password at once instead of after 15 minutes."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=self.user.get_username())
        return response


# Takes the place of the same URL in django.contrib.auth.urls, so it comes before that.
urlpatterns = [
    path(
        "account/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]

from django.urls import path

from . import sso, views

app_name = "access"

urlpatterns = [
    path("account/beveiliging/", views.account_security_view, name="account"),
    path(
        "account/beveiliging/elders-afmelden/",
        views.sessions_end_others_view,
        name="sessions-end-others",
    ),
    path(
        "account/beveiliging/herstelcodes/",
        views.recovery_codes_renew_view,
        name="recovery-codes",
    ),
    path("account/beveiliging/koppelen/", views.sign_on_link_view, name="sso-link"),
    path("account/beveiliging/ontkoppelen/", views.sign_on_unlink_view, name="sso-unlink"),
    path("account/tweede-stap/", views.second_factor_verify_view, name="second-factor"),
    path(
        "account/tweede-stap/instellen/",
        views.second_factor_setup_view,
        name="second-factor-setup",
    ),
]

# Outside the language prefix: the provider knows one fixed callback address.
sso_urlpatterns = [
    path("oidc/authenticate/", sso.SignOnView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", sso.CallbackView.as_view(), name="oidc_authentication_callback"),
]

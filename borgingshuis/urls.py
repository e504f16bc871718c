from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from assessments.organisations import accounts
from assessments.organisations.models import DEFAULT_RETENTION_MONTHS
from assessments.retention.forms import HIGHEST, LOWEST
from borgingshuis import favicon, health
from borgingshuis.access import urls as access_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Outside the language prefix: load balancers probe one fixed path.
    *health.urlpatterns,
    *favicon.urlpatterns,
    *access_urls.sso_urlpatterns,
]
urlpatterns += i18n_patterns(
    # First: the autosave (assessments.urls starts with it) is most of the traffic, and every
    # pattern tried before it costs time. No other module's paths start as these do.
    path("", include("assessments.urls")),
    path("beheer/", admin.site.urls),
    *accounts.urlpatterns,
    path("", include(access_urls)),
    path("account/", include("django.contrib.auth.urls")),
    path("", include("bouwstenen.urls")),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="pages/toegankelijkheid.html"),
        name="accessibility",
    ),
    path(
        "privacy/",
        TemplateView.as_view(
            template_name="pages/privacy.html",
            extra_context={
                "retention_default": DEFAULT_RETENTION_MONTHS,
                "retention_low": LOWEST,
                "retention_high": HIGHEST,
            },
        ),
        name="privacy",
    ),
    prefix_default_language=False,
)

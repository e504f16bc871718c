from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from assessments.views import accounts

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("beheer/", admin.site.urls),
    *accounts.urlpatterns,
    path("account/", include("django.contrib.auth.urls")),
    path("", include("assessments.urls")),
    path("", include("bouwstenen.urls")),
    prefix_default_language=False,
)

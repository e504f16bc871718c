from django.urls import path

from . import views

app_name = "bouwstenen"
urlpatterns = [
    path("", views.house, name="house"),
    path("model/<slug:slug>/", views.house, name="framework-house"),
]

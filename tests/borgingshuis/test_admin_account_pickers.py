"""/beheer/ never offers a drop-down of every account of the installation: wherever a form
picks an account (a membership, a round's creator, ...), it is searched for (raw id with
the user list's search, or autocomplete), or shown read-only."""

from django.contrib import admin
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
)
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from assessments.models import Membership

User = get_user_model()
SEARCHED = (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
)


def account_fields(form_class):
    for name, field in form_class.base_fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model is User:
            yield name, field


def test_no_admin_form_offers_a_drop_down_of_accounts(organisation):
    request = RequestFactory().get("/beheer/")
    request.user = User.objects.create_superuser("beheerder", "b@example.org", "geheim-1-x")
    picked = []
    for model, model_admin in admin.site._registry.items():
        if model is User:
            continue  # the accounts themselves (groups and permissions are no accounts)
        forms = []
        for obj in [None, model._default_manager.first()]:  # the add and the change page
            forms.append(model_admin.get_form(request, obj))
            forms += [
                inline.get_formset(request, obj).form
                for inline in model_admin.get_inline_instances(request, obj)
            ]
        for form_class in forms:
            for name, field in account_fields(form_class):
                widget = getattr(field.widget, "widget", field.widget)  # behind "add another"
                assert isinstance(widget, SEARCHED), (model, name, type(widget))
                picked.append((model._meta.label, name))
    assert ("assessments.Organisation", "user") in picked  # the membership inline


def test_the_organisation_page_lists_no_one_elses_account(admin_client, organisation, coordinator):
    strangers = [
        User.objects.create_user(f"vreemde-{number}", f"v{number}@elders.example")
        for number in range(3)
    ]
    page = admin_client.get(
        reverse("admin:assessments_organisation_change", args=[organisation.pk])
    ).content.decode()
    assert Membership.objects.filter(organisation=organisation).exists()
    for stranger in strangers:
        assert stranger.username not in page and f'<option value="{stranger.pk}"' not in page
    assert 'class="related-lookup"' in page  # the search

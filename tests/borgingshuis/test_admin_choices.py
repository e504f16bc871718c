"""A pick-list in /beheer/ refuses a posted key no database key can hold, as an unknown
choice next to the field, instead of a server error (borgingshuis/admin_choices.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from borgingshuis.admin_choices import KnownChoicesField

TOO_BIG = str(2**64)


@pytest.mark.django_db
def test_a_group_with_a_permission_that_cannot_exist_is_refused(admin_client):
    url = reverse("admin:auth_group_add")
    response = admin_client.post(url, {"name": "Redactie", "permissions": [TOO_BIG]})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["permissions"]
    assert not Group.objects.filter(name="Redactie").exists()


@pytest.mark.django_db
def test_a_user_in_a_group_that_cannot_exist_is_refused(admin_client, coordinator):
    url = reverse("admin:auth_user_change", args=[coordinator.pk])
    data = {"username": coordinator.username, "is_active": "on", "groups": [TOO_BIG, "-" + TOO_BIG]}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"]
    assert not coordinator.groups.exists()


@pytest.mark.django_db
def test_a_known_choice_still_passes_and_a_key_too_big_is_an_unknown_choice():
    permission = Permission.objects.order_by("pk").first()
    field = KnownChoicesField(queryset=Permission.objects.all())
    assert list(field.clean([str(permission.pk)])) == [permission]
    with pytest.raises(ValidationError) as refused:
        field.clean([str(permission.pk), TOO_BIG])
    assert refused.value.code == "invalid_choice"
    for odd in ("²", "a\x00"):  # refused by Django's own checks, not a server error
        with pytest.raises(ValidationError):
            field.clean([odd])

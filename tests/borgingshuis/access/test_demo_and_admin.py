"""What a developer and a beheerder need: the demo says how to get into /beheer/, and the
admin lets a beheerder remove a lost authenticator, never read one."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from tests.borgingshuis.access.totp import device_for


def test_the_demo_says_how_to_get_into_beheer(db):
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert "/beheer/ vraagt altijd een tweede stap" in output.getvalue()


def test_a_beheerder_deletes_a_lost_authenticator(admin_client, coordinator):
    device = device_for(coordinator)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not coordinator.totpdevice_set.exists()


def test_a_beheerder_never_sees_an_authenticator_key(admin_client, coordinator):
    device = device_for(coordinator)
    url = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    page = admin_client.get(url).content.decode()
    assert coordinator.username in page
    assert device.key not in page


def test_a_beheerder_never_sees_recovery_codes(admin_client, coordinator):
    device = StaticDevice.objects.create(user=coordinator, name="herstelcodes")
    token = device.token_set.create(token="kluis1234").token
    url = reverse("admin:otp_static_staticdevice_change", args=[device.pk])
    page = admin_client.get(url).content.decode()
    assert coordinator.username in page
    assert token not in page


@pytest.mark.parametrize("view", ["config", "qrcode"])
def test_the_qr_code_of_an_authenticator_is_refused_not_an_error(admin_client, coordinator, view):
    """django-otp's own pages for it: refused for an existing device and a made-up one alike
    (a made-up one used to be a server error)."""
    device = device_for(coordinator)
    for pk in (device.pk, device.pk + 1000, 2**63):
        url = f"/beheer/otp_totp/totpdevice/{pk}/{view}/"
        assert admin_client.get(url).status_code == 403


@pytest.mark.parametrize("model", ["otp_totp_totpdevice", "otp_static_staticdevice"])
def test_a_beheerder_cannot_add_or_change_someone_elses_second_factor(
    admin_client, coordinator, model
):
    device = (
        device_for(coordinator)
        if model == "otp_totp_totpdevice"
        else StaticDevice.objects.create(user=coordinator, name="herstelcodes")
    )
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 403
    change = reverse(f"admin:{model}_change", args=[device.pk])
    admin_client.post(change, {"user": coordinator.pk, "name": "overgenomen", "confirmed": "on"})
    device.refresh_from_db()
    assert device.name != "overgenomen"


def test_the_second_factor_has_dutch_headings_in_beheer(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Tweede stap: authenticator-apps" in page
    assert "Tweede stap: herstelcodes" in page
    assert "Otp_Totp" not in page

"""What a developer and a beheerder need: the demo says how to get into /beheer/, and the
admin lets a beheerder remove a lost authenticator."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

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

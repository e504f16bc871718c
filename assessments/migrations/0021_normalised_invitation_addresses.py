"""Every colleague invitation's address as its address_key (assessments/common/
addresses.py, as it was when this ran): lower case, for an address of unquoted ASCII with
one @. Others stay as they are and match nothing."""

from django.db import migrations

ALLOWED = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.@"
)


def key(address):
    text = (address or "").strip()
    if not text or not set(text) <= ALLOWED or text.count("@") != 1:
        return None
    local, domain = text.split("@")
    return text.lower() if local and domain else None


def normalise(apps, schema_editor):
    Invitation = apps.get_model("assessments", "MemberInvitation")
    for pk, email in Invitation.objects.exclude(email="").values_list("pk", "email").iterator():
        normalised = key(email)
        if normalised is not None and normalised != email:
            Invitation.objects.filter(pk=pk).update(email=normalised)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0020_begeleider_access_ended"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]

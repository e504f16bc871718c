"""Every account's address as its address_key (assessments/common/addresses.py, as it was
when this ran): lower case, for an address of unquoted ASCII with one @. Others stay as
they are and match nothing."""

from django.conf import settings
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
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for pk, email in User.objects.exclude(email="").values_list("pk", "email").iterator():
        normalised = key(email)
        if normalised is not None and normalised != email:
            User.objects.filter(pk=pk).update(email=normalised)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_sign_on_binding"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]

"""Every account stores its e-mail address as its address_key (assessments/common/
addresses.py), however it was made (invitation, single sign-on, import, /beheer/,
createsuperuser), so every look-up compares with plain equality. An address with characters
we refuse has no key and is kept as typed: it then equals no key, and nothing finds the
account by it."""

from assessments.common.addresses import address_key


def account_address_normalise(sender, instance, **kwargs) -> None:
    """pre_save of the user model."""
    key = address_key(instance.email)
    if key is not None:
        instance.email = key

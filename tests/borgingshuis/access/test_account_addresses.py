"""Accounts store their address as its address_key, however they are made, and the
migration brings older accounts and invitations there."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model

from assessments.organisations.models import MemberInvitation
from tests.invitations import make_invitation

User = get_user_model()


def test_an_account_stores_its_address_in_lower_case_and_a_refused_one_as_typed(db):
    bea = User.objects.create_user("bea", " Bea@Testdorp.NL ")
    odd = User.objects.create_user("odd", "coordınator@example.org")
    bea.refresh_from_db()
    odd.refresh_from_db()
    assert bea.email == "bea@testdorp.nl"
    assert odd.email == "coordınator@example.org"  # found by no look-up (it has no key)


def test_the_migrations_normalise_older_accounts_and_invitations(db, organisation, coordinator):
    bea = User.objects.create_user("bea", "bea@testdorp.nl")
    odd = User.objects.create_user("odd", "x@example.org")
    invitation = make_invitation(organisation, "jan@testdorp.nl", invited_by=coordinator)
    # as stored before: typed case, and a look-alike
    User.objects.filter(pk=bea.pk).update(email="Bea@Testdorp.nl")
    User.objects.filter(pk=odd.pk).update(email="Coordınator@example.org")
    MemberInvitation.objects.filter(pk=invitation.pk).update(email="Jan@Testdorp.nl")

    import_module("borgingshuis.access.migrations.0003_normalised_account_addresses").normalise(
        apps, None
    )
    import_module("assessments.migrations.0021_normalised_invitation_addresses").normalise(
        apps, None
    )

    assert User.objects.get(pk=bea.pk).email == "bea@testdorp.nl"
    assert User.objects.get(pk=odd.pk).email == "Coordınator@example.org"
    assert MemberInvitation.objects.get(pk=invitation.pk).email == "jan@testdorp.nl"

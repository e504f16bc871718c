"""SSO, colleague invitations, the colleague list, the password reset and the import agree
on whose address an address is, on SQLite and on PostgreSQL (whose UPPER folds ı into I and
ſ into S): for any case variant or look-alike of a colleague's address, either every path
takes it for that colleague, or none does, and each path does exactly when the address is
plain ASCII (common/addresses.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Membership
from assessments.organisations.accounts import PasswordResetForm
from assessments.organisations.invitations import invitation_account
from assessments.organisations.transfer.importer import _matches
from borgingshuis.access import sso
from tests.assessments.common.test_addresses import variants
from tests.conftest import make_member
from tests.invitations import make_invitation

ADDRESS = "Kees.Sijsling-1@Gemeente.example"


class RolledBack(Exception):
    pass


def rolled_back(work):
    """What `work` returns or raises, with everything it wrote undone."""
    outcome = None
    try:
        with transaction.atomic():
            try:
                outcome = work()
            except (ValidationError, sso.Refused) as error:
                outcome = getattr(error, "reason", None) or error.code
            raise RolledBack
    except RolledBack:
        return outcome


def verdicts(candidate, kees, organisation, elsewhere, coordinator):
    """For each path: does it take `candidate` for kees's address?"""

    def invited_elsewhere():
        invitation = make_invitation(elsewhere, candidate, invited_by=coordinator)
        return invitation_account(invitation) == kees

    def signed_on():
        email = sso.vouched_address({"email": candidate, "email_verified": True})
        return sso.sso_account_create(issuer="https://idp", subject="s", email=email)

    return {
        # an account with that address exists, so single sign-on asks to link it
        "sso": rolled_back(signed_on) == "link_first",
        # kees is a member: the colleague list refuses to invite him again
        "colleague list": rolled_back(
            lambda: make_invitation(organisation, candidate, invited_by=coordinator)
        )
        == "already_member",
        # where kees is no member: the invitation is accepted by logging in as kees
        "invitation": rolled_back(invited_elsewhere) is True,
        "password reset": list(PasswordResetForm().get_users(candidate)) == [kees],
        "import": _matches("email", kees.email, candidate),
    }


def test_every_path_agrees_on_whose_address_it_is(
    db, organisation, other_organisation, coordinator, mailoutbox
):
    kees = make_member(organisation, "kees", Membership.Role.VIEWER)
    kees.email = ADDRESS
    kees.save()
    make_invitation(organisation, "iemand.anders@gemeente.example", invited_by=coordinator)

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(candidate=st.one_of(variants(ADDRESS), st.text(max_size=40)))
    def check(candidate):
        found = verdicts(candidate, kees, organisation, other_organisation, coordinator)
        plain = candidate.strip()
        expected = plain.isascii() and plain.casefold() == ADDRESS.casefold()
        assert set(found.values()) == {expected}, found

    check()
    assert kees.email == ADDRESS.lower()  # stored as its key

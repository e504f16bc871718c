"""E-mail addresses of accounts and invitations, compared one way everywhere.

Invariant: two addresses belong to the same person exactly when their `address_key`s are
equal and not None, and an account or invitation stores its address as that key, so the
database compares with plain equality (`email=key`), never `iexact`. (PostgreSQL's
`UPPER('ı')` is `'I'` and `UPPER('ſ')` is `'S'`, Python's `'ı'.lower()` is `'ı'`: a
case-insensitive comparison in the database and one in Python disagree, and a look-alike
address then opens someone else's account.)

The key is the address after Unicode normalisation (NFKC) and case folding. An address
with any character outside ASCII has no key and is refused: every character that NFKC or
case folding turns into another letter (dotless ı, long ſ, the Kelvin sign K, the ligature
ﬀ, full-width ａ, ...) lies outside ASCII, and the addresses of Dutch municipalities and
their staff are ASCII. A domain with other letters can be typed in its ASCII form
(`xn--...`). For an ASCII address NFKC changes nothing and case folding is `lower()`, which
the database's LOWER and UPPER agree with.

Plain Python, no Django: the SSO backend (borgingshuis.access), the invitations, the
password reset, the import and the colleague list all call it."""

import unicodedata

# The characters RFC 5322 allows unquoted in an address (dot-atom), and the @.
_ALLOWED = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.@"
)


def address_key(address) -> str | None:
    """The address as stored and compared (surrounding spaces removed, NFKC, case-folded),
    or None when it cannot be anyone's: not a string, not one `@` between a local part and
    a domain, or any character outside the unquoted ASCII of RFC 5322."""
    if not isinstance(address, str):
        return None
    text = address.strip()
    if not text or not set(text) <= _ALLOWED or text.count("@") != 1:
        return None
    local, domain = text.split("@")
    if not local or not domain:
        return None
    return unicodedata.normalize("NFKC", text).casefold()


def same_address(one, other) -> bool:
    """Whether two addresses belong to the same person (never for a refused address)."""
    key = address_key(one)
    return key is not None and key == address_key(other)

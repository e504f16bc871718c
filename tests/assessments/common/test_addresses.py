"""address_key: one way to store and compare addresses. Invariant (common/addresses.py): two
addresses are the same person's exactly when their keys are equal and not None; no
character that folds into another letter gets a key."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.common.addresses import address_key, same_address
from tests.unicode_lookalikes import lookalikes, multi_char_lookalikes

VICTIM = "Kees.Sijsling-1@Gemeente.example"
LOOKALIKES = lookalikes()  # computed once, before any example is drawn


@st.composite
def variants(draw, address=VICTIM):
    """The address in other case, with none, one or a few of its characters swapped for a
    look-alike, and maybe (Unicode) spaces around it."""
    chars = [draw(st.sampled_from([char, char.upper(), char.lower()])) for char in address]
    swapped = draw(st.sets(st.integers(0, len(address) - 1), max_size=3))
    for index in swapped:
        others = LOOKALIKES.get(address[index].lower())
        if others:
            chars[index] = draw(st.sampled_from(others))
    space = draw(st.sampled_from(["", " ", "\t", "\u00a0", "\u3000"]))
    return space + "".join(chars) + space


@given(st.text())
def test_a_key_is_its_own_key_and_survives_every_folding(text):
    key = address_key(text)
    if key is not None:
        assert key.isascii() and address_key(key) == key
        assert unicodedata.normalize("NFKC", key).casefold() == key
        # what the database's LOWER and UPPER make of it leads back to it
        assert key.upper().lower() == key.lower() == key


@given(variants())
def test_a_variant_is_the_same_address_only_when_it_is_plain_ascii(candidate):
    same = same_address(candidate, VICTIM)
    plain = candidate.strip().isascii()
    assert same == plain
    if not plain:
        assert address_key(candidate) is None


@pytest.mark.parametrize(
    "address",
    [
        "coordınator@example.org",  # dotless ı: PostgreSQL UPPER gives I
        "buitenſtaander@example.org",  # long s: UPPER gives S
        "\u212aees@example.org",  # the Kelvin sign: lower() gives k
        "ﬁnance@example.org",  # ligature: NFKC gives fi
        "ｋｅｅｓ@example.org",  # full-width
        "kees@exampl\u0435.org",  # Cyrillic е
        "kées@example.org",
        "kees@example.org\u200b",  # zero-width space
        "kees@@example.org",
        "kees@",
        "@example.org",
        "kees example@example.org",
        "",
        None,
        42,
    ],
)
def test_look_alikes_and_non_addresses_have_no_key(address):
    assert address_key(address) is None


def test_every_look_alike_character_is_refused():
    for ascii_char, chars in lookalikes().items():
        for char in chars:
            assert address_key(f"a{char}b@example.org") is None, (ascii_char, char)
    for char in multi_char_lookalikes():
        assert address_key(f"a{char}b@example.org") is None, char


def test_case_and_surrounding_space_do_not_matter():
    assert address_key("  Jan.de.Vries@Gemeente.NL ") == "jan.de.vries@gemeente.nl"
    assert same_address("JAN@x.nl", "jan@X.NL")
    assert not same_address(None, None) and not same_address("", "")

"""Reading a pasted list of people to invite: one person per line."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..common.forms import EMAIL_MAX_LENGTH
from .counting import BESTUUR
from .invitations import Invitee

MAX_INVITE_LINES = 500


# "Jan de Vries <jan@gemeente.nl>", as a mail program copies an address
_NAMED_ADDRESS = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>]*@[^<>]*)>$")


def _split_named_address(part: str) -> list[str]:
    """`Naam <adres>` as two parts (name, address); any other part as it is."""
    match = _NAMED_ADDRESS.match(part)
    if not match:
        return [part]
    name = match["name"].strip().strip('"').strip()
    return [name, match["email"].strip()] if name else [match["email"].strip()]


VOWELS = "aeiou"


def singulars(word: str) -> list[str]:
    """Dutch singulars a plural role name may be written as: "managers" → "manager",
    "ambtenaren" → "ambtenaar", "raadsleden" → "raadslid". A word that is no plural gives
    none (or a harmless stem nobody types)."""
    found = []
    if word.endswith("leden"):
        found.append(word[: -len("leden")] + "lid")
    elif word.endswith("'s"):
        found.append(word[:-2])
    elif len(word) > 3 and word.endswith("s"):
        found.append(word[:-1])
    elif len(word) > 4 and word.endswith("en"):
        stem = word[:-2]
        found.append(stem)
        if stem[-1] == stem[-2] and stem[-1] not in VOWELS:  # "bommen": "bom"
            found.append(stem[:-1])
        elif stem[-1] not in VOWELS and stem[-2] in VOWELS and stem[-3] not in VOWELS:
            found.append(stem[:-1] + stem[-2] + stem[-1])  # "ambtenaren": "ambtenaar"
    return found


class RolAliases(dict):
    """Lower-case words a pasted line may name a role by, mapped to its id; `choices` names
    the roles for a message ("bestuur, managers of adviseurs")."""

    choices: str = ""


def or_list(words: list[str]) -> str:
    """ "a, b of c": the words joined the Dutch way (English: "a, b or c")."""
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s of %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def rol_aliases(rollen) -> RolAliases:
    """Lower-case code, name and the singulars of a plural name ("manager", "adviseur",
    "ambtenaar") of each role of the round's model, mapped to its id: what a pasted line may
    name a role by."""
    aliases = RolAliases()
    for rol in rollen:
        for word in (rol.code, rol.name):
            word = word.lower()
            aliases[word] = rol.id
            for singular in singulars(word):
                aliases.setdefault(singular, rol.id)
    # a person on the board is "bestuurder", the role is "bestuur"
    for word, rol_id in list(aliases.items()):
        if word == "bestuur":
            aliases.setdefault("bestuurder", rol_id)
            aliases.setdefault("bestuurders", rol_id)
    aliases.choices = or_list([rol.name.lower() for rol in rollen])
    return aliases


def rol_examples(rollen) -> list[str]:
    """How a person of each role may be named on a line: the singular of a plural name."""
    words = []
    for rol in rollen:
        name = rol.name.lower()
        plain = [word for word in singulars(name) if word != name]
        words.append(plain[-1] if plain else name)
    return words


def parse_invite_line(line, rollen, gemeenten=None):
    """Read one pasted line: an e-mail address, and optionally a name, a role and, for
    someone of the bestuur, a gemeente, separated by commas, semicolons or tabs, in any order.
    `rollen` maps lower-case code and name to a role id (rol_aliases), `gemeenten` a
    lower-case gemeente name to its id (the organisation's). Returns an Invitee or raises
    ValidationError with a Dutch message that names the roles of `rollen`."""
    gemeenten = gemeenten or {}
    parts = [part.strip() for part in re.split(r"[,;\t]", line) if part.strip()]
    parts = [piece for part in parts for piece in _split_named_address(part)]
    emails = [part for part in parts if "@" in part]
    if not emails:
        raise ValidationError(_("er staat geen e-mailadres in."))
    if len(emails) > 1:
        raise ValidationError(_("zet één e-mailadres per regel."))
    email = emails[0].strip("<>")
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            _("dit e-mailadres is te lang (hoogstens %(max)d tekens).") % {"max": EMAIL_MAX_LENGTH}
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("‘%(email)s’ is geen geldig e-mailadres.") % {"email": email}
        ) from None
    rol_id, gemeente_id, names = None, None, []
    for part in parts:
        if part is emails[0]:
            continue
        if part.lower() in rollen:
            rol_id = rollen[part.lower()]
        elif part.lower() in gemeenten:
            gemeente_id = gemeenten[part.lower()]
        else:
            names.append(part)
    if len(names) > 1 and gemeenten:
        raise ValidationError(
            _("‘%(text)s’ ken ik niet als rol of gemeente. Kies %(choices)s, of %(gemeenten)s.")
            % {
                "text": names[-1],
                "choices": getattr(rollen, "choices", "") or or_list(list(rollen)),
                "gemeenten": or_list(sorted(gemeenten)),
            }
        )
    if gemeente_id is not None and (rol_id is None or rol_id != rollen.get(BESTUUR)):
        raise ValidationError(
            _("een gemeente hoort alleen bij iemand van het bestuur: zet ‘bestuur’ erbij.")
        )
    if len(names) > 1:
        raise ValidationError(
            _("‘%(text)s’ ken ik niet als rol. Kies %(choices)s.")
            % {
                "text": names[-1],
                "choices": getattr(rollen, "choices", "") or or_list(list(rollen)),
            }
        )
    return Invitee(
        email=email, name=names[0][:120] if names else "", rol_id=rol_id, gemeente_id=gemeente_id
    )

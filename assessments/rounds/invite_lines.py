"""Reading a pasted list of people to invite: one person per line."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..common.forms import EMAIL_MAX_LENGTH
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


def rol_aliases(rollen) -> dict[str, int]:
    """Lower-case code, name and the singular of a plural name ("manager", "adviseur") of
    each role, mapped to its id: what a pasted line may name a role by."""
    aliases = {}
    for rol in rollen:
        for word in (rol.code, rol.name):
            word = word.lower()
            aliases[word] = rol.id
            if len(word) > 3 and word.endswith("s"):
                aliases.setdefault(word[:-1], rol.id)
    # a person on the board is "bestuurder", the role is "bestuur"
    for word, rol_id in list(aliases.items()):
        if word == "bestuur":
            aliases.setdefault("bestuurder", rol_id)
            aliases.setdefault("bestuurders", rol_id)
    return aliases


def parse_invite_line(line, rollen):
    """Read one pasted line: an e-mail address, and optionally a name and a role, separated by
    commas, semicolons or tabs, in any order. `rollen` maps lower-case code and name to a role
    id. Returns an Invitee or raises ValidationError with a Dutch message."""
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
    rol_id, names = None, []
    for part in parts:
        if part is emails[0]:
            continue
        if part.lower() in rollen:
            rol_id = rollen[part.lower()]
        else:
            names.append(part)
    if len(names) > 1:
        raise ValidationError(
            _("‘%(text)s’ ken ik niet als rol. Kies bestuur, managers of adviseurs.")
            % {"text": names[-1]}
        )
    return Invitee(email=email, name=names[0][:120] if names else "", rol_id=rol_id)

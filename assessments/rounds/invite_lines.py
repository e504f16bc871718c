"""Reading a pasted list of people to invite: one person per line."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..common.forms import EMAIL_MAX_LENGTH
from .invitations import Invitee

MAX_INVITE_LINES = 500


def parse_invite_line(line, rollen):
    """Read one pasted line: an e-mail address, and optionally a name and a role, separated by
    commas, semicolons or tabs, in any order. `rollen` maps lower-case code and name to a role
    id. Returns an Invitee or raises ValidationError with a Dutch message."""
    parts = [part.strip() for part in re.split(r"[,;\t]", line) if part.strip()]
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

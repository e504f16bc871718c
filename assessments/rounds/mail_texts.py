"""The e-mails to respondents: the standard texts or the coordinator's own, sent in the name
of the round's contact person (reply-to) from the app's address. The coordinator's text is
plain text: template syntax or HTML in it is refused, so nothing in it is ever run."""

import re
from email.utils import formataddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .messages import RoundMessage
from .models import Respondent, Round

# "{{", "{%" or "{#" (Django template syntax), or "<" starting a tag or comment.
_NOT_PLAIN = re.compile(r"\{[{%#]|[{%#]\}|<\s*[a-zA-Z/!?]")


def validate_plain_text(value: str) -> None:
    """Refuse template syntax and HTML in a text the coordinator writes (ValidationError with a
    Dutch message)."""
    if _NOT_PLAIN.search(value or ""):
        raise ValidationError(
            _(
                "Schrijf gewone tekst, zonder {{ }}, {%% %%} of HTML zoals <script>. "
                "De aanhef, je persoonlijke link en de datum zetten we er zelf bij."
            ).replace("%%", "%"),
            code="not_plain",
        )


def round_message(round: Round) -> RoundMessage:
    """The round's message settings as stored, or unsaved defaults (one query)."""
    return RoundMessage.objects.filter(round=round).first() or RoundMessage(round=round)


def email_for(
    respondent: Respondent, url: str, *, reminder: bool = False, message: RoundMessage | None = None
) -> EmailMessage:
    """The invitation (or reminder) for `respondent` with their personal `url`; the round must
    be loaded on the respondent. `message` is the round's RoundMessage (see round_message)."""
    round = respondent.round
    message = message or RoundMessage(round=round)
    context = {
        "respondent": respondent,
        "round": round,
        "url": url,
        "started": respondent.last_step != "",
        "text": message.reminder_text if reminder else message.invitation_text,
        "contact_name": message.contact_name,
    }
    template = "emails/reminder.txt" if reminder else "emails/invitation.txt"
    subject = _("Herinnering: %(round)s") if reminder else _("Uitnodiging: %(round)s")
    sender = settings.DEFAULT_FROM_EMAIL
    if message.contact_name:
        sender = formataddr(
            (
                _("%(name)s via Borgingshuis") % {"name": message.contact_name},
                settings.DEFAULT_FROM_EMAIL,
            )
        )
    return EmailMessage(
        subject=subject % {"round": round.name},
        body=render_to_string(template, context),
        from_email=sender,
        to=[respondent.email],
        reply_to=[message.contact_email] if message.contact_email else None,
    )

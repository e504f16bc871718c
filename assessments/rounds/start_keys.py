"""One round per "Ronde aanmaken" form, however often that form is sent.

The form carries a random key, made when the page is shown (RoundForm's hidden
`start_key`). A round is created together with a RoundStartKey row, and the database holds
each (account, key) once, so a double click, a retry after a slow answer or six tabs sending
the same page make one round: every later post gets the round the first one made. On
PostgreSQL a second insert of the key waits for the first transaction and then fails on the
unique constraint; on SQLite (IMMEDIATE transactions) the posts run one after the other and
the later ones find the key."""

import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction

from .models import Round
from .services import round_create


class RoundStartKey(models.Model):
    """The key of the form that created a round. Not exported: it only guards the moment
    of creating."""

    key = models.UUIDField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["created_by", "key"], name="round_start_key_unique")
        ]

    def __str__(self):
        return f"{self.key} → {self.round_id}"


def new_start_key() -> uuid.UUID:
    return uuid.uuid4()


def round_create_once(
    *,
    key: uuid.UUID,
    organisation,
    framework,
    name: str,
    deadline,
    created_by,
    onderdeel=None,
    asked_bouwstenen=(),
) -> tuple[Round, bool]:
    """The round made with this key by this account, and whether this call created it. The
    first call creates it as round_create does (same refusals, ValidationError, nothing
    created); every later call with the same key, also one running at the same moment,
    returns that round and creates nothing."""
    existing = _round_for(key, created_by)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            round = round_create(
                organisation=organisation,
                framework=framework,
                name=name,
                deadline=deadline,
                created_by=created_by,
                onderdeel=onderdeel,
                asked_bouwstenen=asked_bouwstenen,
            )
            RoundStartKey.objects.create(key=key, created_by=created_by, round=round)
    except IntegrityError:
        # Another post with the same key committed its round first: ours is rolled back.
        existing = _round_for(key, created_by)
        if existing is None:
            raise
        return existing, False
    return round, True


def _round_for(key, user) -> Round | None:
    found = RoundStartKey.objects.filter(key=key, created_by=user).select_related("round")
    start = found.first()
    return start.round if start else None

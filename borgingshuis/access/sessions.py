"""The limits of a logged-in session: it ends after SESSION_IDLE_MINUTES without a request
(default 30) and SESSION_ABSOLUTE_HOURS after the login (default 12), whatever happens in
between. Both times live in the session itself, so checking them costs no query; the time of
the last request is written at most once a minute.

A password change or a change of the second factor ends the account's other sessions
(`sessions_end_others`), and so does "elders afmelden" on the account page."""

import re
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from .models import AccountSession

STARTED = "access_started"  # when the login happened (seconds since the epoch)
SEEN = "access_seen"  # the last request (at most TOUCH_EVERY old)
TOUCH_EVERY = 60  # seconds


def limits() -> tuple[int, int]:
    """(idle, absolute) in seconds."""
    return settings.SESSION_IDLE_MINUTES * 60, settings.SESSION_ABSOLUTE_HOURS * 3600


def session_expired(session, now: float) -> bool:
    """Whether this logged-in session has passed its idle or its absolute limit. A session
    from before these limits existed counts from now."""
    idle, absolute = limits()
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        session[STARTED] = session[SEEN] = now
        return False
    return now - seen > idle or now - started > absolute


def session_touch(session, now: float) -> None:
    """Note this request as the last activity, at most once a minute (a write each time)."""
    if now - session[SEEN] < TOUCH_EVERY:
        return
    session[SEEN] = now
    if session.session_key:
        AccountSession.objects.filter(session_key=session.session_key).update(
            last_seen_at=datetime.fromtimestamp(now, tz=UTC)
        )


def session_begin(sender, request, user, **kwargs):
    """user_logged_in: start the clocks and list the session on the account page."""
    now = timezone.now()
    request.session[STARTED] = request.session[SEEN] = now.timestamp()
    # The session row ends at the absolute limit even if nobody comes back.
    request.session.set_expiry(now + timezone.timedelta(hours=settings.SESSION_ABSOLUTE_HOURS))
    if not request.session.session_key:
        request.session.save()
    # Rows of this account's sessions that ended without a logout (idle, expired) go now.
    AccountSession.objects.filter(user=user).exclude(
        session_key__in=Session.objects.filter(expire_date__gt=now).values("session_key")
    ).delete()
    AccountSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "started_at": now,
            "last_seen_at": now,
            "browser": browser_label(request.META.get("HTTP_USER_AGENT", "")),
        },
    )


def session_end(sender, request, user, **kwargs):
    """user_logged_out: the session is gone, and so is its line on the account page."""
    if request is not None and request.session.session_key:
        AccountSession.objects.filter(session_key=request.session.session_key).delete()


def sessions_end_others(*, user, keep: str | None) -> int:
    """End every listed session of `user` except the one with key `keep` (None: all of
    them): their Django sessions are deleted, so those browsers are logged out at their next
    request. Returns how many were ended."""
    with transaction.atomic():
        others = AccountSession.objects.filter(user=user).exclude(session_key=keep or "")
        keys = list(others.values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        others.delete()
    return len(keys)


def session_rekey(*, before: str | None, after: str | None) -> None:
    """The session got a new key (Django does that at a password change): follow it."""
    if before and after and before != after:
        AccountSession.objects.filter(session_key=before).update(session_key=after)


def sessions_for_account(*, user, now=None):
    """The account's sessions that can still be used, the most recent first; rows of
    sessions that ended without a logout (expired, idle) are left out."""
    now = now or timezone.now()
    idle, _absolute = limits()
    return (
        AccountSession.objects.live(now=now)
        .filter(user=user, last_seen_at__gt=now - timezone.timedelta(seconds=idle + TOUCH_EVERY))
        .order_by("-last_seen_at")
    )


BROWSERS = [("Edg", "Edge"), ("Firefox", "Firefox"), ("Chrome", "Chrome"), ("Safari", "Safari")]
SYSTEMS = [
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def browser_label(user_agent: str) -> str:
    """A few words to recognise a browser by ("Firefox op Windows"); "" when unknown."""
    browser = next((name for key, name in BROWSERS if re.search(key, user_agent)), "")
    system = next((name for key, name in SYSTEMS if key in user_agent), "")
    return " / ".join(part for part in (browser, system) if part)[:80]

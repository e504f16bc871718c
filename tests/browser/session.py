from django.conf import settings
from django.test import Client


def log_in(page, live_server, user):
    """Give the browser a logged-in session for `user`, without the login form."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )

"""Settings for Borgingshuis, read from the environment (see README, "Production")."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Development runs (bin/serve, tests) set DJANGO_DEVELOPMENT=1; only then may the secret key
# and hosts fall back to local defaults and cookies go over plain HTTP. DEBUG alone changes
# none of that: a production server switched to DEBUG=1 to look at an error keeps its
# Secure cookies, its HTTPS redirect and its own SECRET_KEY.
DEVELOPMENT = env.bool("DJANGO_DEVELOPMENT", default=False)

if DEVELOPMENT:
    SECRET_KEY = env("SECRET_KEY", default="development-only-not-a-secret")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    try:
        SECRET_KEY = env("SECRET_KEY")
        ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(
            f"{error}. Production needs SECRET_KEY and ALLOWED_HOSTS; "
            "set DJANGO_DEVELOPMENT=1 for a local run."
        ) from None

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Issue 11: model texts in Dutch and English. modeltranslation must come before the admin
    # (its admin widgets and static files override the admin's).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    # before django_tasks_db: its db_worker lowers the worker's CPU priority first
    "borgingshuis.worker",
    "django_tasks",
    "borgingshuis.apps.BackgroundTasksConfig",  # django_tasks_db, with a Dutch name
    "health_check",  # its result page's template (borgingshuis/health.py)
    "bouwstenen",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, with the policy built once instead of on every response
    "borgingshuis.content_security.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise: static files stay cacheable, every page and download of the app
    # tells browsers and proxies not to keep a copy (borgingshuis/middleware.py).
    "borgingshuis.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Issue 11: an address without /en/ follows the browser's language on a first visit.
    "borgingshuis.browser_language.BrowserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # issue 13b: the request's user signs the audit trail entries the services record
    "assessments.audit.actor.AuditActorMiddleware",
    # A deadlock or serialization failure answers 503 "try again", never 500 (issue 26).
    "assessments.common.lock_conflicts.LockConflictMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "borgingshuis.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assessments.organisations.context_processors.coordination",
            ],
        },
    },
]

WSGI_APPLICATION = "borgingshuis.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
# Keep connections open between requests: a new PostgreSQL connection costs more than an
# autosave itself. Checked before reuse, so a dropped connection is replaced quietly.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, with a health check that needs no round trip (borgingshuis/postgresql)
    DATABASES["default"]["ENGINE"] = "borgingshuis.postgresql"
# The autosave's statements prepared once per connection on PostgreSQL; 0 behind a pooler that
# moves a session's statements between connections (assessments/common/prepared.py).
PREPARED_STATEMENTS = env.bool("DB_PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks (select_for_update does nothing): each transaction takes the
    # write lock when it starts, so two saves of one respondent run one after the other, as
    # their row locks make them do on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes goes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:round-list"
LOGOUT_REDIRECT_URL = "bouwstenen:house"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Issue 11: the model's texts in both languages (django-modeltranslation) ---------------
# Dutch is the language the model is written in; an English text left empty shows the Dutch.
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_LANGUAGES = ("nl", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
# Fixtures name every language's field (title_nl, title_en): no copying into the others.
MODELTRANSLATION_AUTO_POPULATE = False
# --- end issue 11 ---------------------------------------------------------------------------
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Bootstrap's CSS lives in static/vendor/bootstrap/ (version and licence beside it).
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="borgingshuis@localhost")

# Slow work (rendering the PDF, erasing personal data on schedule) runs on Django's Tasks API
# (the django-tasks backport) with its database backend: the queue lives in the app's own
# database, so every app node shares it, and `manage.py db_worker` runs the tasks.
# Two queues: "pdf-user" for a PDF a person waits for, taken first and by a worker of its own
# when one runs (assessments/common/render_queue.py), "default" for the rest.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "pdf-user"]}
}

# Several app nodes share one database, so nothing lives in one process: sessions, the cache
# (a table in the database unless CACHE_URL names e.g. Redis; `manage.py createcachetable`
# makes it), lockout counts (axes' database handler), the task queue and the rendered PDFs.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://borgingshuis_cache")}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEVELOPMENT else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEVELOPMENT)
# Off until the site is known to work over HTTPS only: browsers remember it for this long.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
# Once HSTS is on, for the app's host names below it as well; "preload" only allows a later
# submission to the browsers' preload list (hstspreload.org), it submits nothing itself.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# The browser loads nothing from another site: scripts, styles, images, fonts and requests
# come from the app itself (municipal intranets block third parties, and so does this
# policy). Templates therefore carry no inline scripts, event handlers or style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # The one style attribute allowed, by its hash: django-simple-history's history page
        # in the admin has <p class="paginator" style="border-top: 0">.
        "style-src": [SELF, UNSAFE_HASHES, "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        # Bootstrap draws check marks and select arrows as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Login throttling (django-axes): five wrong passwords for one username from one address
# lock that combination out for 15 minutes; other users and other addresses can still log
# in. One address trying many usernames is locked out after 20 wrong passwords in all
# (borgingshuis/lockout.py: a municipality's office may share one address). A successful
# login clears that username's count from that address, not the address's others
# (borgingshuis/lockout.py, instead of axes' AXES_RESET_ON_SUCCESS).
AXES_USERNAME_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_FAILURE_LIMIT = "borgingshuis.lockout.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=15)  # the lockout page says "15 minuten"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# A refused single sign-on is no password guess: not counted, and not blocked by a lockout of
# the address (a town hall behind one address would lose SSO to a few refusals).
AXES_WHITELIST_CALLABLE = "borgingshuis.access.sso.not_a_password_attempt"
# Throttling needs only the failed attempts, which go after the cool-off; a log of every
# successful login with address and browser would be personal data kept for nothing.
AXES_DISABLE_ACCESS_LOG = True
# Behind the TLS proxy every request comes from the proxy's address, so axes has to read the
# client's address from X-Forwarded-For, as its documentation describes. Only a proxy may
# set that header: anyone can send it, so this is off unless FORWARDED_FOR_PROXIES says how
# many proxies in a row add the address they saw.
FORWARDED_FOR_PROXIES = env.int("FORWARDED_FOR_PROXIES", default=0)
if FORWARDED_FOR_PROXIES:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    # Each proxy appends the address it saw; what is further left the client wrote itself.
    # ipware counts only the proxies listed in the header: the last one is REMOTE_ADDR.
    AXES_IPWARE_PROXY_COUNT = FORWARDED_FOR_PROXIES - 1
    # Not strict: a header with extra entries on the left (another proxy at the client's
    # side, or made up) still gives the address our proxy saw, instead of our proxy's own
    # address, which would put everyone sending such a header in one lockout.
    IPWARE_STRICT = False

# Issue 12 (accessible everywhere): a form refused by the CSRF check gets a Dutch page in the
# site's layout instead of Django's bare English one.
CSRF_FAILURE_VIEW = "borgingshuis.errors.csrf_failure"
# One date format in both languages ("1 maart 2027", "1 March 2027"): borgingshuis/formats/.
FORMAT_MODULE_PATH = ["borgingshuis.formats"]

# Logs go to stdout, one JSON object a line, with the tokens in links masked
# (borgingshuis/logs.py); gunicorn's access log does the same (borgingshuis/gunicorn_conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "borgingshuis.logs.MaskTokensFilter"}},
    "formatters": {"json": {"()": "borgingshuis.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["mask_tokens"],
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="WARNING")},
    # Instead of Django's own handlers for these (runserver's request lines, 404s and 500s).
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# Serve static files straight from the app folders in development (no collectstatic step).
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT

# Issue 10, the improvement cycle: a respondent gets at most one reminder in this many hours,
# however often the coordinator clicks (assessments/rounds/reminders.py).
REMINDER_INTERVAL_HOURS = env.int("REMINDER_INTERVAL_HOURS", default=24)
# --- Issue 13a: colleagues by invitation, production hardening, several app nodes ---------
# How long the link in a colleague's invitation works (assessments/organisations/invitations.py).
MEMBER_INVITATION_DAYS = env.int("MEMBER_INVITATION_DAYS", default=14)
# A task ready to run may wait this long before /health/worker/ reports the worker behind.
TASK_QUEUE_MAX_WAIT = timedelta(minutes=env.int("TASK_QUEUE_MAX_WAIT_MINUTES", default=10))
# Seconds a running task may still take after the worker is asked to stop, before it is given
# back to the queue (borgingshuis/worker/stopping.py); the README's systemd unit stops the
# worker with TimeoutStopSec=30, this plus time to give the task back.
TASK_WORKER_STOP_GRACE = env.float("TASK_WORKER_STOP_GRACE", default=20)
# The nice of a worker that renders only the PDFs people wait for (`db_worker --queue-name
# pdf-user`, borgingshuis/worker/priority.py): between the web server's 0 and the background
# worker's 19 with SCHED_IDLE, which a saturated web server starves for minutes.
TASK_USER_WORKER_NICE = env.int("TASK_USER_WORKER_NICE", default=5)
# PDF renders at once on one machine, however many workers run (assessments/common/render_slots.py):
# 0 is one less than the machine's CPUs, at least one. The lock files live in RENDER_SLOT_DIR,
# which every worker of this installation on the machine must share (not a service's private
# /tmp); by default under the app's own var/, so two installations never share their slots.
RENDER_SLOTS = env.int("RENDER_SLOTS", default=0)
RENDER_SLOT_DIR = env("RENDER_SLOT_DIR", default=str(BASE_DIR / "var" / "render-slots"))
# Where each task worker holds a lock file while it lives, so /health/worker/ sees it alive
# however little CPU it gets (borgingshuis/worker/liveness.py).
TASK_WORKER_DIR = env("TASK_WORKER_DIR", default=str(BASE_DIR / "var" / "workers"))
# Load balancers probe the nodes over plain HTTP: /health/ answers there without a redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
# --- Issue 21: single sign-on, two-factor login, session limits (borgingshuis/access/) -----
INSTALLED_APPS += [
    "django_otp",
    "borgingshuis.access.otp_apps.AuthenticatorsConfig",  # django_otp.plugins.otp_totp
    "borgingshuis.access.otp_apps.RecoveryCodesConfig",  # django_otp.plugins.otp_static
    "borgingshuis.access",
]
# After authentication and messages: a session past its limits is logged out (with a message),
# and one that owes its second factor is sent to the page that asks for it.
MIDDLEWARE[MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1 : 0] = [
    "borgingshuis.access.middleware.SessionLimitsMiddleware",
    "borgingshuis.access.middleware.SecondFactorMiddleware",
]
# Single sign-on over OpenID Connect: on when OIDC_ISSUER names the identity provider (its
# discovery document lives at OIDC_ISSUER/.well-known/openid-configuration).
OIDC_ISSUER = env("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
# The claim with the e-mail address (Entra ID: "email", or "upn"/"preferred_username").
OIDC_EMAIL_CLAIM = env("OIDC_EMAIL_CLAIM", default="email")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGORITHM", default="RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# Take the provider's second factor for ours, but only for a sign-on whose ID token shows it:
# `amr` names several factors, or `acr` is one of OIDC_MFA_ACR_VALUES (access/provider_mfa.py).
OIDC_PROVIDER_ENFORCES_MFA = env.bool("OIDC_PROVIDER_ENFORCES_MFA", default=False)
OIDC_MFA_ACR_VALUES = env.list("OIDC_MFA_ACR_VALUES", default=[])
# `email_verified` must be the JSON value true; off, a token without the claim is accepted
# too (a provider that only hands out its own organisation's addresses, like Entra ID).
OIDC_EMAIL_VERIFIED_REQUIRED = env.bool("OIDC_EMAIL_VERIFIED_REQUIRED", default=True)
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.")
# Local passwords: switched off (LOCAL_PASSWORDS=0) for an install where everyone signs on.
LOCAL_PASSWORDS = env.bool("LOCAL_PASSWORDS", default=True)
if not LOCAL_PASSWORDS and not OIDC_ISSUER:
    raise ImproperlyConfigured("LOCAL_PASSWORDS=0 needs single sign-on (OIDC_ISSUER).")
AUTHENTICATION_BACKENDS[1:1] = ["borgingshuis.access.passwords.LocalPasswordsSwitch"]
AUTHENTICATION_BACKENDS += ["borgingshuis.access.sso.SingleSignOnBackend"]
# The second factor for every account; /beheer/ asks for it whatever this says.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEVELOPMENT)
OTP_TOTP_ISSUER = "Borgingshuis"
# A beheerder never reads another person's authenticator key, QR code or recovery codes in
# /beheer/ (they would let the beheerder give that person's second factor).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A logged-in session ends after this long without a request, and this long after the login.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)

"""Settings for the trial matcher, read from the environment (see .env.example).

Development: DJANGO_DEBUG=true needs nothing else. Production (DJANGO_DEBUG unset or false)
refuses to start without DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
DJANGO_CONTACT_FALLBACK_EMAIL.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

# Lets admin classes and querysets be written with type parameters (ModelAdmin[Trial]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable; anything unrecognised is an error, not a guess."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_trusted_proxies(name: str) -> int | tuple[str, ...]:
    """Read how many proxies stand in front ("1"), or their addresses and networks."""
    value = os.environ.get(name, "").strip()
    if not value or value.isdigit():
        return int(value or 0)
    entries = tuple(entry.strip() for entry in value.split(",") if entry.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be a number of proxies or a list of addresses, not {entry!r}."
            ) from None
    return entries


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (see .env.example), or set DJANGO_DEBUG=true "
            "for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is not set (a comma-separated list).")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# The proxies in front of the site (matcher/clientip.py): how many, or their addresses and
# networks. The client's address for rate limits, lock-outs and the access log comes from the
# X-Forwarded-For entries they appended; by default there is none and the connection is the client.
TRUSTED_PROXIES = env_trusted_proxies("DJANGO_TRUSTED_PROXIES")

SITE_NAME = os.environ.get("SITE_NAME", "TrialCompass")
# Where people report problems with the website itself (shown on the accessibility page).
SITE_CONTACT_EMAIL = os.environ.get("DJANGO_SITE_CONTACT_EMAIL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks_db",
    "phonenumber_field",
    "simple_history",
    "axes",
    "parler",
    "trials",
    "matcher",
    "contact",
    "keep",
    "outbox",
    "config.apps.SiteConfig",
]

MIDDLEWARE = [
    "config.accesslog.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.StaffSessionExpiryMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks out (username, IP) after AXES_FAILURE_LIMIT tries.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The same client address as everything else; usernames cut to what axes can store (255).
AXES_CLIENT_IP_CALLABLE = "matcher.clientip.client_ip"
AXES_USERNAME_CALLABLE = "config.login.attempt_username"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# Staff sessions end after this long without activity.
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("DJANGO_STAFF_SESSION_IDLE_SECONDS", "3600"))

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trials.context_processors.site",
            ],
        },
    },
]

# SQLite by default, in WAL mode with IMMEDIATE transactions so concurrent form posts wait for
# the write lock instead of failing with "database is locked".
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Keep each worker's connection for a minute (checked before reuse) instead of
        # opening one per request; 0 closes it after every request.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Every form renders through one accessible field template (templates/_field.html).
FORM_RENDERER = "config.forms.FormRenderer"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# After a catalogue change, each worker rebuilds its compiled catalogue in a background thread
# and keeps serving the previous one meanwhile. True rebuilds inside the request instead (tests).
MATCHER_CATALOGUE_REBUILD_IN_REQUEST = env_bool("DJANGO_CATALOGUE_REBUILD_IN_REQUEST")

# The cache lives in the database, so every process behind a load balancer shares it (rate
# limits, lock-outs). `manage.py createcachetable` creates the table; tests create it themselves.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Trial texts: English is the source (what registries publish); the site's own translations,
# Simplified Chinese only, sit in django-parler's translation tables. The models read them
# themselves and fall back to the English; parler keeps no cache of its own.
PARLER_DEFAULT_LANGUAGE_CODE = "zh-hans"
PARLER_LANGUAGES = {
    None: ({"code": "zh-hans"},),
    "default": {"fallbacks": [], "hide_untranslated": False},
}
PARLER_ENABLE_CACHING = False
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("DJANGO_MANIFEST_STATIC", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# A strict Content Security Policy: no inline scripts or styles except those carrying the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = (
        ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY", True) else None
    )
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    # The proxy's health probe speaks plain HTTP to the app: it must get 200/503, not a redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Email goes through Django 6.1's MAILERS: SMTP in production, the console in development.
_email_backend = os.environ.get("DJANGO_EMAIL_BACKEND", "console" if DEBUG else "smtp")
MAILERS = {
    "default": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if _email_backend == "console"
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS"),
                "timeout": int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "20")),
            },
        }
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "trials@localhost")
# Contact requests for a site with no coordinator, no contact email of its own and no central
# contact in the registry go to this inbox, whose people pass them on to the study team. It
# must be an inbox somebody reads: never the sender address, so production requires it.
CONTACT_FALLBACK_EMAIL = os.environ.get("DJANGO_CONTACT_FALLBACK_EMAIL", "").strip()
if not CONTACT_FALLBACK_EMAIL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_CONTACT_FALLBACK_EMAIL is not set: the inbox that receives contact requests "
            "for sites without coordinators (see .env.example)."
        )
    CONTACT_FALLBACK_EMAIL = "study-contacts@localhost"
# The public address of the site, for links in emails (e.g. https://trials.example.org).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# Background work (the contact emails) goes through a database queue; `manage.py run_worker`
# runs it. Without a worker the requests are stored and their emails wait in the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A failed contact email is tried again after 1, 2, 4 ... minutes (at most 6 hours), 10 times.
EMAIL_MAX_ATTEMPTS = 10
EMAIL_RETRY_SECONDS = (60, 6 * 60 * 60)
# At most this many contact requests per address or per email within this many seconds.
CONTACT_RATE_LIMIT = (
    int(os.environ.get("DJANGO_CONTACT_RATE_LIMIT", "10")),
    60 * 60,
)

# The registry sync (`manage.py sync_ctgov`, trials/sync.py): where, what, and how politely.
CTGOV_API_URL = os.environ.get("DJANGO_CTGOV_API_URL", "https://clinicaltrials.gov/api/v2").rstrip(
    "/"
)
# Condition search terms (query.cond, joined with OR), overall statuses (filter.overallStatus)
# and countries (query.locn, joined with OR; empty: every country).
CTGOV_SYNC_CONDITIONS = env_list(
    "DJANGO_CTGOV_CONDITIONS",
    "nasopharyngeal carcinoma,head and neck squamous cell carcinoma,solid tumor",
)
CTGOV_SYNC_STATUSES = env_list("DJANGO_CTGOV_STATUSES", "RECRUITING,NOT_YET_RECRUITING")
CTGOV_SYNC_COUNTRIES = env_list("DJANGO_CTGOV_COUNTRIES", "")
CTGOV_PAGE_SIZE = int(os.environ.get("DJANGO_CTGOV_PAGE_SIZE", "200"))
# The public API allows about 50 requests a minute; stay under it.
CTGOV_REQUESTS_PER_MINUTE = float(os.environ.get("DJANGO_CTGOV_REQUESTS_PER_MINUTE", "45"))
CTGOV_TIMEOUT_SECONDS = float(os.environ.get("DJANGO_CTGOV_TIMEOUT_SECONDS", "30"))
# Tries per request on 429, 5xx, timeouts and unreadable pages, with jittered back-off.
CTGOV_RETRY_ATTEMPTS = 6
CTGOV_RETRY_WAIT_SECONDS = (2.0, 120.0)

# Saved results, share links and notification subscriptions (matcher/saved.py, notifications.py).
# The browser that saved results remembers their owner links in this signed cookie.
KEEP_OWNER_COOKIE = "saved_results"
SHARE_LINK_DAYS = 30  # a share link's life unless its owner chooses another
SHARE_LINK_MAX_DAYS = 90
SHARE_UNLOCK_SECONDS = 30 * 60  # a right passcode opens the link in that browser this long
SUBSCRIPTION_CONFIRM_DAYS = 7  # unconfirmed sign-ups are deleted after this
# At most this many saves, share links or subscriptions per address (and per email) per hour,
# and this many wrong passcodes per address per hour, whatever the link.
KEEP_RATE_LIMIT = (20, 60 * 60)
SHARE_PASSCODE_RATE_LIMIT = (20, 60 * 60)

# Phone numbers are typed with their country code and stored in E.164.
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

# Capability tokens (/saved/<token>/ ...) are masked in every line Django logs about a
# request, and in the site's access log (config/accesslog.py), which replaces gunicorn's.
_masked = {"filters": ["mask_tokens"]}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "config.accesslog.MaskCapabilityTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", **_masked}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": _masked,
        "django.server": _masked,
        "django.security": _masked,
        # One line per registry request is noise; failures are recorded on the sync run.
        "httpx": {"level": "WARNING"},
        "access": {
            **_masked,
            "level": "INFO" if env_bool("DJANGO_ACCESS_LOG", True) else "WARNING",
        },
    },
}

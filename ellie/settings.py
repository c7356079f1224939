"""Ellie settings: one file, read from the environment.

Production differences are environment values, never a second settings file.
See docs/operations.md for every variable.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from ellie.static_headers import add_static_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# The public address of the site, used in links inside emails (never a user's data).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "ellie.apps.EllieAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ellie",
    "outbox",
    "practice",
    "conditions",
    "matching",
    "intake",
    "clinicians",
]

MIDDLEWARE = [
    "ellie.middleware.ForwardedForWarningMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads the page version once per request, and answers a repeat anonymous visit to a
    # public page with the bytes and headers everything below gave it (ellie.pagecache).
    "ellie.pagecache.VersionMiddleware",
    # Below WhiteNoise (static files come precompressed), above everything that sets headers.
    # GZip first, so ConditionalGet compares ETags of the uncompressed page and answers 304
    # before anything is compressed; GZip then makes the ETag weak (docs/performance.md).
    "ellie.middleware.TextGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "ellie.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "practice.middleware.PracticeTimeZoneMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ellie.middleware.IdleTimeoutMiddleware",
    "ellie.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ellie.urls"
WSGI_APPLICATION = "ellie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ellie.context_processors.site",
                "practice.context_processors.practice",
            ],
        },
    },
]

# Database: SQLite for a laptop, PostgreSQL when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that has gone away must give a quick 503, never a hung request.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", envint("DATABASE_CONNECT_TIMEOUT", 5)
    )
if envbool("RESTORE_TEST_DATABASE"):
    # Tests only (tests/testenv.py turns it on): a second, empty database into which the
    # backup test (tests/ellie/test_backup.py) restores a dump. pytest-django creates it,
    # beside the default test database, only when that test runs.
    DATABASES["restore"] = {
        **DATABASES["default"],
        "TEST": {"NAME": f"test_{DATABASES['default']['NAME']}_restore"}
        if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
        else {},
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory per process, Redis when several app servers share one.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages are cached for anonymous visitors under a version that every change
# moves on (ellie.pagecache): kept in the shared cache when there is one, else in a one-row
# table, so every process sees a change on its next request.
PAGE_VERSION_STORE = "cache" if os.environ.get("REDIS_URL") else "database"
# Without a shared cache the app's processes on one machine share the number through a small
# file, written the moment a change commits; each process reads the row itself at least this
# often, which brings in changes the file cannot see (a psql update counted by the triggers,
# a command run on another machine). With several app servers, set REDIS_URL.
PAGE_VERSION_RECHECK_MS = envint("PAGE_VERSION_RECHECK_MS", 1000)
# The file; by default one per database in the system's temporary folder.
PAGE_VERSION_FILE = os.environ.get("PAGE_VERSION_FILE", "")
# US ZIP codes in a compact file the app's processes share (matching/zipdata.py); by default
# in the system's temporary folder, named by the zipcodes package's version. Written on first
# use when missing.
ZIP_DATA_FILE = os.environ.get("ZIP_DATA_FILE", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English and Spanish (docs/architecture.md "Languages"). The language comes from the path
# alone: /es/... is Spanish, every other path English, whatever the browser asks for.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

# Static files: served by WhiteNoise, compressed, with hashed names and far-future caching.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files (clinicians' photos, docs/operations.md "Photos and other uploads"): local
# files under MEDIA_ROOT, served by the app at /media/ (ellie.views.media_file) or by the
# proxy in front; or an S3-compatible bucket when MEDIA_BUCKET is set. Photo names are
# content-addressed, so either way they are cached for a year.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "")
# Where photos come from when it is not this site: the Content Security Policy allows it.
MEDIA_ORIGIN = ""
if MEDIA_BUCKET:
    _endpoint = os.environ.get("MEDIA_BUCKET_ENDPOINT_URL", "").rstrip("/")
    _region = os.environ.get("MEDIA_BUCKET_REGION", "")
    # Links name the bucket's public host (a CDN in front, or the bucket's own address), so
    # pages never carry signed, expiring links and the CSP knows the one origin to allow.
    _domain = os.environ.get("MEDIA_BUCKET_DOMAIN", "").strip("/") or (
        ""
        if _endpoint
        else f"{MEDIA_BUCKET}.s3.{_region}.amazonaws.com"
        if _region
        else f"{MEDIA_BUCKET}.s3.amazonaws.com"
    )
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            "custom_domain": _domain or None,
            # S3-compatible services (MinIO, R2, Spaces...) address buckets by path.
            "addressing_style": "path" if _endpoint else None,
            "querystring_auth": False,
            "file_overwrite": True,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if _domain:
        MEDIA_ORIGIN = f"https://{_domain}"
    else:
        _parts = urlsplit(_endpoint)
        MEDIA_ORIGIN = f"{_parts.scheme}://{_parts.netloc}"
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATICFILES_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", DEBUG)
# The icons are also served at the site's root, where browsers ask for /favicon.ico and
# /apple-touch-icon.png on their own (tools/make_icons.py writes them).
WHITENOISE_ROOT = BASE_DIR / "static" / "icons"
# WhiteNoise answers before the CSP middleware: static files get their own safe headers
# (nosniff, a policy that runs nothing, same-origin only), and no CORS for other hosts.
WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers
WHITENOISE_ALLOW_ALL_ORIGINS = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: SMTP when EMAIL_HOST is set. Without it mail is printed to the console, which is for
# DEBUG only: with DEBUG off `check --deploy` fails (ellie.E001) and the outbox worker refuses
# to start until a backend that delivers is configured (ellie.mail).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ellie Mental Health <intake@localhost>")
# Where "a new request is waiting" notices go.
INTAKE_NOTIFY_EMAILS = envlist("INTAKE_NOTIFY_EMAILS", "intake@localhost")

# The practice (docs/operations.md): these seed the one row an admin then edits in
# /admin/practice/practice/. Fictional values for a Minneapolis practice by default.
PRACTICE_NAME = os.environ.get("PRACTICE_NAME", "Ellie Mental Health")
PRACTICE_PHONE = os.environ.get("PRACTICE_PHONE", "(612) 555-0142")
PRACTICE_EMAIL = os.environ.get("PRACTICE_EMAIL", "hello@ellie.example")
PRACTICE_STREET = os.environ.get("PRACTICE_STREET", "2400 Nicollet Avenue, Suite 300")
PRACTICE_CITY = os.environ.get("PRACTICE_CITY", "Minneapolis")
PRACTICE_STATE = os.environ.get("PRACTICE_STATE", "MN")
PRACTICE_ZIP = os.environ.get("PRACTICE_ZIP", "55404")
PRACTICE_TIME_ZONE = os.environ.get("PRACTICE_TIME_ZONE", TIME_ZONE)
# Weekly hours ("mon-fri 08:00-18:00; sat 09:00-12:00") and the US federal holidays the
# practice closes on ("all", or names; empty for none), seeded for this year and the next two.
PRACTICE_HOURS = os.environ.get("PRACTICE_HOURS", "mon-fri 08:00-18:00")
PRACTICE_HOLIDAYS = os.environ.get(
    "PRACTICE_HOLIDAYS",
    "New Year's Day,Memorial Day,Independence Day,Labor Day,Thanksgiving Day,Christmas Day",
)

# Intake (docs/intake.md): how long the results page stays open on the device that asked,
# and how many requests one address may send per window.
INTAKE_RESULTS_TTL_HOURS = envint("INTAKE_RESULTS_TTL_HOURS", 24)
INTAKE_RATE_LIMIT = envint("INTAKE_RATE_LIMIT", 5)
INTAKE_RATE_LIMIT_WINDOW = envint("INTAKE_RATE_LIMIT_WINDOW", 3600)
# The outbox worker: retries wait 1, 2, 4 ... minutes (at most an hour); then "failed".
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_RETRY_BASE_SECONDS = envint("OUTBOX_RETRY_BASE_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = envint("OUTBOX_RETRY_MAX_SECONDS", 3600)
# Response targets (docs/staff.md): a "right now" request is due within this many business
# hours (fractions allowed, e.g. 0.5); urgent by closing time the same business day; routine
# by closing time on the next business day.
INTAKE_ACUTE_TARGET_HOURS = float(os.environ.get("INTAKE_ACUTE_TARGET_HOURS") or 1)
# Staff review (docs/staff.md): requests older than this many days are deleted by
# `manage.py purge_requests` (run it daily); their audit trail keeps only ids.
INTAKE_RETENTION_DAYS = envint("INTAKE_RETENTION_DAYS", 730)

# The clinicians' side (docs/clinicians.md): sign-in links, sessions and check-ins.
CLINICIAN_SIGN_IN_LINK_MINUTES = envint("CLINICIAN_SIGN_IN_LINK_MINUTES", 30)
CLINICIAN_SESSION_HOURS = envint("CLINICIAN_SESSION_HOURS", 12)
# Link requests from one address per window (then a "try again later" page), and sign-in
# links sent to one clinician per hour (further requests quietly send nothing).
CLINICIAN_LINK_RATE_LIMIT = envint("CLINICIAN_LINK_RATE_LIMIT", 5)
CLINICIAN_LINK_RATE_WINDOW = envint("CLINICIAN_LINK_RATE_WINDOW", 900)
CLINICIAN_LINKS_PER_HOUR = envint("CLINICIAN_LINKS_PER_HOUR", 3)
# Check-ins go to clinicians confirmed more than this many days ago, not asked within as many.
CHECK_IN_EVERY_DAYS = envint("CHECK_IN_EVERY_DAYS", 14)
CHECK_IN_LINK_DAYS = envint("CHECK_IN_LINK_DAYS", 14)
# Matching (docs/matching.md): availability confirmed longer ago than this, or never, keeps a
# clinician out of the matches (offered only as a labelled relaxed option).
MATCHING_UNCONFIRMED_AFTER_DAYS = envint("MATCHING_UNCONFIRMED_AFTER_DAYS", 45)
# Referrals (docs/clinicians.md): a clinician answers by the close of the second business day
# after it is sent (urgent requests: within 4 business hours), or it passes on. Automatic
# sending of non-urgent requests to the first choice is off unless turned on.
REFERRAL_BUSINESS_DAYS = envint("REFERRAL_BUSINESS_DAYS", 2)
REFERRAL_URGENT_BUSINESS_HOURS = float(os.environ.get("REFERRAL_URGENT_BUSINESS_HOURS") or 4)
REFERRAL_AUTO_SEND = envbool("REFERRAL_AUTO_SEND", False)
# The schedule process (`run_schedule --loop`): how often each job runs, in seconds.
SCHEDULE_CHECK_IN_SECONDS = envint("SCHEDULE_CHECK_IN_SECONDS", 3600)
SCHEDULE_DEADLINE_SECONDS = envint("SCHEDULE_DEADLINE_SECONDS", 60)
SCHEDULE_OUTBOX_SECONDS = envint("SCHEDULE_OUTBOX_SECONDS", 5)

# Security. Every value below is on by default when DEBUG is off; see docs/security.md.
# Behind a TLS-terminating proxy: trust X-Forwarded-Proto, and take the client address from
# X-Forwarded-For, counting TRUSTED_PROXY_COUNT hops from the right (ellie.auth.client_ip).
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer checks each app server over plain HTTP on the private network: /healthz
# answers it instead of redirecting (it says "ok" or "database unavailable", nothing else).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin: other sites never learn that a visitor came from a mental-health practice,
# not even our host name (strict-origin-when-cross-origin would send the origin).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
# The __Host- prefix makes browsers refuse the cookie unless it is Secure, for Path=/ and
# without a Domain: a neighbouring subdomain cannot plant or overwrite it.
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 60 * 60)

# Oversized requests are refused with a friendly page (ellie.views.bad_request).
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DATA_UPLOAD_MAX_NUMBER_FIELDS", 300)

# Staff accounts: a password, then a code from an authenticator app (django-otp TOTP).
LOGIN_URL = "/accounts/login/"
REQUIRE_2FA = envbool("REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Ellie Mental Health"
# Wrong codes: each try waits twice as long as the one before (1 s, 2 s, 4 s, ...), but never
# longer than OTP_MAX_WAIT_MINUTES (ellie.accounts.code_wait). django-otp's own doubling has no
# ceiling, so it is off here and ours is checked before every code (authenticator app or
# backup code) is tried; its failure counts and times are still kept on each device.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_MAX_WAIT_MINUTES = envint("OTP_MAX_WAIT_MINUTES", 15)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Staff are signed out after this many minutes without a request.
STAFF_IDLE_TIMEOUT_MINUTES = envint("STAFF_IDLE_TIMEOUT_MINUTES", 30)
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses locked-out attempts before any password check.
    "ellie.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username from one address after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES;
# and an address, for every username, after AXES_ADDRESS_FAILURE_LIMIT failures across any
# usernames (password spraying; ellie.lockout).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "ellie.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ellie.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "ellie.auth.client_ip"

# Where "Leave this site" goes: a neutral page that says nothing about us. The way out is a
# form posted to /leave/, which forgets this device's results and redirects there, so that
# one origin is also allowed as a form's destination (browsers apply form-action to redirects).
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.weather.gov/")
_exit = urlsplit(QUICK_EXIT_URL)
if _exit.scheme not in {"https", "http"} or not _exit.netloc:
    raise ImproperlyConfigured("QUICK_EXIT_URL must be a full http(s) address.")
QUICK_EXIT_ORIGIN = f"{_exit.scheme}://{_exit.netloc}"

# No inline script or style, nothing loaded from another host, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Photos come from this site, or from the bucket when one is configured.
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF, QUICK_EXIT_ORIGIN],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "encrypted-media=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), picture-in-picture=(), serial=(), usb=(), "
    "xr-spatial-tracking=()"
)
# Pages whose answers must never be kept by a browser or a proxy cache. Every response to a
# signed-in user is no-store as well (ellie.middleware.NoStoreMiddleware).
NO_STORE_PATH_PREFIXES = (
    "/get-matched/",
    "/es/get-matched/",
    "/staff/",
    "/accounts/",
    "/admin/",
    "/leave/",
    "/for-clinicians/",
)
# Pages for staff, not the public: their own layout (templates/staff_base.html), with no crisis
# strip, no quick exit and no Esc to leave; error pages under them use it too.
# The clinicians' pages use it as well: they are for the practice's professionals.
STAFF_PATH_PREFIXES = ("/staff/", "/accounts/", "/admin/", "/for-clinicians/")


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_exception_text": {"()": "ellie.logfilters.DropExceptionText"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry URLs only; never bodies. Keep them at WARNING.
        "django.request": {"level": "WARNING"},
        "django.server": {"level": "WARNING"},
        # SQL with its parameters (answers, names) is never logged, even with DEBUG on.
        "django.db.backends": {"level": "INFO"},
        # A missing template variable is logged at DEBUG with an exception whose text quotes
        # the page's context (a form and its answers): never at DEBUG, and never that text.
        "django.template": {"level": "INFO", "filters": ["no_exception_text"]},
    },
}

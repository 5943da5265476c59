"""The one settings module. Environments differ only by environment variables.

See `.env.example` for every variable this file reads. Bad values stop start-up with a
message naming the variable, rather than running with a surprising default.
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

# Development only: a fixed key so sessions survive restarts of `make run`.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
# Keys anyone can read in this repository: signing with one lets a stranger forge sessions,
# invitations and verification links.
PUBLIC_SECRET_KEYS = {DEVELOPMENT_SECRET_KEY, "change-me-to-a-long-random-string"}

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if not DEBUG and (SECRET_KEY in PUBLIC_SECRET_KEYS or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY is a published example key; set a long random one of your own, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Background work: Django's tasks API and its database queue (jobboard/lib/tasks.py).
    "django_tasks",
    "django_tasks_db",
    # One app per domain, lowest first: an app imports only those above it in this list
    # (the contracts in pyproject.toml), and `load_catalogue` loads them in this order.
    "accounts",
    "roles",
    "hubs",
    "salaries",
    "guides",
    "companies",
    "postings",
    "candidates",
    # The project: wires the apps together (jobboard/apps.py).
    "jobboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jobboard.middleware.ContentSecurityPolicyMiddleware",
    # Static files straight from the app server, before sessions and auth do any work.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns django-ratelimit's Ratelimited exception into the 429 page of RATELIMIT_VIEW.
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "jobboard.urls"

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
            ],
            "builtins": [
                "jobboard.lib.templatetags",
                "django.contrib.humanize.templatetags.humanize",
            ],
        },
    },
]

WSGI_APPLICATION = "jobboard.wsgi.application"

# SQLite by default so a fresh clone runs with no server; PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock when it begins, not at its first write, so a
    # check and the write it guards (a duplicate posting, a claimed alert) cannot interleave
    # with another process's; the web server and the worker wait for each other's writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

# Background work (jobboard/lib/tasks.py, jobboard/schedule.py): a queue in the database,
# run by `manage.py run_worker` (`make run` starts one). A task still running after
# TASK_LOST_AFTER is taken for lost with its worker and tried again.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_LOST_AFTER = timedelta(seconds=env_int("TASK_LOST_AFTER_SECONDS", 3600))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# One language, so the translation machinery, which slows every template render, stays off.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# With DEBUG off, static files are served by whitenoise with hashed, compressed names made by
# `collectstatic`; with DEBUG on (development and the test suite) they come from the finders, so
# nothing has to be collected first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Decided here rather than by whitenoise at start-up, because the test runner turns DEBUG off
# after this module has run: tests read the source folders as development does.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG


def source_digest() -> str:
    """A digest of the code, so each release reads only the cache entries it wrote itself."""
    digest = hashlib.sha256()
    for package in sorted(BASE_DIR.glob("*/__init__.py")):
        if package.parent.name != "tests":
            for path in sorted(package.parent.rglob("*.py")):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# The release: set RELEASE (a commit, a version) when deploying; otherwise the code's digest.
# It is part of every cache key, so values pickled by older code are never read by newer code.
RELEASE = os.environ.get("RELEASE") or source_digest()
CACHE_KEY_PREFIX = f"{os.environ.get('CACHE_KEY_PREFIX', 'jobboard')}:{RELEASE}"

# One Redis shared by every app server when REDIS_URL is set (cached counts, sessions, rate
# limits); otherwise each process keeps its own cache in memory, which suits one server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL must be a redis:// URL, not {REDIS_URL!r}")
    CACHES = {
        "default": {
            # Redis that fails quietly: pages keep serving from the database when it is down.
            "BACKEND": "jobboard.lib.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    # Counts, rankings, rendered parts and survey groups: more than the default 300 entries.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# How long a cache command may take before it counts as failed, and how long the cache is
# then left alone before it is tried again (jobboard/lib/cache_backend.py).
CACHE_TIMEOUT_SECONDS = env_float("CACHE_TIMEOUT_SECONDS", 0.25)
CACHE_RETRY_SECONDS = env_float("CACHE_RETRY_SECONDS", 5.0)
# Sessions read from the cache and survive a cache flush because they are also in the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long list counts and facet counts are reused; 0 turns the caching off.
POSTING_COUNTS_CACHE_SECONDS = env_int("POSTING_COUNTS_CACHE_SECONDS", 30)
# How long page parts built from the catalogue are kept (jobboard/lib/cache.py). An edit
# moves the cache on at once, so this only bounds per-process caches; 0 turns it off.
CATALOGUE_CACHE_SECONDS = env_int("CATALOGUE_CACHE_SECONDS", 600)

# Behind a load balancer (or a CDN and a load balancer) that terminates TLS, sets
# X-Forwarded-Proto and appends the client's address to X-Forwarded-For. TRUSTED_PROXIES is
# how many such proxies stand in front of the app servers: the client address that rate
# limits count is read that many entries from the right of X-Forwarded-For, and never from
# it when there is none (jobboard/lib/abuse.py client_ip).
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1 if BEHIND_PROXY else 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES must be 0 or more.")

# Security headers and cookies: strict whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere; see jobboard/middleware.py. With DEBUG on the policy is only
# reported, so Django's debug pages (which use inline script and style) still work.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Swagger UI's page carries a small inline <style>; scripts stay strict there too.
CONTENT_SECURITY_POLICY_OVERRIDES = {"/api/docs/": {"style-src": "'self' 'unsafe-inline'"}}
# Load balancers probe these over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Benchmarks only (bench/): count SQL queries per request in an X-Query-Count header.
if env_bool("BENCH_QUERY_COUNT", default=False):
    MIDDLEWARE.insert(0, "jobboard.middleware.QueryCountMiddleware")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "jobboard.lib.schema.BoardAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "jobboard.lib.pagination.BoardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": [
        "jobboard.lib.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "AI Jobs Board API",
    "DESCRIPTION": (
        "Read the board as JSON: live postings with the same filters as /jobs/, "
        "and the catalogue of roles, hubs and companies."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Postings and the salary survey both have a `level`, with different choices.
    "ENUM_NAME_OVERRIDES": {
        "ExperienceLevelEnum": "roles.models.ExperienceLevel",
        "SurveyLevelEnum": "salaries.models.SurveyLevel",
    },
}

# How many postings a list page shows; the API's page_size may go up to the maximum.
POSTINGS_PAGE_SIZE = env_int("POSTINGS_PAGE_SIZE", 20)
API_MAX_PAGE_SIZE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# A published posting stays live this many days unless its employer renews it.
POSTING_LIFETIME_DAYS = env_int("POSTING_LIFETIME_DAYS", 30)

# Uploaded files: company logos, re-encoded as PNG on upload. The app serves them itself
# (companies.views.logo) unless SERVE_MEDIA is off because a web server or object storage
# serves MEDIA_URL. With several app servers MEDIA_ROOT must be storage they all share.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=True)
LOGO_MAX_BYTES = env_int("LOGO_MAX_BYTES", 512 * 1024)

# Accounts: Django's own auth views; sign-up verifies the e-mail address with a signed link.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "postings:dashboard"
LOGOUT_REDIRECT_URL = "home"
# Absolute links in e-mails (verification, invitations, renewal reminders) start with this.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# E-mail leaves through a worker, never inside a request: EMAIL_BACKEND queues each message
# and the worker hands it to EMAIL_DELIVERY_BACKEND (jobboard/lib/mail.py), which prints it
# to the worker's console in development and speaks SMTP otherwise.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "jobboard.lib.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_DELIVERY_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "AI Jobs Board <jobs@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Posting rules shared by the web form and the API (Posting.clean reads them).
SALARY_MAX_RATIO = env_float("SALARY_MAX_RATIO", 2.0)
if SALARY_MAX_RATIO < 1:
    raise ImproperlyConfigured("SALARY_MAX_RATIO must be at least 1.")
# `expire_postings` e-mails a renewal link this many days before a posting expires.
POSTING_REMINDER_DAYS = env_int("POSTING_REMINDER_DAYS", 3)

# Rate limits (django-ratelimit, counted in the default cache). The local-memory cache counts
# per process, which is fine for one process; production with several workers needs a shared
# cache such as Redis, or each worker allows the full rate.
RATELIMIT_SIGNUP = os.environ.get("RATELIMIT_SIGNUP", "5/h")
# Failed log-ins (the site's and the admin's) per client address, and per account.
RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10/m")
RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "5/15m")
# Password reset e-mails per client address, and per address asked for.
RATELIMIT_PASSWORD_RESET = os.environ.get("RATELIMIT_PASSWORD_RESET", "10/h")
RATELIMIT_PASSWORD_RESET_ADDRESS = os.environ.get("RATELIMIT_PASSWORD_RESET_ADDRESS", "3/h")
RATELIMIT_SUBMIT = os.environ.get("RATELIMIT_SUBMIT", "20/h")
RATELIMIT_ALERT = os.environ.get("RATELIMIT_ALERT", "10/h")
RATELIMIT_VIEW = "jobboard.lib.abuse.rate_limited"
RATELIMIT_IP_META_KEY = "jobboard.lib.abuse.client_ip"
# With the cache unreachable, limits let requests through rather than refuse everyone.
RATELIMIT_FAIL_OPEN = True
# django-ratelimit warns that local memory is not shared between processes; documented above.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# Job alerts: how long a confirmation link stays valid (seconds), and how many postings one
# alert e-mail lists at most (the e-mail links to the search for the rest).
JOB_ALERT_CONFIRM_MAX_AGE = env_int("JOB_ALERT_CONFIRM_MAX_AGE", 3 * 24 * 60 * 60)
JOB_ALERT_MAX_POSTINGS = env_int("JOB_ALERT_MAX_POSTINGS", 20)

# Opt in now to Django 6.0's default: a URL typed without a scheme means https.
FORMS_URLFIELD_ASSUME_HTTPS = True

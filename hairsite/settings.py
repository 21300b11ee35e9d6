"""Settings for hairsite, read from the environment (see the README's table)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable, refusing anything ambiguous."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off.")


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


# Core Django settings, in alphabetical order

# Where the admin lives; moving it off /admin/ spares it most drive-by scans.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

AUTHENTICATION_BACKENDS = [
    # Refuses logins for an account or address locked out by django-axes.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Only the admin and the Markdown preview take POSTs; trusted origins are needed
# only when the site sits behind a proxy on another scheme or port.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# "pages" holds public pages (hairsite.page_cache): one cache for every worker
# and app server. Edits expire exactly the pages they change; TIMEOUT bounds
# what no edit expires. Its backends log their errors and carry on without.
if redis_url := os.environ.get("REDIS_URL"):
    redis_cache = {
        "BACKEND": "hairsite.cache_backends.RedisCache",
        "LOCATION": redis_url,
        # An unreachable Redis must cost a request a moment, not a stall.
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
    CACHES = {
        # Sessions live here: Django's own backend, which raises rather than
        # skip a logout's delete and let the session come back with Redis.
        "default": {
            **redis_cache,
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "KEY_PREFIX": "hairsite",
        },
        "pages": {**redis_cache, "KEY_PREFIX": "hairsite-pages", "TIMEOUT": 3600},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Files, which gunicorn's workers share, unlike each one's memory.
        "pages": {
            "BACKEND": "hairsite.cache_backends.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", BASE_DIR / "cache"),
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
    }

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets gunicorn's workers read while one writes, on connections kept
    # open like PostgreSQL's; IMMEDIATE transactions take the write lock up
    # front instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEBUG = env_bool("DJANGO_DEBUG", False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # For search's SearchVectorField; on SQLite it only adds unused lookups.
    "django.contrib.postgres",
    "axes",
    "markdownx",
    "simple_history",
    "editorial",
    "disclaimers",
    "articles",
    "faq",
    "pages",
    "search",
    # For its template tags and its deploy checks.
    "hairsite",
]

LANGUAGE_CODE = "en-gb"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media")
MEDIA_URL = "media/"

MIDDLEWARE = [
    # First: a stored page needs nothing below it (see hairsite.page_cache).
    "hairsite.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hairsite.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hairsite.urls"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY (the Makefile keeps a random one in .secret_key)."
    )

# Sessions (staff only) are read from Redis and written through to the
# database, so a Redis restart signs nobody out; while Redis is down the admin
# waits for it (public pages do not).
if redis_url:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles")
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "disclaimers.context_processors.disclaimers",
            ],
        },
    },
]

TIME_ZONE = "Europe/London"

USE_TZ = True

WSGI_APPLICATION = "hairsite.wsgi.application"

# Security: HTTPS-only behaviour is switched on with DJANGO_HTTPS=1, which every
# production deployment sets; plain-HTTP local runs (make run) leave it off.

HTTPS = env_bool("DJANGO_HTTPS", False)

# Scripts read the CSRF token from the form, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
}
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", HTTPS)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", "0" if not HTTPS else "31536000")
)
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
X_FRAME_OPTIONS = "DENY"

# Project settings

# Where visitors' problem reports go. The default is a placeholder that cannot
# receive mail (RFC 2606 reserves .invalid); `check --deploy` warns about it.
CONTACT_EMAIL = os.environ.get("DJANGO_CONTACT_EMAIL", "editors@hairsite.invalid")

# Phrases the admin's content checks ask a reviewer to look at.
HEALTH_CLAIM_PHRASES = [
    "cure",
    "breakthrough",
    "safe",
    "no side effects",
    "minimal side effects",
    "guaranteed",
    "permanent",
    "miracle",
]

# Images editors drop into Markdown; they are re-encoded, so keep this modest.
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("DJANGO_IMAGE_UPLOAD_MAX_BYTES", 5 * 2**20))

# The shared page cache (hairsite.page_cache); off only to measure without it.
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", True)
# How long a CDN or proxy may serve a public page before asking us again; an
# edit or withdrawal reaches its visitors within this many seconds.
PAGE_SHARED_MAX_AGE = int(os.environ.get("DJANGO_PAGE_SHARED_MAX_AGE", "60"))

# Named as the publisher on every page.
PUBLISHER_NAME = os.environ.get("HAIRSITE_PUBLISHER", "Hairsite")

# How long a clinical review stands: NHS England's standard asks for a planned
# review; twelve months for experimental treatments, whose evidence moves fast.
REVIEW_INTERVAL_DAYS = 3 * 365
REVIEW_INTERVAL_INVESTIGATIONAL_DAYS = 365

# The site's public origin, for canonical links, the sitemap and the feed: never
# the request's Host header, since public pages are cached and shared.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# django-axes: lock out an account, or an address, after repeated failed
# logins; `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS` unlock.

AXES_CLIENT_IP_CALLABLE = "hairsite.client_ip.client_ip"
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
# In the database even with Redis: every app server shares it already, and a
# cache that forgot lockouts in an outage or a restart would let guessing resume.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_RESET_ON_SUCCESS = True

# django-permissions-policy: the site uses none of these browser features.

PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# django-markdownx: previews go through our sanitising renderer, and through a
# staff-only view (hairsite.urls) instead of markdownx's anonymous one.

MARKDOWNX_MARKDOWNIFY_FUNCTION = "hairsite.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/editor/markdown-preview/"
MARKDOWNX_UPLOAD_URLS_PATH = "/editor/image-upload/"
MARKDOWNX_SERVER_CALL_LATENCY = 300
MARKDOWNX_EDITOR_RESIZABLE = True

"""Settings shared by every environment, read from the environment with safe defaults.

Development and tests use ``portal.settings``; deployment uses ``portal.settings.production``.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
# Development only: production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "framework_pages",
    "framework_pages.exchange",
    "checklists",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything below: a hit replays the headers they set when it was stored.
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A number too long for Python to read gets the Dutch 400 page, before any view parses it.
    "portal.long_numbers.LongNumberMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.csp.PathCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Dutch 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# One URL configures the database: SQLite in the project by default, PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout so that concurrent saves wait instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Connections are kept open here too (DATABASE_CONN_MAX_AGE): a new SQLite connection
    # parses the whole schema on its first query, about 10 ms on every request.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Two caches. "default" holds what may differ per process (rendered pages, derived data):
# local memory, or Redis. "shared" holds what every process must agree on (the public content
# version that invalidates "default", and rate-limit counters): the database, or the same
# Redis. So even several app processes without Redis never serve what is gone
# (portal/page_cache.py); the table is made on every migrate (home/apps.py).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        }
    }
    CACHES["shared"] = CACHES["default"]
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_shared_cache",
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            # A few rows: the version and one counter per client and hour; never culled early.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }

# PDFs of the publication and of a self-assessment (portal/pdf.py); 0 turns them off, as
# where WeasyPrint's system library Pango is missing: the pages then point to printing.
PDF_ENABLED = os.environ.get("PDF_ENABLED", "1") != "0"

# Public pages are cached whole and invalidated by every publish (portal/page_cache.py); 0 = off.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", 24 * 3600))
# Paths answered from the query string alone, cached per query: an edition's search and its
# suggestions. Any other query string passes the cache by.
PAGE_CACHE_QUERY_PATHS = [r"^/[^/]+/zoeken/(suggesties/)?$"]

# Sessions live in the database, so any app server can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files are served by WhiteNoise, from the apps' folders until collectstatic has run.
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "wagtailadmin_login"

# Security headers (docs/security.md). HSTS and secure cookies are in production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
# Not no-referrer: with it Chromium sends "Origin: null" on form posts and the CSRF check fails.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Public side: nothing inline, nothing from other hosts (the checklist script is a static file).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The Wagtail admin uses inline scripts and styles and shows previews in a same-origin frame;
# portal.csp.PathCSPMiddleware sends this policy for paths under these prefixes.
ADMIN_CONTENT_SECURITY_POLICY_PREFIXES = ("/admin/",)
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}

# Failed admin logins: django-axes locks a username after 5 failures for 15 minutes, and so
# too a client address that fails 5 times (whatever usernames it tries).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
# The client address, shared by axes and portal.ratelimit. Default: the connection's address,
# which cannot be spoofed. Behind a proxy: CLIENT_IP_HEADERS=HTTP_X_FORWARDED_FOR,REMOTE_ADDR
# and PROXY_COUNT as the number of proxies (django-ipware; docs/security.md).
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("CLIENT_IP_HEADERS", "REMOTE_ADDR")
AXES_IPWARE_PROXY_COUNT = (
    int(os.environ["PROXY_COUNT"]) if os.environ.get("PROXY_COUNT", "").strip() else None
)
AXES_IPWARE_PROXY_ORDER = "right-most"

# Creating self-assessments and invites, per client address (portal.ratelimit): (count, seconds).
RATE_LIMITS = {
    "assessment": (int(os.environ.get("RATE_LIMIT_ASSESSMENTS_PER_HOUR", "20")), 3600),
    "invite": (int(os.environ.get("RATE_LIMIT_INVITES_PER_HOUR", "10")), 3600),
    # Role profiles (functieprofielen): making one, and a new share link for one.
    "profile": (int(os.environ.get("RATE_LIMIT_PROFILES_PER_HOUR", "10")), 3600),
}

# Demo accounts with printed passwords (make run); production settings switch this off.
DEMO_ACCOUNTS_ALLOWED = True

WAGTAIL_SITE_NAME = "Beroepsprofiel coördinator vrijwilligerswerk"
# Wagtail's login form with the password field labelled in Dutch.
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.LoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Used by the PostgreSQL full-text backend; ignored on SQLite.
        "SEARCH_CONFIG": "dutch",
    }
}
# No avatars from gravatar.com: the portal loads nothing from other hosts, admin included.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["csv", "json", "pdf", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Uploaded edition documents and spreadsheets larger than this are refused before parsing.
FRAMEWORK_IMPORT_MAX_BYTES = int(os.environ.get("FRAMEWORK_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
# Anonymous self-assessments that were never finished are removed after this many days.
CHECKLIST_RETENTION_DAYS = int(os.environ.get("CHECKLIST_RETENTION_DAYS", "180"))

# E-mail (moderation notices, "stuur mij de link"): printed to the console in development;
# production.py sends through the SMTP server the environment names.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Beroepsprofiel coördinator vrijwilligerswerk <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Wagtail's dashboard would ask an outside host for new releases: the portal loads nothing
# from other hosts, its admin included.
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- checklists (the coordinators' helper) ---------------------------------------------------
# Private links are masked in every log line (portal/log_masking.py): each handler filters.
LOGGING["filters"] = {"mask_tokens": {"()": "portal.log_masking.TokenMaskingFilter"}}
# runserver's request lines too (Django's default handler for them has no filter).
LOGGING.setdefault("formatters", {})["django.server"] = {
    "()": "django.utils.log.ServerFormatter",
    "format": "[{server_time}] {message}",
    "style": "{",
}
LOGGING["handlers"]["django.server"] = {
    "class": "logging.StreamHandler",
    "formatter": "django.server",
}
LOGGING.setdefault("loggers", {})["django.server"] = {
    "handlers": ["django.server"],
    "level": "INFO",
    "propagate": False,
}
for _handler in LOGGING["handlers"].values():
    _handler.setdefault("filters", []).append("mask_tokens")
# "Stuur mij de link per e-mail": per client address, like creating a self-assessment.
RATE_LIMITS["email"] = (int(os.environ.get("RATE_LIMIT_EMAILS_PER_HOUR", "5")), 3600)

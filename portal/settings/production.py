"""Deployment settings: refuse to start without a secret key and allowed hosts."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 32 characters in production "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list the host names the portal answers to, comma-separated "
        "(for example: DJANGO_ALLOWED_HOSTS=portal.example.nl)."
    )

# The public address, for links in mail and CASE URIs (portal.addresses): from the environment,
# else the first allowed host name over HTTPS; never the development default.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").strip()
if not WAGTAILADMIN_BASE_URL:
    named = [h for h in ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
    if not named:
        raise ImproperlyConfigured(
            "WAGTAILADMIN_BASE_URL must be set to the portal's public address (for example: "
            "WAGTAILADMIN_BASE_URL=https://portal.example.nl) when DJANGO_ALLOWED_HOSTS names "
            "no single host."
        )
    WAGTAILADMIN_BASE_URL = f"https://{named[0]}"

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

DEMO_ACCOUNTS_ALLOWED = False

# Mail goes out through SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS / EMAIL_USE_SSL), unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
WHITENOISE_USE_FINDERS = False

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "portal.storage.StaticFilesStorage"},
}

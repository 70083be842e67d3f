"""A small per-client rate limit on creating things (self-assessments, invites).

Counts live in the shared cache (the database, or Redis with ``REDIS_URL``), so every app
process and server counts the same requests. Fixed
windows: at most ``count`` POSTs per client address per ``seconds``; beyond that the view is not
called and the client gets a Dutch 429 page, so nothing is created. The client address is
resolved as django-axes resolves it (``CLIENT_IP_HEADERS``/``PROXY_COUNT``), so both honour
the same proxy set-up.
"""

import time
from functools import wraps

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .page_cache import shared_cache

WHAT = {
    "assessment": _("een zelfscan"),
    "invite": _("een uitnodiging of invulling voor een leidinggevende"),
    "email": _("een e-mail met een link"),
    "profile": _("een functieprofiel of een deellink ervan"),
}


def client_address(request):
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "onbekend"


def hit(scope, request):
    """Count one request; returns the seconds to wait when the limit is exceeded, else 0."""
    count, seconds = settings.RATE_LIMITS[scope]
    now = int(time.time())
    window = now // seconds
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    cache = shared_cache()
    cache.add(key, 0, timeout=seconds + 60)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 60)
        used = 1
    if used > count:
        return (window + 1) * seconds - now
    return 0


def rate_limit(scope, methods=("POST",)):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                wait = hit(scope, request)
                if wait:
                    response = render(
                        request,
                        "portal/too_many_requests.html",
                        {"reason": scope, "what": WHAT[scope], "minutes": max(1, -(-wait // 60))},
                        status=429,
                    )
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

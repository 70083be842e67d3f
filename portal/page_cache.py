"""Whole-response cache for the public pages, never stale.

Anonymous GETs of Wagtail pages are cached under a key that includes a content version. Every
publish, unpublish, move or delete of a page, every publish of a competency and every change
of the site settings bumps that version, so the very next request renders afresh. The version
lives in the shared cache (Redis when REDIS_URL is set), so all app servers see it at once.

Shared infrastructure: the apps connect their own models' signals to ``bump_content_version``
(home: pages, sites, settings; framework_pages: competencies and areas), and cache values
derived from published content with ``get_current``/``set_current``.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

VERSION_KEY = "page-cache:version"
# Cookies that make a response personal (login, messages, CSRF-bearing forms).
PERSONAL_COOKIES = ("sessionid", "messages", "csrftoken")


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def get_current(key):
    """(content version, the value stored under ``key`` for that version or None), in one
    cache round trip: values derived from published content are stored with the version
    they were made under (``set_current``), and one from an older version is not returned."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = content_version()
    stored = found.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        return version, stored[1]
    return version, None


def set_current(key, version, value, timeout=None):
    timeout = (settings.PAGE_CACHE_TIMEOUT or None) if timeout is None else timeout
    cache.set(key, (version, value), timeout)


def bump_content_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates
        cache.set(VERSION_KEY, content_version() + 1, timeout=None)


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_TIMEOUT > 0
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
        and not request.path.startswith(
            ("/admin/", "/zelfscan/", "/api/", "/static/", "/media/", "/documents/")
        )
    )


def _key(request):
    return f"page-cache:{request.get_host()}:{request.path}"


# Headers a hit must not replay: they belong to one response, or are set again on the way out.
NOT_REPLAYED = {"set-cookie", "content-length", "x-page-cache"}


class PageCacheMiddleware:
    """Sits right after WhiteNoise: a hit skips sessions, CSRF, authentication and the rest.

    The response is stored as the inner middleware finished it (security headers, CSP,
    X-Frame-Options, Vary, Content-Language) together with the content version it was made
    under; a hit replays it. Version and page are read in one cache round trip (``get_many``)
    and a page stored under an older version is a miss.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        version, cached = get_current(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(request, "is_wagtail_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in NOT_REPLAYED
            ]
            set_current(key, version, (response.content, headers))
            response["X-Page-Cache"] = "miss"
        return response

"""Whole-response cache for the public pages, never stale.

Anonymous GETs of Wagtail pages are cached under a key that includes a content version. Every
publish, unpublish, move or delete of a page, every publish of a competency and every change
of the site settings bumps that version, so the very next request renders afresh. The version
lives in the shared cache (Redis when REDIS_URL is set), so all app servers see it at once.
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


def _key(request, version):
    return f"page-cache:{version}:{request.get_host()}:{request.path}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, content_version())
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(request, "is_wagtail_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.user.is_authenticated
        ):
            cache.set(
                key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_TIMEOUT
            )
            response["X-Page-Cache"] = "miss"
        return response

"""Whole-response cache for the public pages, never stale.

Anonymous GETs of Wagtail pages are cached under a key that includes a content version. Every
publish, unpublish, move or delete of a page, every publish of a competency and every change
of the site settings bumps that version, so the very next request renders afresh. The version
lives in the shared cache (Redis when REDIS_URL is set), so all app servers see it at once.

Without Redis each process keeps its rendered pages in local memory, but the version lives in
the database (the "shared" cache, see portal/settings/base.py), so a publish by any process,
a management command included, is seen by every process at its next request.

Shared infrastructure: the apps connect their own models' signals to ``bump_content_version``
(home: pages, sites, settings; framework_pages: competencies and areas), and cache values
derived from published content with ``get_current``/``set_current``.
"""

import hashlib
import re
import secrets
import time
from contextvars import ContextVar
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

VERSION_KEY = "page-cache:version"
# During a request (PageCacheMiddleware): {"version": ...} as the request first read it, so the
# shared cache is asked once per request, however many derived values the request reads.
_request_memo = ContextVar("content_version_memo", default=None)
# Cookies that make a response personal (login, messages, CSRF-bearing forms).
PERSONAL_COOKIES = ("sessionid", "messages", "csrftoken")


def local_cache():
    """Rendered pages and derived values: may differ per process, always checked against the
    shared version."""
    return caches["default"]


def shared_cache():
    """What every process must see alike: the content version, the rate-limit counters."""
    return caches["shared"]


def _one_store():
    # With Redis both aliases are the same store: read version and value in one round trip.
    return settings.CACHES.get("shared") == settings.CACHES.get("default")


def _new_version():
    """A value no earlier version had. Not a counter: two processes bumping at once could
    both read the same number and write the same next one, leaving a page rendered between
    their changes current."""
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def content_version():
    shared = shared_cache()
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, _new_version(), timeout=None)
        version = shared.get(VERSION_KEY)
    return version


_seen = {"version": None}


def _drop_local_cache_if_stale(version):
    """A new content version empties this process's local cache: not only the values stored
    under the old version, but also what others keep there unversioned (Wagtail's site root
    paths, for example), which would otherwise stay as they were in this process."""
    if _seen["version"] != version:
        if _seen["version"] is not None:
            local_cache().clear()
        _seen["version"] = version


def current_version():
    """The content version, read from the shared cache once per request."""
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = shared_cache().get(VERSION_KEY) or content_version()
    if not _one_store():
        _drop_local_cache_if_stale(version)
    if memo is not None:
        memo["version"] = version
    return version


def get_current(key):
    """(content version, the value stored under ``key`` for that version or None): values
    derived from published content are stored with the version they were made under
    (``set_current``), and one from an older version is not returned. With Redis, version and
    value come in one round trip; without, the version comes from the database once per
    request and the value from local memory."""
    memo = _request_memo.get()
    if _one_store() and not (memo and "version" in memo):
        found = local_cache().get_many([VERSION_KEY, key])
        version, stored = found.get(VERSION_KEY), found.get(key)
        if version is None:
            version = content_version()
        if memo is not None:
            memo["version"] = version
    else:
        version, stored = current_version(), local_cache().get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        return version, stored[1]
    return version, None


def set_current(key, version, value, timeout=None):
    timeout = (settings.PAGE_CACHE_TIMEOUT or None) if timeout is None else timeout
    local_cache().set(key, (version, value), timeout)


def _write_new_version():
    version = _new_version()
    shared_cache().set(VERSION_KEY, version, timeout=None)
    memo = _request_memo.get()
    if memo is not None:
        memo["version"] = version  # this request's own change counts at once


def bump_content_version(**kwargs):
    """Public content changed: what was cached is stale. Bumped at once (in the database cache
    within the same transaction, so it shows exactly when the change does) and again when the
    transaction commits, so no process caches, under the new version, what it rendered from
    the old content in the meantime."""
    _write_new_version()
    transaction.on_commit(_write_new_version)


@cache
def _query_paths(patterns):
    return [re.compile(p) for p in patterns]


def _cached_per_query(request):
    """Pages whose answer depends on the query string only (search): cached per query.
    Any other query string passes the cache by (``?ongecachet=1`` renders afresh)."""
    patterns = _query_paths(tuple(getattr(settings, "PAGE_CACHE_QUERY_PATHS", ())))
    return any(p.search(request.path) for p in patterns)


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_TIMEOUT > 0
        and request.method in ("GET", "HEAD")
        and (not request.META.get("QUERY_STRING") or _cached_per_query(request))
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
        and not request.path.startswith(
            ("/admin/", "/zelfscan/", "/api/", "/static/", "/media/", "/documents/")
        )
    )


def _key(request):
    key = _page_key(request.get_host(), request.path)
    if request.META.get("QUERY_STRING"):
        # The same parameters in any order are one page; hashed, so a key stays short.
        query = urlencode(sorted(request.GET.lists()), doseq=True).encode()
        key += f"?{hashlib.sha256(query).hexdigest()}"
    return key


def _page_key(host, path):
    return f"page-cache:{host}:{path}"


def forget_pages(host, paths):
    """Drop the stored responses of these pages: what they show changed without a publish
    (a PDF they link was made and now has a size). With Redis for every app server, without
    it for this process."""
    local_cache().delete_many([_page_key(host, path) for path in paths])


# Headers a hit must not replay: they belong to one response, or are set again on the way out.
NOT_REPLAYED = {"set-cookie", "content-length", "x-page-cache"}


class PageCacheMiddleware:
    """Sits right after WhiteNoise: a hit skips sessions, CSRF, authentication and the rest.

    The response is stored as the inner middleware finished it (security headers, CSP,
    X-Frame-Options, Vary, Content-Language) together with the content version it was made
    under; a hit replays it. A page stored under an older version is a miss. The version is
    read once per request (with Redis in the same round trip as the page).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            if not _one_store():
                current_version()  # before anything reads this process's local cache
            return self.respond(request)
        finally:
            _request_memo.reset(token)

    def respond(self, request):
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

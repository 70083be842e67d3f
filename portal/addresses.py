"""The portal's public address, for what must name it outside a request (CASE URIs, links in
mail): the address configured for the page's Wagtail site, or else WAGTAILADMIN_BASE_URL, which
production settings read from the environment (or derive from the allowed host names).
"""

from django.conf import settings

# Wagtail's first site, before anybody configured it, answers to localhost.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def public_origin(page=None):
    """``scheme://host[:port]`` without a trailing slash.

    The Wagtail site ``page`` belongs to, when its host name is configured (Instellingen ›
    Sites); otherwise WAGTAILADMIN_BASE_URL.
    """
    site = page.get_site() if page is not None else None
    if site is not None and site.hostname not in LOCAL_HOSTS:
        return site.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")

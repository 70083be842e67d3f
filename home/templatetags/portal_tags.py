from django import template
from django.core.exceptions import DisallowedHost

from home.models import PortalSettings
from portal.page_cache import get_current, set_current

register = template.Library()


def _host(request):
    """The request's host, or None for one not in ALLOWED_HOSTS: the Dutch 400 page that
    Django renders for such a request must not fail on its navigation."""
    try:
        return request.get_host()
    except DisallowedHost:
        return None


@register.simple_tag(takes_context=True)
def current_edition(context):
    """The edition coordinators read now (site setting). Every page's navigation asks for it,
    the private pages of the self-assessment too, which are never cached whole: so it is kept
    under the public content version, which a change of the settings or of any page bumps."""
    request = context.get("request")
    host = _host(request) if request is not None else None
    if host is None:
        return None
    if not hasattr(request, "_current_edition"):
        key = f"current-edition:{host}"
        version, found = get_current(key)
        if found is None:
            found = (PortalSettings.for_request(request).current_edition,)
            set_current(key, version, found)
        request._current_edition = found[0]
    return request._current_edition


@register.simple_tag(takes_context=True)
def current_edition_url(context):
    """The URL of the current edition, for the navigation of every page: kept as a string
    under the public content version like ``current_edition``, so a request does not unpickle
    a page for it."""
    request = context.get("request")
    host = _host(request) if request is not None else None
    if host is None:
        return ""
    if not hasattr(request, "_current_edition_url"):
        key = f"current-edition-url:{host}"
        version, found = get_current(key)
        if found is None:
            edition = current_edition(context)
            found = (edition.url if edition else "") or ""
            set_current(key, version, found)
        request._current_edition_url = found
    return request._current_edition_url

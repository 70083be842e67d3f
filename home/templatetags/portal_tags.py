from django import template

from home.models import PortalSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def current_edition(context):
    """The edition coordinators read now (site setting), cached per request by Wagtail."""
    request = context.get("request")
    if request is None:
        return None
    return PortalSettings.for_request(request).current_edition

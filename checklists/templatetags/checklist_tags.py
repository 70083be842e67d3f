"""Template tags of the self-assessment."""

from django import template

from ..links import qr_svg

register = template.Library()


@register.simple_tag
def qr_code(link):
    """The link as an inline SVG QR code, drawn on the server."""
    return qr_svg(link)

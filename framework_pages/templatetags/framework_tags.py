from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for keys held in a variable."""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None

from django import template

from ..items import competency_entries_from_values, competency_groups

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for keys held in a variable."""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None


@register.simple_tag(takes_context=True)
def competency_area_groups(context, value):
    """The competencies of a CompetentiesBlock value grouped by area, as the page shows them:
    published ones only, except in an editor's preview (where drafts are marked)."""
    request = context.get("request")
    preview = bool(getattr(request, "is_preview", False))
    return competency_groups(competency_entries_from_values([value], published_only=not preview))

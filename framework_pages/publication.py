"""What the public pages show around their content: outline, breadcrumbs, previous/next."""

from .items import KINDS, LEVELS, competency_entries, competency_groups, kerntaken_items, matrix


def edition_outline(edition):
    """[(section_or_hoofdtaak, [taakgebieden])] of live pages, in tree order, in two queries."""
    from .models import HoofdtaakPage, TaakgebiedPage

    children = list(edition.get_children().live().specific().order_by("path"))
    sections = list(TaakgebiedPage.objects.descendant_of(edition).live().order_by("path"))
    by_parent = {}
    for section in sections:
        by_parent.setdefault(section.path[: -section.steplen], []).append(section)
    return [
        (child, by_parent.get(child.path, []) if isinstance(child, HoofdtaakPage) else [])
        for child in children
    ]


def reading_order(edition):
    """Every live section page (grondhouding and taakgebieden) of an edition, in reading order."""
    from .models import TaakgebiedPage

    return list(TaakgebiedPage.objects.descendant_of(edition).live().order_by("path").specific())


def section_context(page):
    """Template context for a section page; a fixed number of queries whatever its size."""
    from .models import FrameworkPage, TaakgebiedPage

    ancestors = list(page.get_ancestors().specific().filter(depth__gt=2))
    edition = next((a for a in ancestors if isinstance(a, FrameworkPage)), None)
    neighbours = []
    if edition is not None:
        neighbours = list(
            TaakgebiedPage.objects.descendant_of(edition)
            .live()
            .order_by("path")
            .only("id", "title", "number", "url_path", "path")
        )
    paths = [n.path for n in neighbours]
    index = paths.index(page.path) if page.path in paths else -1
    previous = neighbours[index - 1] if index > 0 else None
    following = neighbours[index + 1] if 0 <= index < len(neighbours) - 1 else None
    return {
        "edition_page": edition,
        "breadcrumbs": ancestors,
        "previous_section": previous,
        "next_section": following,
        "levels": LEVELS,
        "kinds": KINDS,
    }


def checklist_preview_context(page):
    """What the self-assessment will ask for this page (editors' preview)."""
    entries = competency_entries(page)
    return {
        "kerntaken_items": kerntaken_items(page),
        "matrix": matrix(page),
        "competency_groups": competency_groups(entries),
        "levels": dict(LEVELS),
        "kinds": dict(KINDS),
    }

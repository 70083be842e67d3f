"""What the public pages show around their content: outline, breadcrumbs, previous/next.

Works on Wagtail's ``Page`` with the numbers annotated, so the page models can use it.
"""

from django.db.models import F
from django.db.models.functions import Coalesce
from wagtail.models import Page

from .visibility import visible_pages
from .vocabulary import KINDS, LEVELS


def numbered_pages(edition):
    """Every visible page below an edition in tree order, as plain pages with their
    ``number`` (hoofdtaak or section) and ``section_number`` (sections only): one query."""
    return list(
        visible_pages(Page.objects.descendant_of(edition))
        .order_by("path")
        .annotate(
            number=Coalesce("taakgebiedpage__number", "hoofdtaakpage__number"),
            section_number=F("taakgebiedpage__number"),
        )
    )


def edition_outline(edition):
    """[(section_or_hoofdtaak, [taakgebieden])] of visible pages, in tree order, in one query."""
    children, by_parent = [], {}
    for page in numbered_pages(edition):
        if page.depth == edition.depth + 1:
            children.append(page)
        else:
            by_parent.setdefault(page.path[: -page.steplen], []).append(page)
    # A hoofdtaak lists its task areas; the grondhouding, itself a section, lists nothing.
    return [
        (child, by_parent.get(child.path, []) if child.section_number is None else [])
        for child in children
    ]


def page_ancestors(page):
    """The page's ancestors as plain pages: those found while routing, else one query."""
    ancestors = getattr(page, "route_ancestors", None)
    return list(page.get_ancestors()) if ancestors is None else ancestors


def section_context(page, edition_class):
    """Template context for a section page; a fixed number of queries whatever its size.

    ``edition_class`` is the page class of an edition (``FrameworkPage``), passed in by the
    page models, which import this module.
    """
    ancestors = page_ancestors(page)
    edition = next((a for a in ancestors if issubclass(a.specific_class, edition_class)), None)
    # The breadcrumbs' hoofdtaak and the previous/next task areas, with their numbers.
    outline = numbered_pages(edition) if edition is not None else []
    by_pk = {p.pk: p for p in outline}
    neighbours = [p for p in outline if p.section_number is not None]
    paths = [n.path for n in neighbours]
    index = paths.index(page.path) if page.path in paths else -1
    previous = neighbours[index - 1] if index > 0 else None
    following = neighbours[index + 1] if 0 <= index < len(neighbours) - 1 else None
    return {
        "edition_page": edition,
        "breadcrumbs": [by_pk.get(a.pk, a) for a in ancestors if a.depth > 2],
        "previous_section": previous,
        "next_section": following,
        "levels": LEVELS,
        "kinds": KINDS,
    }

"""What a visitor may see of an edition: the one definition every public route applies.

A page is visible when it is live and has no view restriction (on itself or an ancestor); a
competency area when it is published (``live``); a competency when it is published and its
area is too. What is shown of them is their live version (the database row); drafts stay in
their revisions. A competency that was never published stays out of everything public even
when a live page chooses it: the public pages, the self-assessment, search, the API, CASE and
the "wat is er veranderd" page all ask here.

The functions take querysets and instances rather than importing the models, so the models
themselves can use them.
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

from portal.routing import is_restricted_path


def visible_pages(pages):
    """Only the pages a visitor may see, of a Wagtail page queryset.

    Wagtail's ``PageQuerySet.public()`` reads every view restriction first, one query more on
    every use; this asks the same in the page query itself: no restriction on a page whose
    path is a prefix of this page's path (the page or an ancestor).
    """
    restricted = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(page__path=F("prefix"))
    return pages.live().exclude(Exists(restricted))


def is_public_path(path):
    """Whether no view restriction covers the page at this tree path (for pages already known
    to be live, e.g. search results): from the list routing reads anyway, no query."""
    return not is_restricted_path(path)


def visible_areas(areas):
    """Only the published competency areas, of an area queryset."""
    return areas.filter(live=True)


def visible_competencies(competencies):
    """Only the published competencies in a published area, of a competency queryset."""
    return competencies.filter(live=True, area__live=True)


def is_visible_competency(competentie):
    """For a competency fetched with its area (``select_related("area")``)."""
    return bool(competentie is not None and competentie.live and competentie.area.live)

"""Where a competency is used: the visible task areas of its edition that choose it.

Read from Wagtail's reference index, the index the PDF never had.
"""

from django.db.models import IntegerField
from django.db.models.functions import Cast
from wagtail.models import ReferenceIndex

from .models import TaakgebiedPage
from .visibility import visible_pages


def sections_using(edition, competentie):
    """Visible section pages of the edition that show this competency, in reading order: one
    query (the reference index stores object ids as text)."""
    page_ids = (
        ReferenceIndex.get_references_to(competentie)
        .filter(base_content_type__model="page")
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )
    return list(
        visible_pages(TaakgebiedPage.objects.descendant_of(edition))
        .filter(id__in=page_ids)
        .order_by("path")
        .only("id", "title", "number", "url_path", "path")
    )

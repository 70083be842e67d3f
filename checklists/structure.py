"""Which sections a self-assessment walks through, derived from the published pages."""

from dataclasses import dataclass

from wagtail.models import Revision

from framework_pages.items import bulk_section_items, section_items
from framework_pages.models import FrameworkPage, HoofdtaakPage, TaakgebiedPage


@dataclass
class Step:
    number: int  # 1-based position in the assessment
    page: TaakgebiedPage
    items: list = None


def scope_sections(scope_page):
    """Live section pages (grondhouding and taakgebieden) of a scope, in reading order."""
    if scope_page is None:
        return []
    specific = scope_page.specific
    if isinstance(specific, TaakgebiedPage):
        return [specific] if specific.live else []
    return list(TaakgebiedPage.objects.descendant_of(scope_page).live().order_by("path"))


def steps_for(assessment, with_items=False):
    pages = scope_sections(assessment.scope_page)
    items = bulk_section_items(pages) if with_items else {}
    return [Step(number, page, items.get(page.pk)) for number, page in enumerate(pages, 1)]


def scope_title(scope):
    """How an assessment names its scope: the edition's title, or "2.3 Matchen"."""
    return scope.title if isinstance(scope, FrameworkPage) else f"{scope.number} {scope.title}"


def valid_scope(page_id, edition):
    """A scope page (edition, hoofdtaak or section) of this edition, or None."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return None
    page = edition.get_descendants(inclusive=True).live().filter(pk=page_id).first()
    page = page.specific if page else None
    return page if isinstance(page, FrameworkPage | HoofdtaakPage | TaakgebiedPage) else None


def items_at_revision(page, revision_id):
    """The section's items as of one of its own revisions (the form the person loaded)."""
    if str(revision_id) == str(page.live_revision_id):
        return section_items(page)
    try:
        revision = Revision.page_revisions.get(pk=int(revision_id), object_id=str(page.pk))
    except (Revision.DoesNotExist, ValueError, TypeError):
        return None
    return section_items(revision.as_object())

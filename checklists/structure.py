"""Which sections a self-assessment walks through, derived from the published pages."""

from collections import OrderedDict
from dataclasses import dataclass

from django.core import signing
from wagtail.models import Revision

from framework_pages.items import bulk_section_items, section_items
from framework_pages.models import FrameworkPage, HoofdtaakPage, TaakgebiedPage
from framework_pages.visibility import visible_pages
from portal.page_cache import current_version, get_current, set_current


@dataclass
class Step:
    number: int  # 1-based position in the assessment
    page: TaakgebiedPage
    items: list = None


def _sections_of(scope_page):
    """Visible section pages (grondhouding and taakgebieden) of a scope, in reading order."""
    pages = visible_pages(TaakgebiedPage.objects.all()).order_by("path")
    if scope_page.specific_class and issubclass(scope_page.specific_class, TaakgebiedPage):
        return pages.filter(pk=scope_page.pk)
    return pages.descendant_of(scope_page)


def scope_sections(scope_page):
    """Live section pages (grondhouding and taakgebieden) of a scope, in reading order."""
    return [] if scope_page is None else list(_sections_of(scope_page))


def scope_step(scope_page, number):
    """(number of steps, the page of step ``number`` or None): one page built, not all."""
    if scope_page is None:
        return 0, None
    # The body is read only when the step's items are not cached (live_section_items).
    sections = _sections_of(scope_page).defer("body")
    if issubclass(scope_page.specific_class or type(None), TaakgebiedPage):  # one step
        page = sections.first() if number == 1 else None
        return (1, page) if page else (0, None)
    total = sections.count()
    return total, (sections[number - 1] if 1 <= number <= total else None)


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
    page = visible_pages(edition.get_descendants(inclusive=True)).filter(pk=page_id).first()
    page = page.specific if page else None
    return page if isinstance(page, FrameworkPage | HoofdtaakPage | TaakgebiedPage) else None


REVISION_SALT = "checklists.step-revision"


def revision_key(assessment, page, revision_id):
    """Proof, sent with the step form, that the portal served this person the section at
    ``revision_id`` (always its live revision at that moment)."""
    return signing.Signer(salt=REVISION_SALT).signature(f"{assessment.pk}.{page.pk}.{revision_id}")


def accepted_revision(assessment, page, revision_id, key=""):
    """The revision a posted step may be read at, or None.

    Only the live revision, the one this assessment last saved the step against, or one the
    portal served this assessment (``revision_key``): never any other revision of the page,
    so a draft's text cannot be read or stored by guessing its (sequential) id. A form loaded
    before an editor published still saves, against what it showed.
    """
    try:
        revision_id = int(str(revision_id).strip())
    except (TypeError, ValueError):
        return None
    if revision_id in (page.live_revision_id, assessment.page_revisions.get(str(page.uid))):
        return revision_id
    expected = revision_key(assessment, page, revision_id)
    if isinstance(key, str) and signing.constant_time_compare(key, expected):
        return revision_id
    return None


def items_at_revision(page, revision_id):
    """The section's items as of one of its own revisions (the form the person loaded);
    ``revision_id`` must have passed ``accepted_revision``."""
    if revision_id is None:
        return None
    if str(revision_id) == str(page.live_revision_id):
        return live_section_items(page)
    try:
        revision = Revision.page_revisions.get(pk=int(revision_id), object_id=str(page.pk))
    except (Revision.DoesNotExist, ValueError, TypeError):
        return None
    return section_items(revision.as_object())


def live_section_items(page):
    """The published page's items, cached per live revision and public content version: a
    publish of the page or of a competency it shows makes a new key. Every save of a step
    needs them, and rebuilding them means reading the whole body."""

    def build():
        source = page if hasattr(page, "body") else TaakgebiedPage.objects.get(pk=page.pk)
        return section_items(source)

    return derived(_items_key(page), build)


@dataclass(frozen=True)
class Section:
    """A step's section page as plain values: what a step, a save and a result need of it."""

    pk: int
    uid: str
    number: str
    title: str
    live_revision_id: int


def scope_outline(scope_page):
    """[Section] of a scope in reading order, cached under the public content version (every
    publish, unpublish or move bumps it): a private page reads no page rows for its steps."""
    if scope_page is None:
        return []
    return _outline(scope_page.pk, lambda: scope_page)


def outline_of(assessment):
    """The ``scope_outline`` of an assessment's scope: its scope page is read only when the
    outline is not kept yet, so a private page reads just the assessment's own row."""
    if assessment.scope_page_id is None:
        return []
    return _outline(assessment.scope_page_id, lambda: assessment.scope_page)


def _outline(scope_pk, scope_page):
    def build():
        scope = scope_page()
        if scope is None:
            return []
        rows = _sections_of(scope).values("pk", "uid", "number", "title", "live_revision_id")
        return [
            Section(
                row["pk"], str(row["uid"]), row["number"], row["title"], row["live_revision_id"]
            )
            for row in rows
        ]

    return derived(f"scope-outline:{scope_pk}", build)


def outline_items(sections):
    """{section pk: [Item]} of live sections, as ``live_section_items`` keeps them; the ones
    not kept yet are read together (one query for their competencies)."""
    keys = {_items_key(section): section.pk for section in sections}

    def build(missing):
        pages = TaakgebiedPage.objects.filter(pk__in=[keys[key] for key in missing])
        by_pk = bulk_section_items(pages)
        return {key: by_pk.get(keys[key], []) for key in missing}

    return {keys[key]: items for key, items in derived_many(list(keys), build).items()}


MEMO_SIZE = 256
_memo = OrderedDict()  # {key: (version, value)}


def derived(key, build):
    """A value derived from published content (see ``derived_many``)."""
    return derived_many([key], lambda missing: {key: build()})[key]


def derived_many(keys, build):
    """{key: value} of values derived from published content, under the public content
    version (``portal.page_cache``: read once per request from the shared cache; every publish
    makes a new one that was never used before): this process's unpickled copy while the
    version is the one it was made under, else the cache's (``get_current``), else
    ``build(missing keys)``. The copy spares unpickling a step's rows or a scan's outline on
    every request; it is never served under another version than its own."""
    version = current_version()
    values, unsure = {}, []
    for key in keys:
        local = _memo.get(key)
        if local is not None and local[0] == version:
            _memo.move_to_end(key)
            values[key] = local[1]
        else:
            unsure.append(key)
    if unsure:
        missing = []
        for key in unsure:
            found_version, value = get_current(key)
            if value is not None and found_version == version:
                values[key] = value
                _memo[key] = (version, value)
            else:
                missing.append(key)
        if missing:
            built = build(missing)
            for key in missing:
                values[key] = built[key]
                _memo[key] = (version, built[key])
                set_current(key, version, built[key])
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return values


def _items_key(page):
    return f"section-items:{page.pk}:{page.live_revision_id}"

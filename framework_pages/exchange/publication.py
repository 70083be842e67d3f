"""The publication as a document: a published edition, or one of its task areas, as a PDF.

The PDF is another view of the same pages, never edited separately: the template
``exchange/publication.html`` walks the edition's visible pages (``visibility``) and renders
each section's body with the page's own block templates (``templates/blocks``), laid out for
A4 by ``portal.pdf`` with ``static/css/publication.css``: a cover, a colophon, a table of
contents with page numbers, the introduction, then every section with its kerntaken, the task
matrix as a 2×2 table with empty checkboxes, and the competencies grouped by area.

A PDF is made once per published content: it is stored in the shared cache (``portal.page_cache``,
Redis or the database, so every app server uses the same file) with the content version it
was made under, and every publish bumps that version, so the next download is made afresh.
"""

import time
from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal import pdf
from portal.page_cache import current_version, forget_pages, get_current, set_current, shared_cache

from ..extensions import PageDownload
from ..models import FrameworkPage, HoofdtaakPage, TaakgebiedPage
from ..navigation import edition_outline, numbered_pages, page_ancestors
from ..visibility import visible_pages
from ..vocabulary import KINDS, LEVELS

TEMPLATE = "exchange/publication.html"
# Every template the PDF is rendered from: a change to one makes new PDFs (pdf.layout_fingerprint).
LAYOUT_TEMPLATES = (
    TEMPLATE,
    "blocks/intro.html",
    "blocks/kerntaken.html",
    "blocks/task_matrix.html",
    "blocks/competenties.html",
)
# While one process makes a PDF (its lock lasts at most BUILD_LOCK_SECONDS), the others wait
# for it this long, then make it themselves: less than gunicorn's 30 s worker timeout.
BUILD_LOCK_SECONDS, BUILD_WAIT_SECONDS = 120, 20


@dataclass(frozen=True)
class Publication:
    """A made PDF: its bytes and file name."""

    content: bytes
    filename: str

    @property
    def size(self):
        return len(self.content)


def published_edition(edition):
    """The edition when a visitor may see it, else None: no PDF of a draft edition."""
    return visible_pages(FrameworkPage.objects.filter(pk=edition.pk)).first()


def _sections(edition, only=None):
    """[(hoofdtaak or None, [section pages])] of the visible pages, in the edition's order;
    ``only``: just that section (with its hoofdtaak)."""
    outline = edition_outline(edition)
    pks = [
        page.pk
        for part, sections in outline
        for page in ([part] if not sections else [part, *sections])
    ]
    specific = {
        page.pk: page
        for model in (HoofdtaakPage, TaakgebiedPage)
        for page in model.objects.filter(pk__in=pks).specific()
    }
    parts = []
    for part, sections in outline:
        if not sections:  # the grondhouding (or a hoofdtaak without visible task areas)
            page = specific.get(part.pk)
            if isinstance(page, TaakgebiedPage) and (only is None or page.pk == only.pk):
                parts.append((None, [page]))
            continue
        chosen = [specific[s.pk] for s in sections if only is None or s.pk == only.pk]
        if chosen:
            parts.append((specific[part.pk], chosen))
    return parts


def publication_date(edition):
    """When the edition's content was last published."""
    pages = visible_pages(TaakgebiedPage.objects.descendant_of(edition, inclusive=False))
    latest = pages.aggregate(latest=Max("last_published_at"))["latest"]
    return timezone.localtime(max(filter(None, [latest, edition.last_published_at])))


def publication_html(edition, section=None):
    """The HTML the PDF is laid out from: the whole edition, or one section of it."""
    edition_url = edition.get_full_url()
    return render_to_string(
        TEMPLATE,
        {
            "edition": edition,
            "edition_url": edition_url,
            "section": section,
            "parts": _sections(edition, only=section),
            "published_at": publication_date(edition),
            # The block templates' context, as on the section pages.
            "edition_page": edition,
            "levels": LEVELS,
            "kinds": KINDS,
        },
    )


def filename(edition, section=None):
    name = f"beroepsprofiel-{slugify(edition.edition_label)}"
    if section is not None:
        name += f"-{slugify(section.number)}-{slugify(section.title)}"
    return f"{name}.pdf"


def _key(edition, section, what="pdf"):
    layout = pdf.layout_fingerprint(LAYOUT_TEMPLATES)
    return f"publication-{what}:{layout}:{edition.pk}:{section.pk if section else 'all'}"


def build(edition, section=None):
    """Make the PDF now (uncached)."""
    html = publication_html(edition, section)
    return Publication(
        pdf.render(html, edition.get_site().root_url + "/"), filename(edition, section)
    )


def _current(stored):
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == current_version():
        return stored[1]
    return None


def cached(edition, section=None):
    """The Publication of the current content version if one is stored, else None."""
    return _current(shared_cache().get(_key(edition, section)))


def note_size(edition, section, made):
    """Remember the size of a made PDF for the pages' links (the cache of derived values:
    with Redis for every app server). True when it was not known yet."""
    key = _key(edition, section, "size")
    version, known = get_current(key)
    if known == made.size:
        return False
    set_current(key, version, made.size)
    return True


def publication(edition, section=None):
    """The PDF of the edition (or one of its sections) for the current published content:
    made once per content version for all app servers. Raises ``pdf.PdfUnavailable``."""
    found = cached(edition, section)
    if found is not None:
        return found
    if not pdf.available():
        raise pdf.PdfUnavailable
    version, shared, key = current_version(), shared_cache(), _key(edition, section)
    lock = f"{key}:making:{version}"
    if not shared.add(lock, True, timeout=BUILD_LOCK_SECONDS):
        # Another process is making this one: take its result when it is there.
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.25)
            found = cached(edition, section)
            if found is not None:
                return found
    try:
        made = build(edition, section)
        shared.set(key, (version, made), timeout=None)
    finally:
        shared.delete(lock)
    return made


# --------------------------------------------------------------------------------------------
# On the site: /publicatie/<edition slug>.pdf and /publicatie/<edition slug>/<number>.pdf,
# and the links to them


def unavailable_text():
    return _(
        "De PDF kan op deze server nu niet worden gemaakt. Druk de pagina af met het menu of "
        "Ctrl+P van je browser: de afdrukweergave bevat dezelfde inhoud."
    )


def _unavailable_page(request, message, page):
    return render(
        request, "exchange/pdf_unavailable.html", {"page": page, "message": message}, status=503
    )


def publication_response(request, edition, section=None, unavailable=None):
    """The PDF download of a published edition (or one section); where PDFs cannot be made,
    ``unavailable(request, message)`` answers (by default a page pointing to the print view)."""
    if published_edition(edition) is None:
        raise Http404(_("Van deze editie is (nog) geen PDF: alleen gepubliceerde edities."))
    try:
        made = publication(edition, section)
    except pdf.PdfUnavailable:
        if unavailable is not None:
            return unavailable(request, unavailable_text())
        return _unavailable_page(request, unavailable_text(), section or edition)
    if note_size(edition, section, made):
        # The pages linking it were stored without its size: show it from now on.
        pages = [edition, *(p for p in numbered_pages(edition) if p.section_number)]
        forget_pages(request.get_host(), [page.get_url(request) for page in pages])
    response = pdf.pdf_response(made.content, made.filename)
    response["Cache-Control"] = "public, max-age=300"
    return response


def _published(slug):
    edition = visible_pages(FrameworkPage.objects.filter(slug=slug)).first()
    if edition is None:
        raise Http404(_("Er is geen gepubliceerde editie ‘%(slug)s’.") % {"slug": slug})
    return edition


@require_safe
def edition_pdf(request, slug):
    """The whole publication of a published edition."""
    return publication_response(request, _published(slug))


@require_safe
def section_pdf(request, slug, number):
    """One section (the grondhouding or a task area) of a published edition, by its number."""
    edition = _published(slug)
    section = (
        visible_pages(TaakgebiedPage.objects.descendant_of(edition).filter(number=number))
        .specific()
        .first()
    )
    if section is None:
        raise Http404(_("Deze editie heeft geen onderdeel %(number)s.") % {"number": number})
    return publication_response(request, edition, section)


def edition_pdf_url(edition):
    return reverse("publication:edition", args=[edition.slug])


def section_pdf_url(edition, section):
    return reverse("publication:section", args=[edition.slug, section.number])


app_name = "publication"
urlpatterns = [
    path("<slug:slug>.pdf", edition_pdf, name="edition"),
    path("<slug:slug>/<str:number>.pdf", section_pdf, name="section"),
]


def page_downloads(page):
    """The PDF links of an edition page (the publication) and of a section page (the
    publication and the section), with their sizes once this process (with Redis: any app
    server) has served them. No query: the edition is one of the page's routed ancestors."""
    if isinstance(page, FrameworkPage):
        edition, section = page, None
    else:
        edition = next((a for a in page_ancestors(page) if a.specific_class is FrameworkPage), None)
        section = page if isinstance(page, TaakgebiedPage) else None
    if edition is None or not edition.live:
        return []
    wanted = [(None, _("Download de publicatie als PDF"), edition_pdf_url(edition))]
    if section is not None:
        wanted.append(
            (section, _("Download dit onderdeel als PDF"), section_pdf_url(edition, section))
        )
    if not pdf.available():
        return [PageDownload(label, unavailable=unavailable_text()) for _s, label, _url in wanted]
    return [
        PageDownload(label, url, get_current(_key(edition, s, "size"))[1])
        for s, label, url in wanted
    ]

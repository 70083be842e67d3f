"""Public views that are not pages themselves: a competency and search, within an edition."""

import re

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend

from .models import Competentie, TaakgebiedPage

SEARCH_MAX_LENGTH = 200
# A double quote or a control character breaks SQLite's full-text query (OperationalError,
# a 500); in a plain-text search they mean nothing, so they are left out of the terms.
UNSEARCHABLE = re.compile(r'["\x00-\x1f\x7f]')


def competentie_detail(request, edition, uid):
    try:
        competentie = Competentie.objects.select_related("area").get(
            edition=edition, uid=uid, live=True
        )
    except Competentie.DoesNotExist as exc:
        raise Http404(_("Deze competentie bestaat niet in deze editie.")) from exc
    return render(
        request,
        "framework_pages/competentie_detail.html",
        {
            "page": edition,
            "edition_page": edition,
            "edition_crumbs": [edition],
            "competentie": competentie,
            "sections": sections_using(edition, competentie),
        },
    )


def sections_using(edition, competentie):
    """Live section pages of the edition that show this competency (the PDF's missing index)."""
    from wagtail.models import ReferenceIndex

    page_ids = [
        ref.object_id
        for ref in ReferenceIndex.get_references_to(competentie).filter(
            base_content_type__model="page"
        )
    ]
    return list(
        TaakgebiedPage.objects.descendant_of(edition)
        .live()
        .filter(id__in=page_ids)
        .order_by("path")
        .only("id", "title", "number", "url_path", "path")
    )


def search(request, edition):
    query = request.GET.get("q", "").strip()
    error = ""
    sections = competenties = []
    if len(query) > SEARCH_MAX_LENGTH:
        error = _("Gebruik een zoekvraag van hoogstens %(max)s tekens.") % {
            "max": SEARCH_MAX_LENGTH
        }
    elif terms := UNSEARCHABLE.sub(" ", query).strip():
        sections = list(TaakgebiedPage.objects.descendant_of(edition).live().search(terms)[:50])
        competenties = list(
            get_search_backend().search(
                terms, Competentie.objects.filter(edition=edition, live=True)
            )[:200]
        )
    paginator = Paginator(competenties, 50)
    return render(
        request,
        "framework_pages/search.html",
        {
            "page": edition,
            "edition_page": edition,
            "query": query,
            "error": error,
            "sections": sections,
            "competenties": paginator.get_page(request.GET.get("pagina")),
        },
    )

"""Public views that are not pages themselves: a competency and search, within an edition.

Registered as the edition page's sub-URLs in wagtail_hooks.py (see extensions.py).
"""

import re

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend

from .models import Competentie, TaakgebiedPage
from .usage import sections_using
from .visibility import is_public_path, visible_competencies

SEARCH_MAX_LENGTH = 200
# A double quote or a control character breaks SQLite's full-text query (OperationalError,
# a 500); in a plain-text search they mean nothing, so they are left out of the terms.
UNSEARCHABLE = re.compile(r'["\x00-\x1f\x7f]')


def competentie_detail(request, edition, uid):
    try:
        competentie = visible_competencies(Competentie.objects.select_related("area")).get(
            edition=edition, uid=uid
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


def search(request, edition):
    query = request.GET.get("q", "").strip()
    error = ""
    sections = competenties = []
    if len(query) > SEARCH_MAX_LENGTH:
        error = _("Gebruik een zoekvraag van hoogstens %(max)s tekens.") % {
            "max": SEARCH_MAX_LENGTH
        }
    elif terms := UNSEARCHABLE.sub(" ", query).strip():
        # The search backend filters on indexed fields only (live); view restrictions after.
        found = TaakgebiedPage.objects.descendant_of(edition).live().search(terms)[:50]
        sections = [s for s in found if is_public_path(s.path)]
        competenties = list(
            get_search_backend().search(
                terms, visible_competencies(Competentie.objects.filter(edition=edition))
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

"""Public views that are not pages themselves: a competency and search, within an edition.

Registered as the edition page's sub-URLs in wagtail_hooks.py (see extensions.py).
"""

import re

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import searching
from .models import Competentie
from .usage import sections_using
from .visibility import visible_competencies

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


def _query(request):
    """(query, search terms or "", error): the query as typed, checked."""
    query = request.GET.get("q", "").strip()
    if len(query) > SEARCH_MAX_LENGTH:
        error = _("Gebruik een zoekvraag van hoogstens %(max)s tekens.") % {
            "max": SEARCH_MAX_LENGTH
        }
        return query, "", error
    return query, UNSEARCHABLE.sub(" ", query).strip(), ""


def search(request, edition):
    query, terms, error = _query(request)
    results = searching.search(edition, terms) if terms else searching.Results()
    paginator = Paginator(results.competencies, 50)
    return render(
        request,
        "framework_pages/search.html",
        {
            "page": edition,
            "edition_page": edition,
            "query": query,
            "error": error,
            "results": results,
            "max_words": searching.MAX_WORDS,
            "sections": results.sections,
            "hits": results.hits,
            "competenties": paginator.get_page(request.GET.get("pagina")),
            # Search stays in this edition; the others are a link away, with the same query.
            "other_editions": searching.edition_terms(edition).other_editions,
        },
    )


def search_suggestions(request, edition):
    """The first matching items and sections for what is being typed: a fragment the search
    form's script shows under the field (the form works without it)."""
    query, terms, error = _query(request)
    hits, sections = searching.suggestions(edition, terms) if terms and not error else ([], [])
    return render(
        request,
        "framework_pages/search_suggestions.html",
        {"query": query, "hits": hits, "sections": sections, "edition_page": edition},
    )

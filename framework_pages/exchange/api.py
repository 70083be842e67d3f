"""Read-only JSON of the published editions: the list, each edition document, its CASE package.

Only what a visitor may see (``document.published_document``): drafts never leave the portal
through here. See docs/api.md.
"""

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from home.models import PortalSettings
from portal.addresses import public_origin

from ..models import FrameworkPage
from ..visibility import visible_pages
from .case import build_package, change_times
from .document import edition_by_label, published_document
from .publication import edition_pdf_url, publication_response

app_name = "framework_api"

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


def _json(data, status=200):
    return JsonResponse(
        data, status=status, json_dumps_params=JSON_OPTIONS, content_type="application/json"
    )


def _not_found(label):
    return _json(
        {"error": _("Er is geen gepubliceerde editie met label ‘%(label)s’.") % {"label": label}},
        status=404,
    )


public = cache_control(public=True, max_age=300)


@require_safe
@public
def edition_list(request):
    current = PortalSettings.for_request(request).current_edition_id
    editions = visible_pages(FrameworkPage.objects.in_order())
    return _json(
        {
            "edities": [
                {
                    "label": edition.edition_label,
                    "title": edition.title,
                    "status": edition.status,
                    "uid": str(edition.uid),
                    "url": edition.get_full_url(request),
                    "pdf": request.build_absolute_uri(edition_pdf_url(edition)),
                    "current": edition.pk == current,
                }
                for edition in editions
            ]
        }
    )


@require_safe
@public
def edition_detail(request, label):
    edition = edition_by_label(label, published=True)
    if edition is None:
        return _not_found(label)
    return _json(published_document(edition))


@require_safe
@public
def edition_case(request, label):
    edition = edition_by_label(label, published=True)
    if edition is None:
        return _not_found(label)
    package = build_package(
        published_document(edition), change_times(edition, False), public_origin(edition)
    )
    return _json(package)


@require_safe
def edition_pdf(request, label):
    """The publication of a published edition as a PDF (the edition page's publicatie.pdf)."""
    edition = edition_by_label(label, published=True)
    if edition is None:
        return _not_found(label)
    return publication_response(request, edition, unavailable=_unavailable)


def _unavailable(request, message):
    return _json({"error": message}, status=503)


urlpatterns = [
    path("edities/", edition_list, name="edition-list"),
    path("edities/<str:label>/", edition_detail, name="edition-detail"),
    path("edities/<str:label>/case/", edition_case, name="edition-case"),
    path("edities/<str:label>/pdf/", edition_pdf, name="edition-pdf"),
]

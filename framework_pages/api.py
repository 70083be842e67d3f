"""Read-only JSON of the published editions: the list, each edition document, its CASE package.

Only live editions and their live content: drafts never leave the portal through here. See
docs/api.md.
"""

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .edition_document import export_edition, iter_sections
from .models import Competentie, FrameworkPage, HoofdtaakPage, TaakgebiedPage

app_name = "framework_api"

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


def _json(data, status=200):
    return JsonResponse(
        data, status=status, json_dumps_params=JSON_OPTIONS, content_type="application/json"
    )


def _live_edition(label):
    return FrameworkPage.objects.live().filter(edition_label=label).first()


def _not_found(label):
    return _json(
        {"error": _("Er is geen gepubliceerde editie met label ‘%(label)s’.") % {"label": label}},
        status=404,
    )


def live_document(edition):
    """The edition document of what visitors see: live pages, published competencies.

    ``export_edition`` without drafts still lists pages that were never published (their
    only content is a draft), so those are left out here.
    """
    document = export_edition(edition, use_latest_revision=False)
    live = {
        str(uid)
        for model in (HoofdtaakPage, TaakgebiedPage)
        for uid in model.objects.descendant_of(edition).live().values_list("uid", flat=True)
    }
    sections = []
    for section in document["sections"]:
        if section["uid"] not in live:
            continue
        if section["type"] == "hoofdtaak":
            section["taakgebieden"] = [t for t in section["taakgebieden"] if t["uid"] in live]
        sections.append(section)
    document["sections"] = sections
    unpublished = {
        str(uid)
        for uid in Competentie.objects.filter(edition=edition, live=False).values_list(
            "uid", flat=True
        )
    }
    if unpublished:
        used = {
            ref["competentie"]
            for section in iter_sections(document)
            for block in section["body"]
            if block["type"] == "competenties"
            for choice in block["items"]
            for ref in [choice, *choice.get("children", [])]
        }
        document["competenties"] = [
            c for c in document["competenties"] if c["uid"] in used or c["uid"] not in unpublished
        ]
    return without_editorial_notes(document)


def without_editorial_notes(value):
    """Editorial notes are for editors (the public pages never show them): leave them out."""
    if isinstance(value, dict):
        return {
            k: without_editorial_notes(v) for k, v in value.items() if k not in ("note", "notes")
        }
    if isinstance(value, list):
        return [without_editorial_notes(v) for v in value]
    return value


def _current_edition_id(request):
    from home.models import PortalSettings

    return PortalSettings.for_request(request).current_edition_id


public = cache_control(public=True, max_age=300)


@require_safe
@public
def edition_list(request):
    current = _current_edition_id(request)
    editions = FrameworkPage.objects.live().order_by("edition_label")
    return _json(
        {
            "edities": [
                {
                    "label": edition.edition_label,
                    "title": edition.title,
                    "status": edition.status,
                    "uid": str(edition.uid),
                    "url": edition.get_full_url(request),
                    "current": edition.pk == current,
                }
                for edition in editions
            ]
        }
    )


@require_safe
@public
def edition_detail(request, label):
    edition = _live_edition(label)
    if edition is None:
        return _not_found(label)
    return _json(live_document(edition))


@require_safe
@public
def edition_case(request, label):
    from .case import build_package, change_times

    edition = _live_edition(label)
    if edition is None:
        return _not_found(label)
    return _json(build_package(live_document(edition), change_times(edition, False)))


urlpatterns = [
    path("edities/", edition_list, name="edition-list"),
    path("edities/<str:label>/", edition_detail, name="edition-detail"),
    path("edities/<str:label>/case/", edition_case, name="edition-case"),
]

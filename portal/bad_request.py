"""The Dutch answer to a request refused before any view could read it (400).

Django refuses a post over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` or ``DATA_UPLOAD_MAX_NUMBER_FIELDS``
and a malformed request through ``handler400``; ``long_numbers`` refuses a number too long to
read. A person gets ``templates/400.html``: what happened, that nothing was saved, how to get
the changes back. A script (the self-assessment's autosave sends ``X-Requested-With: fetch``) gets
JSON ``{"saved": false, "errors": [message]}``, which it shows, instead of a page it cannot
read and would retry as if the connection had failed.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def refused(request, reason=""):
    """The 400 response for ``request``; ``reason`` says why, when it is known."""
    # Only the self-assessment's own script ("fetch"): Wagtail's admin scripts read Wagtail's
    # own 400 (its autosave then says "gepauzeerd"), not this JSON.
    if request.headers.get("x-requested-with") == "fetch":
        message = reason or _(
            "Wat je verstuurde was te groot of bevatte te veel velden; er is niets opgeslagen."
        )
        return JsonResponse({"saved": False, "errors": [message]}, status=400)
    return HttpResponseBadRequest(render_to_string("400.html", {"reason": reason}, request))


def bad_request(request, exception=None):
    """``handler400``."""
    return refused(request)

"""The Dutch answer to a request refused before any view could read it (400).

Django refuses a post over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` or ``DATA_UPLOAD_MAX_NUMBER_FIELDS``
and a malformed request through ``handler400``; ``long_numbers`` refuses a number too long to
read. A person gets ``templates/400.html``: what happened, that nothing was saved, how to get
the changes back. A script gets JSON it shows, instead of a page it cannot read and would take
for a server error: the self-assessment's autosave (``X-Requested-With: fetch``) gets
``{"saved": false, "errors": [message]}``, Wagtail's autosave (it accepts only JSON) gets
Wagtail's own error answer, so its footer says why autosave is paused.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def refused(request, reason=""):
    """The 400 response for ``request``; ``reason`` says why, when it is known."""
    message = reason or _(
        "Wat je verstuurde was te groot of bevatte te veel velden; er is niets opgeslagen."
    )
    if request.headers.get("x-requested-with") == "fetch":
        return JsonResponse({"saved": False, "errors": [message]}, status=400)
    if not request.accepts("text/html"):
        # The shape of wagtail.admin.views.generic.mixins.JsonPostResponseMixin; a code the
        # autosave knows, so it shows the message rather than "a server error occurred".
        answer = {"success": False, "error_code": "validation_error", "error_message": message}
        return JsonResponse(answer, status=400)
    return HttpResponseBadRequest(render_to_string("400.html", {"reason": reason}, request))


def bad_request(request, exception=None):
    """``handler400``."""
    return refused(request)

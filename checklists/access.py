"""How a private link opens a self-assessment, and what every page reached by it sends."""

from functools import wraps

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.prepared import prepared

from .models import SelfAssessment, token_hash_of


def private(response):
    """Pages reached by a private link: never cached, never leaked through the Referer.

    ``same-origin`` rather than ``no-referrer``: with no-referrer browsers send ``Origin: null``
    on form posts, which Django's CSRF check refuses; same-origin still never sends the
    link to another site.
    """
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def touch(assessment):
    """A visit is activity too (the retention purge counts from the last one): recorded at
    most once a day, so a page view rarely writes."""
    now = timezone.now()
    if assessment.updated_at < now - timezone.timedelta(days=1):
        type(assessment).objects.filter(pk=assessment.pk).update(updated_at=now)
        assessment.updated_at = now


def with_assessment(view=None, **annotations):
    """The view gets the assessment its URL's token opens, or the visitor a Dutch 404.

    ``annotations`` are read in the same query (``@with_assessment(name=expression)``): what
    a page needs to know besides the assessment's row costs no query of its own."""
    if view is None:
        return lambda view: with_assessment(view, **annotations)

    # Only the assessment's row (the scope's steps come from structure.outline_of), read
    # with SQL compiled once: every private page runs this query.
    find = prepared(
        lambda token_hash: (
            SelfAssessment.objects.filter(token_hash=token_hash)
            .annotate(**annotations)
            .order_by("pk")[:1]
        )
    )

    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        token_hash = token_hash_of(token)
        assessment = next(iter(find(token_hash)), None) if token_hash else None
        if assessment is None:
            raise Http404(_("Deze zelfscan bestaat niet (meer). Controleer de link."))
        request.assessment_token = token
        touch(assessment)
        return private(view(request, assessment, *args, **kwargs))

    return wrapper

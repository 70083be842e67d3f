"""Who may see what: how a private link opens a self-assessment or a role profile, what a
role profile's share code opens, whose answers a profile's owner may read, and what every page
reached by a private link sends."""

from functools import wraps

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.prepared import prepared

from .models import ProfileConnection, RoleProfile, SelfAssessment, token_hash_of


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


def connected():
    """An annotation for ``with_assessment``: whether the scan is connected to a role profile,
    so a page reads the connection only for a scan that has one."""
    return Exists(ProfileConnection.objects.filter(assessment=OuterRef("pk")))


def connection_of(assessment):
    """The scan's connection with its profile, or None: one query with its profile, and none
    for a scan the ``connected()`` annotation says has none."""
    if not getattr(assessment, "has_connection", True):
        return None
    return ProfileConnection.objects.select_related("profile").filter(assessment=assessment).first()


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


def with_profile(view):
    """The view gets the role profile its owner link opens. A scan's link, and a share code
    (looked up in another column), get a Dutch 404."""

    @with_assessment
    @wraps(view)
    def wrapper(request, assessment, *args, **kwargs):
        if not assessment.is_profile:
            raise Http404(_("Deze pagina hoort bij een functieprofiel, niet bij een zelfscan."))
        return view(request, assessment.role_profile, *args, **kwargs)

    return wrapper


def with_coordinator_scan(view):
    """Like ``with_assessment``, for what only a coordinator's own scan does (connecting it to
    a role profile, its gap): a manager's copy or a profile's link gets a Dutch 404."""

    @with_assessment
    @wraps(view)
    def wrapper(request, assessment, *args, **kwargs):
        if assessment.role != SelfAssessment.Role.COORDINATOR:
            raise Http404(_("Dit kan alleen bij de zelfscan van een coördinator."))
        return view(request, assessment, *args, **kwargs)

    return wrapper


UNKNOWN_CODE = gettext_lazy(
    "Met deze code is geen functieprofiel te vinden: de code is onvolledig, of de eigenaar heeft "
    "een nieuwe gemaakt. Vraag de eigenaar van het functieprofiel om de geldige code of link. "
    "Er is niets gewijzigd."
)


def shared_profile(share_token):
    """The role profile a share code opens (read-only: what the position asks), or None."""
    return RoleProfile.by_share_token(share_token).first()


def team_members(profile):
    """(connections whose answers the profile's owner may read, the number that declined).
    Only a coordinator's explicit, revocable consent lets a scan be read; nothing of the others
    is ever read, not even their chosen name."""
    connections = list(profile.connections.order_by("connected_at", "pk"))
    consenting = [c for c in connections if c.consent]
    return consenting, len(connections) - len(consenting)

"""Carrying a self-assessment forward to a newer edition, and what changed for the person."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.models import PortalSettings
from portal.ratelimit import rate_limit

from ..access import with_assessment
from ..carry_forward import CarryError, carry_forward


@require_POST
@rate_limit("assessment")  # carrying forward creates an assessment: same budget as starting one
@with_assessment
def carry(request, assessment):
    """Carry this assessment's answers to the current edition, as a new assessment."""
    edition = PortalSettings.for_request(request).current_edition
    if edition is None or edition.pk == assessment.edition_id:
        raise Http404(_("Er is geen nieuwere editie om je antwoorden naar mee te nemen."))
    try:
        result = carry_forward(assessment, edition)
    except CarryError as exc:
        messages.error(request, str(exc))
        return redirect("checklists:overview", token=request.assessment_token)
    # What changed for this person, shown once on the next page (the new link is its key).
    request.session[f"carried-{result.assessment.pk}"] = result.summary()
    messages.success(
        request,
        _(
            "Je antwoorden zijn meegenomen naar een nieuwe zelfscan op editie %(label)s. Bewaar de nieuwe link: je oude zelfscan blijft zoals hij was."
        )
        % {"label": edition.edition_label},
    )
    return redirect("checklists:carried", token=result.token)


@with_assessment
def carried(request, assessment):
    summary = request.session.get(f"carried-{assessment.pk}")
    if summary is None:
        return redirect("checklists:overview", token=request.assessment_token)
    return render(
        request,
        "checklists/carried.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "link": request.build_absolute_uri(
                reverse("checklists:overview", args=[request.assessment_token])
            ),
            "summary": summary,
        },
    )

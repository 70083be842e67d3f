"""A person's own data: download it, delete it, and (with an account) the list of one's scans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import private, with_assessment
from ..exports import export_response
from ..models import SelfAssessment


@with_assessment
def export(request, assessment, fmt):
    return export_response(assessment, fmt)


@with_assessment
def delete(request, assessment):
    """Deleting one's own scan, after saying what happens to whom: a manager's copy made for
    it stays the manager's (only the link ends); a manager deleting their copy leaves the
    coordinator's scan as it is."""
    managers = (
        assessment.manager_assessments.count()
        if assessment.role == SelfAssessment.Role.COORDINATOR
        else 0
    )
    if request.method == "POST":
        assessment.delete()
        messages.success(request, _("Je zelfscan en al je antwoorden zijn voorgoed verwijderd."))
        return redirect("/")
    return render(
        request,
        "checklists/delete.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "managers": managers,
            "answers": assessment.answers.count(),
        },
    )


@login_required
def mine(request):
    return private(
        render(
            request,
            "checklists/mine.html",
            {"assessments": request.user.self_assessments.order_by("-updated_at")},
        )
    )


@login_required
@require_POST
def reopen(request, pk):
    """Account holders get a fresh private link; only its hash is stored, so it is re-issued."""
    assessment = request.user.self_assessments.filter(pk=pk).first()
    if assessment is None:
        raise Http404(_("Deze zelfscan bestaat niet of is niet van jou."))
    token = assessment.set_token()
    assessment.save(update_fields=["token_hash"])
    messages.info(
        request, _("Dit is de nieuwe link van je zelfscan; eerdere links ervan werken niet meer.")
    )
    return redirect("checklists:overview", token=token)

"""Inviting a manager to fill in the same self-assessment about the coordinator."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.ratelimit import rate_limit

from ..access import private, with_assessment
from ..models import SelfAssessment, hash_token, new_token


@require_POST
@rate_limit("invite")
@with_assessment
def invite(request, assessment):
    if assessment.role != SelfAssessment.Role.COORDINATOR:
        raise Http404(_("Alleen de coördinator kan een leidinggevende uitnodigen."))
    invite_token = new_token()
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        invite_token_hash=hash_token(invite_token)
    )
    link = request.build_absolute_uri(reverse("checklists:accept_invite", args=[invite_token]))
    return render(
        request,
        "checklists/invite.html",
        {"assessment": assessment, "token": request.assessment_token, "link": link},
    )


@require_POST
@with_assessment
def revoke_invite(request, assessment):
    SelfAssessment.objects.filter(pk=assessment.pk).update(invite_token_hash=None)
    messages.success(request, _("De uitnodigingslink werkt niet meer."))
    return redirect("checklists:overview", token=request.assessment_token)


@rate_limit("invite")
def accept_invite(request, invite_token):
    coordinator = (
        SelfAssessment.objects.filter(invite_token_hash=hash_token(invite_token or ""))
        .select_related("scope_page", "edition")
        .first()
    )
    if coordinator is None or len(invite_token) > 100:
        raise Http404(
            _("Deze uitnodiging bestaat niet (meer). Vraag de coördinator om een nieuwe link.")
        )
    if request.method == "POST":
        _manager, token = SelfAssessment.begin(
            coordinator.scope_page,
            coordinator.edition,
            role=SelfAssessment.Role.MANAGER,
            owner=request.user,
            coordinator=coordinator,
        )
        messages.success(
            request,
            _(
                "Je invulling als leidinggevende is aangemaakt. Bewaar de link van deze pagina: die is de sleutel."
            ),
        )
        return redirect("checklists:overview", token=token)
    return private(render(request, "checklists/accept_invite.html", {"coordinator": coordinator}))

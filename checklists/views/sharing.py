"""Inviting a manager to fill in the same self-assessment about the coordinator, and keeping
a private link (file, e-mail).

The manager's access has an explicit lifecycle: an invitation link works once (accepting
it uses it up); the coordinator can end it at any time, before or after it was accepted,
and then the manager no longer sees the coordinator's answers; the manager's own copy stays
theirs, also when the coordinator deletes their scan.
"""

from smtplib import SMTPException

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.exports import file_response
from portal.ratelimit import rate_limit

from ..access import private, shared_profile, with_assessment
from ..links import INVITE, SCAN, SHARE, link_text, send_link
from ..models import SelfAssessment, hash_token, new_token


def invite_link(request, invite_token):
    return request.build_absolute_uri(reverse("checklists:accept_invite", args=[invite_token]))


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
    return render(
        request,
        "checklists/invite.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "link": invite_link(request, invite_token),
            "invite_token": invite_token,
        },
    )


@require_POST
@with_assessment
def revoke_invite(request, assessment):
    """End the manager's access for real: the open invitation, and every accepted one."""
    SelfAssessment.objects.filter(pk=assessment.pk).update(invite_token_hash=None)
    ended = assessment.manager_assessments.update(coordinator_assessment=None)
    if ended:
        messages.success(
            request,
            _(
                "De koppeling met je leidinggevende is verbroken: hij of zij ziet jouw antwoorden niet meer. Zijn of haar eigen invulling blijft van hem of haar."
            ),
        )
    else:
        messages.success(request, _("De uitnodigingslink werkt niet meer."))
    return redirect("checklists:overview", token=request.assessment_token)


def unused_invitation(invite_token):
    if not invite_token or len(invite_token) > 100:
        return None
    return (
        SelfAssessment.objects.filter(invite_token_hash=hash_token(invite_token))
        .select_related("scope_page", "edition")
        .first()
    )


@rate_limit("invite")
def accept_invite(request, invite_token):
    coordinator = unused_invitation(invite_token)
    if coordinator is None:
        raise Http404(
            _(
                "Deze uitnodiging bestaat niet (meer): ze is al gebruikt of ingetrokken. Vraag de coördinator om een nieuwe link."
            )
        )
    if request.method == "POST":
        # Single use: only the request that clears the hash gets the copy.
        used = SelfAssessment.objects.filter(
            pk=coordinator.pk, invite_token_hash=hash_token(invite_token)
        ).update(invite_token_hash=None)
        if not used:
            raise Http404(
                _("Deze uitnodiging is al gebruikt. Vraag de coördinator om een nieuwe link.")
            )
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


class KeepLinkForm(forms.Form):
    which = forms.ChoiceField(choices=[(SCAN, SCAN), (INVITE, INVITE), (SHARE, SHARE)])
    invite = forms.CharField(required=False, max_length=100)
    address = forms.EmailField(
        label=gettext_lazy("Je e-mailadres"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")
        },
    )


def kept_link(request, assessment, form):
    """(kind, link) the form asks for: this scan's own, or its unused invitation's."""
    if form.cleaned_data["which"] == INVITE:
        invite_token = form.cleaned_data["invite"]
        if not invite_token or hash_token(invite_token) != assessment.invite_token_hash:
            return None
        return INVITE, invite_link(request, invite_token)
    if form.cleaned_data["which"] == SHARE:  # a role profile's current share link
        share_token = form.cleaned_data["invite"]
        profile = shared_profile(share_token)
        if profile is None or profile.answers_id != assessment.pk:
            return None
        return SHARE, request.build_absolute_uri(
            reverse("checklists:profile_shared", args=[share_token])
        )
    return SCAN, request.build_absolute_uri(
        reverse("checklists:overview", args=[request.assessment_token])
    )


@with_assessment
def link_file(request, assessment):
    """The link as a small text file to keep."""
    form = KeepLinkForm(request.POST or request.GET)
    found = kept_link(request, assessment, form) if form.is_valid() else None
    if found is None:
        raise Http404(_("Deze link is niet (meer) geldig."))
    kind, link = found
    name = {INVITE: "uitnodiging-zelfscan.txt", SHARE: "functieprofiel-deellink.txt"}.get(
        kind, "mijn-zelfscan-link.txt"
    )
    response = file_response(link_text(link, kind, assessment.scope_title).encode(), name, "csv")
    response["Content-Type"] = "text/plain; charset=utf-8"
    return response


@require_POST
@rate_limit("email")
@with_assessment
def email_link(request, assessment):
    """Send the link once to the address typed in; the address is stored nowhere."""
    form = KeepLinkForm(request.POST)
    found = kept_link(request, assessment, form) if form.is_valid() else None
    back = request.POST.get("back") or reverse(
        "checklists:overview", args=[request.assessment_token]
    )
    if not back.startswith(f"/zelfscan/{request.assessment_token}/"):
        back = reverse("checklists:overview", args=[request.assessment_token])
    if found is None or not form.cleaned_data["address"]:
        error = (
            form.errors.get("address", [None])[0]
            if form.errors.get("address")
            else _("Vul je e-mailadres in.")
            if found is not None
            else _("Deze link is niet (meer) geldig.")
        )
        return render(
            request,
            "checklists/email_error.html",
            {
                "assessment": assessment,
                "token": request.assessment_token,
                "error": error,
                "back": back,
            },
            status=400,
        )
    kind, link = found
    try:
        send_link(form.cleaned_data["address"], link, kind, assessment.scope_title)
    except (SMTPException, OSError):
        messages.error(
            request, _("De e-mail kon nu niet worden verstuurd. Probeer het later nog eens.")
        )
        return redirect(back)
    messages.success(
        request,
        _("De link is verstuurd naar het adres dat je opgaf. Dat adres bewaren we niet."),
    )
    return redirect(back)

"""Role profiles (functieprofielen): making one, sharing it, connecting scans to it, the team
view and the job description.

Two keys, kept apart: the owner's link (``/zelfscan/<token>/``, like a scan's) edits the
profile and shows the team view; the share code (``/zelfscan/functieprofiel/<code>/``) only
shows what the position asks and connects a scan to it. A share code is looked up in its own
column, so it never opens an owner view; the owner can replace it, after which the old one
gives a Dutch message and changes nothing.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.models import PortalSettings
from portal.ratelimit import rate_limit

from ..access import (
    UNKNOWN_CODE,
    connection_of,
    private,
    shared_profile,
    with_coordinator_scan,
    with_profile,
)
from ..documents import DOCX, job_description_docx
from ..forms import ConnectForm, ConsentForm, ProfileForm
from ..models import ProfileConnection, SelfAssessment
from ..pdfs import personal_pdf
from ..profiles import begin_profile, connect, coverage, job_description
from ..saving import answer_row
from ..scopes import scope_choices
from ..structure import outline_items, outline_of, valid_scope


def share_link(request, share_token):
    return request.build_absolute_uri(reverse("checklists:profile_shared", args=[share_token]))


@rate_limit("profile")
def new(request):
    edition = PortalSettings.for_request(request).current_edition
    if edition is None:
        raise Http404(_("Er is nog geen editie van het beroepsprofiel gepubliceerd."))
    form = ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope = valid_scope(form.cleaned_data["scope"], edition)
        if scope is None:
            form.add_error("scope", _("Dit onderdeel bestaat niet in de huidige editie."))
        else:
            _profile, token = begin_profile(
                scope,
                edition,
                form.cleaned_data["title"].strip(),
                form.cleaned_data["organisation"].strip(),
                owner=request.user,
            )
            messages.success(
                request,
                _(
                    "Het functieprofiel is aangemaakt. Bewaar de link van deze pagina: die is de sleutel om het te bewerken."
                ),
            )
            return redirect("checklists:overview", token=token)
    return private(
        render(
            request,
            "checklists/profile/new.html",
            {"form": form, "edition": edition, "choices": scope_choices(edition)},
            status=400 if request.method == "POST" else 200,
        )
    )


def overview(request, assessment, progress):
    """The owner's overview of a profile (``filling.overview`` for role ``profile``)."""
    profile = assessment.role_profile
    return render(
        request,
        "checklists/profile/overview.html",
        {
            "assessment": assessment,
            "profile": profile,
            "token": request.assessment_token,
            "link": request.build_absolute_uri(request.path),
            "progress": progress,
            "connected": profile.connections.count(),
        },
    )


@require_POST
@rate_limit("profile")
@with_profile
def share(request, profile):
    """A new share link (only its hash is stored, so it is shown now); the old one ends."""
    assessment = profile.answers
    share_token = profile.set_share_token()
    profile.save(update_fields=["share_token_hash"])
    return render(
        request,
        "checklists/profile/share.html",
        {
            "assessment": assessment,
            "profile": profile,
            "token": request.assessment_token,
            "link": share_link(request, share_token),
            "share_token": share_token,
        },
    )


@require_POST
@with_profile
def revoke_share(request, profile):
    """The share link stops working; scans already connected stay connected."""
    profile.set_share_token()  # a new hash nobody holds
    profile.save(update_fields=["share_token_hash"])
    messages.success(
        request,
        _("De deellink werkt niet meer. Zelfscans die al gekoppeld zijn, blijven gekoppeld."),
    )
    return redirect("checklists:overview", token=request.assessment_token)


def shared(request, share_token):
    """What a share code shows: the position, read-only, and starting a scan connected to it."""
    profile = shared_profile(share_token)
    if profile is None:
        return private(
            render(
                request,
                "checklists/profile/unknown_code.html",
                {"message": UNKNOWN_CODE},
                status=404,
            )
        )
    form = ConsentForm(request.POST or None)
    if request.method == "POST":
        return start_connected(request, profile, form)
    return private(render(request, "checklists/profile/shared.html", shared_context(profile, form)))


def shared_context(profile, form):
    return {
        "profile": profile,
        "form": form,
        "description": job_description(profile),
    }


@rate_limit("assessment")  # it creates a scan: the budget of starting one
def start_connected(request, profile, form):
    if not form.is_valid():
        return private(
            render(
                request, "checklists/profile/shared.html", shared_context(profile, form), status=400
            )
        )
    answers = profile.answers
    assessment, token = SelfAssessment.begin(
        answers.scope_page, answers.edition, owner=request.user
    )
    connect(assessment, profile, form.cleaned_data["consent"], form.cleaned_data["name"].strip())
    messages.success(
        request,
        _(
            "Je zelfscan is aangemaakt en gekoppeld aan het functieprofiel ‘%(title)s’. Bewaar de link van deze pagina: die link is de sleutel om later verder te gaan."
        )
        % {"title": profile.title},
    )
    return redirect("checklists:overview", token=token)


@with_coordinator_scan
def connection(request, assessment):
    """A coordinator's scan and its role profile: connect by code, change consent, or see it."""
    current = connection_of(assessment)
    form_class = ConsentForm if current else ConnectForm
    initial = {"consent": current.consent, "name": current.name} if current else None
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            profile = current.profile if current else shared_profile(form.share_token())
            if profile is None:
                form.add_error("code", UNKNOWN_CODE)
            else:
                consent, name = form.cleaned_data["consent"], form.cleaned_data["name"].strip()
                connect(assessment, profile, consent, name)
                messages.success(
                    request,
                    (
                        _("Je zelfscan telt mee in het teamoverzicht als ‘%(name)s’.")
                        % {"name": name}
                        if consent
                        else _("Je zelfscan telt niet mee in het teamoverzicht.")
                    )
                    if current
                    else _("Je zelfscan is gekoppeld aan het functieprofiel ‘%(title)s’.")
                    % {"title": profile.title},
                )
                return redirect("checklists:result", token=request.assessment_token)
    return render(
        request,
        "checklists/profile/connection.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "current": current,
            "form": form,
        },
        status=status,
    )


@require_POST
@with_coordinator_scan
def disconnect(request, assessment):
    deleted, _rows = ProfileConnection.objects.filter(assessment=assessment).delete()
    if deleted:
        messages.success(
            request,
            _(
                "Je zelfscan is losgekoppeld van het functieprofiel: hij telt nergens meer mee en het verschil wordt niet meer getoond."
            ),
        )
    return redirect("checklists:overview", token=request.assessment_token)


@require_POST
@with_coordinator_scan
def to_plan(request, assessment):
    """One item of the gap on the development plan: its answer gets the ontwikkelpunt."""
    uid = request.POST.get("item", "")
    sections = outline_of(assessment)
    items = outline_items(sections)
    for section in sections:
        for item in items.get(section.pk, []):
            if item.uid == uid:
                return mark_development(request, assessment, section, item)
    messages.error(
        request, _("Dit onderdeel staat niet (meer) in je zelfscan. Er is niets gewijzigd.")
    )
    return redirect("checklists:result", token=request.assessment_token)


def mark_development(request, assessment, section, item):
    stored = assessment.answers.filter(item_uid=item.uid).first()
    if stored is None:
        row = answer_row(assessment, section, item, False, True)
        row.save()
    elif not stored.development:
        stored.development = True
        stored.save(update_fields=["development", "updated_at"])
    messages.success(request, _("Op je ontwikkelplan gezet: %(text)s") % {"text": item.text})
    return redirect(reverse("checklists:result", args=[request.assessment_token]) + "#verschil")


@with_profile
def team(request, profile):
    assessment = profile.answers
    return render(
        request,
        "checklists/profile/team.html",
        {
            "assessment": assessment,
            "profile": profile,
            "token": request.assessment_token,
            "coverage": coverage(profile),
        },
    )


def description_context(request, profile):
    return {
        "assessment": profile.answers,
        "token": request.assessment_token,
        "description": job_description(profile),
        "today": timezone.localdate(),
    }


@with_profile
def description(request, profile):
    """The job description as a plain document that prints without JavaScript."""
    return render(
        request, "checklists/print/description.html", description_context(request, profile)
    )


@with_profile
def description_pdf(request, profile):
    """The same document as a PDF, laid out by the publication's engine (``portal.pdf``)."""
    return personal_pdf(
        request,
        "checklists/print/description.html",
        description_context(request, profile),
        "functieomschrijving.pdf",
    )


@with_profile
def description_docx(request, profile):
    response = HttpResponse(job_description_docx(job_description(profile)), content_type=DOCX)
    response["Content-Disposition"] = 'attachment; filename="functieomschrijving.docx"'
    return response

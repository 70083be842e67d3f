"""Filling in a self-assessment: start, the overview, each step (with its autosave), finish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from framework_pages.items import section_items
from home.models import PortalSettings
from portal.ratelimit import rate_limit

from ..access import connected, connection_of, private, with_assessment
from ..forms import StartForm, decode_state, encode_state, labels_for, posted_answers
from ..models import SelfAssessment
from ..saving import save_step
from ..scopes import scope_choices
from ..steps import (
    NOT_ANSWERED,
    is_task,
    make_step_view,
    progress,
    shown_state,
    step_answers,
    step_groups,
    step_view,
)
from ..structure import (
    accepted_revision,
    items_at_revision,
    outline_of,
    revision_key,
    valid_scope,
)
from . import profiles

STEP_TEMPLATE = "checklists/step.html"
NOT_SAVED = gettext_lazy(
    "Dit formulier hoort niet bij deze stap van de zelfscan. Er is niets opgeslagen."
)


@rate_limit("assessment")
def start(request):
    edition = PortalSettings.for_request(request).current_edition
    if edition is None:
        raise Http404(_("Er is nog geen editie van het beroepsprofiel gepubliceerd."))
    # No scope is chosen for the visitor, except the one whose page they came from.
    form = StartForm(request.POST or None, initial={"scope": request.GET.get("onderdeel")})
    scope = None
    if request.method == "POST" and form.is_valid():
        scope = valid_scope(form.cleaned_data["scope"], edition)
        if scope is None:
            form.add_error("scope", _("Dit onderdeel bestaat niet in de huidige editie."))
    if scope is not None:
        _assessment, token = SelfAssessment.begin(scope, edition, owner=request.user)
        messages.success(
            request,
            _(
                "Je zelfscan is aangemaakt. Bewaar de link van deze pagina: die link is de sleutel om later verder te gaan."
            ),
        )
        return redirect("checklists:overview", token=token)
    return private(
        render(
            request,
            "checklists/start.html",
            {"form": form, "edition": edition, "choices": scope_choices(edition)},
            status=400 if request.method == "POST" else 200,
        )
    )


def link_of(request, token):
    return request.build_absolute_uri(reverse("checklists:overview", args=[token]))


@with_assessment(has_connection=connected())
def overview(request, assessment):
    sections = outline_of(assessment)
    if assessment.is_profile:
        return profiles.overview(request, assessment, progress(assessment, sections))
    return render(
        request,
        "checklists/overview.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "link": link_of(request, request.assessment_token),
            "progress": progress(assessment, sections),
            "managers": assessment.manager_assessments.all()
            if assessment.role == SelfAssessment.Role.COORDINATOR
            else [],
            "connection": connection_of(assessment),
        },
    )


def the_step(assessment, number):
    """(sections of the scan, the section of step ``number``), or a Dutch 404."""
    sections = outline_of(assessment)
    if not 1 <= number <= len(sections):
        raise Http404(_("Deze stap bestaat niet in deze zelfscan."))
    return sections, sections[number - 1]


@with_assessment
def step(request, assessment, number):
    sections, section = the_step(assessment, number)
    if request.method == "POST":
        if "not_done" in request.POST or "undo_not_done" in request.POST:
            return not_done(request, assessment, sections, section, number)
        return post_step(request, assessment, sections, section, number)
    return render_step(request, assessment, sections, section, number)


def render_step(request, assessment, sections, section, number, errors=(), status=200):
    view = step_view(section, assessment.role)
    answers = step_answers(assessment)
    groups = step_groups(section, view, answers)
    shown = shown_state(view.items, answers)
    done = progress(assessment, sections, answers)
    return render(
        request,
        STEP_TEMPLATE,
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "page": section,
            "number": number,
            "total": len(sections),
            "groups": groups,
            "labels": labels_for(assessment.role),
            "revision": section.live_revision_id,
            "revision_key": revision_key(assessment, section, section.live_revision_id),
            "loaded": encode_state(view.items, shown),
            "errors": errors,
            "progress": done,
            "here": done.steps[number - 1],
            "not_done": str(section.uid) in assessment.not_done,
        },
        status=status,
    )


def read_post(request, assessment, section):
    """(revision id, items, posted answers, what the form showed), or a ValidationError."""
    revision = accepted_revision(
        assessment, section, request.POST.get("revision"), request.POST.get("revision_key", "")
    )
    items = items_at_revision(section, revision)
    if items is None:
        raise ValidationError(NOT_SAVED)
    answers = posted_answers(items, request.POST)
    loaded = request.POST.get("loaded")
    shown = decode_state(items, loaded) if loaded is not None else None
    if loaded is not None and shown is None:
        raise ValidationError(NOT_SAVED)
    return revision, items, answers, shown


def post_step(request, assessment, sections, section, number):
    """The step's own buttons (without JavaScript, or to move on): save, then go."""
    fetch = request.headers.get("X-Requested-With") == "fetch"
    try:
        revision, items, answers, shown = read_post(request, assessment, section)
    except ValidationError as exc:
        if fetch:
            return JsonResponse({"saved": False, "errors": exc.messages}, status=400)
        return render_step(request, assessment, sections, section, number, exc.messages, 400)
    saved = save_step(assessment, section, items, answers, revision, shown)
    if fetch:
        done = progress(assessment, sections, saved.scan)
        return JsonResponse(
            {
                "saved": True,
                "saved_at": timezone.localtime().strftime("%H:%M:%S"),
                "loaded": encode_state(items, saved.state),
                "steps_done": done.done,
                "steps_total": done.total,
            }
        )
    token = request.assessment_token
    if "previous" in request.POST and number > 1:
        return redirect("checklists:step", token=token, number=number - 1)
    if "next" in request.POST:
        if number < len(sections):
            return redirect("checklists:step", token=token, number=number + 1)
        return redirect("checklists:overview", token=token)
    messages.success(request, _("Opgeslagen."))
    return redirect("checklists:step", token=token, number=number)


def not_done(request, assessment, sections, section, number):
    """ "Dit taakgebied doe ik niet": every task of the step not applicable, in one action; the
    ticks it had are kept on the assessment, so that "ongedaan maken" restores them."""
    revision = accepted_revision(
        assessment, section, request.POST.get("revision"), request.POST.get("revision_key", "")
    )
    items = items_at_revision(section, revision)
    if items is None:
        return render_step(request, assessment, sections, section, number, [NOT_SAVED], 400)
    current = shown_state(items, step_answers(assessment, items))
    tasks = [item for item in items if is_task(item)]
    marks = dict(assessment.not_done)
    if "undo_not_done" in request.POST:
        before = decode_state(tasks, marks.pop(str(section.uid), ""))
        if before is None:  # nothing to undo (done in another tab): leave the ticks
            return redirect("checklists:step", token=request.assessment_token, number=number)
        answers = {**current, **before}
        message = _("Ongedaan gemaakt: de taken van dit onderdeel staan weer zoals ze stonden.")
    else:
        marks.setdefault(str(section.uid), encode_state(tasks, current))
        answers = {**current, **{item.uid: NOT_ANSWERED for item in tasks}}
        message = _(
            "Alle taken van dit onderdeel staan nu op ‘niet van toepassing’. Je kunt dat ongedaan maken."
        )
    save_step(assessment, section, items, answers, revision, overwrite={item.uid for item in tasks})
    SelfAssessment.objects.filter(pk=assessment.pk).update(not_done=marks)
    messages.success(request, message)
    return redirect("checklists:step", token=request.assessment_token, number=number)


def preview_context(request, page):
    """The editors' "Zelfscan" preview of a section page: the real step form, built from the
    previewed (unsaved) content, drafts of competencies included; it saves nothing."""
    view = make_step_view(
        section_items(page, published_only=False), SelfAssessment.Role.COORDINATOR
    )
    return {
        "preview": True,
        "page": page,
        "number": 1,
        "total": 1,
        "groups": step_groups(page, view, {}),
        "labels": labels_for(SelfAssessment.Role.COORDINATOR),
    }


@require_POST
@with_assessment
def finish(request, assessment):
    """Finishing a scan with steps left open asks first, and says what is missing."""
    done = progress(assessment, outline_of(assessment))
    if not done.complete and "confirm" not in request.POST and not assessment.is_finished:
        return render(
            request,
            "checklists/finish.html",
            {"assessment": assessment, "token": request.assessment_token, "progress": done},
        )
    if not assessment.is_finished:
        SelfAssessment.objects.filter(pk=assessment.pk).update(
            finished_at=timezone.now(), updated_at=timezone.now()
        )
    if assessment.is_profile:
        messages.success(request, _("Het functieprofiel is vastgesteld."))
        return redirect("checklists:overview", token=request.assessment_token)
    messages.success(request, _("Je zelfscan is afgerond. Hieronder zie je je resultaat."))
    return redirect("checklists:result", token=request.assessment_token)

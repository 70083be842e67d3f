"""Filling in a self-assessment: start, the overview, each step (with its autosave), finish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from framework_pages.items import section_items
from framework_pages.navigation import edition_outline
from framework_pages.vocabulary import KERNTAAK, TASK, quadrant_label
from home.models import PortalSettings
from portal.ratelimit import rate_limit

from ..access import private, with_assessment
from ..forms import ChecklistForm, StartForm, posted_answers
from ..models import SelfAssessment
from ..saving import save_step
from ..structure import (
    items_at_revision,
    scope_of,
    scope_step,
    scope_step_place,
    steps_for,
    valid_scope,
)

STEP_TEMPLATE = "checklists/step.html"


@rate_limit("assessment")
def start(request):
    edition = PortalSettings.for_request(request).current_edition
    if edition is None:
        raise Http404(_("Er is nog geen editie van het beroepsprofiel gepubliceerd."))
    form = StartForm(
        request.POST or None, initial={"scope": request.GET.get("onderdeel") or edition.pk}
    )
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
            {"form": form, "edition": edition, "outline": edition_outline(edition)},
        )
    )


@with_assessment
def overview(request, assessment):
    steps = steps_for(assessment)
    done = sum(1 for s in steps if str(s.page.uid) in assessment.page_revisions)
    next_step = next((s for s in steps if str(s.page.uid) not in assessment.page_revisions), None)
    return render(
        request,
        "checklists/overview.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "link": request.build_absolute_uri(
                reverse("checklists:overview", args=[request.assessment_token])
            ),
            "steps": steps,
            "done": done,
            "next_step": next_step,
        },
    )


@with_assessment
def step(request, assessment, number):
    if request.method == "POST" and request.headers.get("X-Requested-With") == "fetch":
        return autosave(request, assessment, number)
    total, page = scope_step(scope_of(assessment), number)
    if page is None:
        raise Http404(_("Deze stap bestaat niet in deze zelfscan."))
    if request.method == "POST":
        items = items_at_revision(page, request.POST.get("revision"))
        if items is None:
            form = ChecklistForm([], request.POST)
            form.add_error(
                None,
                _(
                    "Dit formulier hoort niet bij deze stap van de zelfscan. Er is niets opgeslagen."
                ),
            )
        else:
            form = ChecklistForm(items, request.POST)
        if items is not None and form.is_valid():
            save_step(assessment, page, items, form.answers(), form.cleaned_data["revision"])
            if "next" in request.POST and number < total:
                return redirect(
                    "checklists:step", token=request.assessment_token, number=number + 1
                )
            if "next" in request.POST:
                return redirect("checklists:overview", token=request.assessment_token)
            messages.success(request, _("Opgeslagen."))
            return redirect("checklists:step", token=request.assessment_token, number=number)
        answers = answers_for(assessment, items or [])
        status = 400
    else:
        items = items_at_revision(page, page.live_revision_id)
        answers = answers_for(assessment, items)
        form = ChecklistForm(items, answers=answers)
        form.initial["revision"] = page.live_revision_id
        status = 200
    return render(
        request,
        STEP_TEMPLATE,
        {
            "assessment": assessment,
            "token": request.assessment_token,
            **step_context(page, form, answers, number, total),
        },
        status=status,
    )


def step_context(page, form, answers, number, total):
    """What the step template shows of one section: the form's rows in their groups."""
    return {
        "page": page,
        "number": number,
        "total": total,
        "form": form,
        "groups": group_rows(form, answers, page),
        "answers": answers,
    }


def preview_context(request, page):
    """The editors' "Zelfscan" preview of a section page: the real step form, built from the
    previewed (unsaved) content, drafts of competencies included; it saves nothing."""
    form = ChecklistForm(section_items(page, published_only=False))
    return {"preview": True, **step_context(page, form, {}, 1, 1)}


def autosave(request, assessment, number):
    """The step page's script saving the ticks as they change: JSON, same rules as the form.
    Runs on every tick, so it works on the step page's values, not a page object."""
    page = scope_step_place(scope_of(assessment), number)[1]
    if page is None:
        raise Http404(_("Deze stap bestaat niet in deze zelfscan."))
    items = items_at_revision(page, request.POST.get("revision"))
    try:
        if items is None:
            raise ValidationError(
                _("Dit formulier hoort niet bij deze stap van de zelfscan. Er is niets opgeslagen.")
            )
        answers = posted_answers(items, request.POST)
    except ValidationError as exc:
        return JsonResponse({"saved": False, "errors": exc.messages}, status=400)
    save_step(assessment, page, items, answers, int(request.POST["revision"]))
    return JsonResponse({"saved": True, "saved_at": timezone.localtime().strftime("%H:%M:%S")})


def answers_for(assessment, items):
    """{item uid: Answer} of this assessment for these items only (a step, not the whole)."""
    uids = [item.uid for item in items]
    return {str(a.item_uid): a for a in assessment.answers.filter(item_uid__in=uids)}


def group_rows(form, answers, page):
    """Form rows grouped for display: kerntaken, the four matrix cells, competency areas.

    A competency answered on another section's page says so: it is one answer, shared.
    """
    groups = {}
    for item, tick, development in form.rows():
        if item.type == TASK:
            title = quadrant_label(item.level, item.kind)
            section = _("Taken")
        elif item.type == KERNTAAK:
            title, section = _("Kerntaken"), _("Kerntaken")
        else:
            title, section = item.area_name, _("Competenties")
        answer = answers.get(item.uid)
        elsewhere = (
            answer.section_number if answer and str(answer.section_uid) != str(page.uid) else ""
        )
        groups.setdefault((section, title), []).append((item, tick, development, elsewhere))
    return [(section, title, rows) for (section, title), rows in groups.items()]


@require_POST
@with_assessment
def finish(request, assessment):
    if not assessment.is_finished:
        SelfAssessment.objects.filter(pk=assessment.pk).update(finished_at=timezone.now())
    messages.success(request, _("Je zelfscan is afgerond. Hieronder zie je je resultaat."))
    return redirect("checklists:result", token=request.assessment_token)

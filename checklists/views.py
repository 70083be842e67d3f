"""The self-assessment: start, fill in step by step, resume by private link, results, compare."""

import csv
import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.models import PortalSettings
from portal.ratelimit import rate_limit

from . import results as results_module
from .forms import ChecklistForm, CompareForm, PlanItemForm, StartForm, posted_answers
from .models import SelfAssessment, hash_token, new_token
from .saving import save_step
from .structure import (
    items_at_revision,
    scope_of,
    scope_step,
    scope_step_place,
    scope_title,
    steps_for,
    valid_scope,
    with_scope_place,
)


def private(response):
    """Pages reached by a private link: never cached, never leaked through the Referer.

    ``same-origin`` rather than ``no-referrer``: with no-referrer browsers send ``Origin: null``
    on form posts, which Django's CSRF check refuses; same-origin still never sends the
    link to another site.
    """
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def with_assessment(view):
    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        # The scope's place decides the steps; the pages are read when a view needs them.
        assessment = with_scope_place(SelfAssessment.objects.by_token(token)).first()
        if assessment is None:
            raise Http404(_("Deze zelfscan bestaat niet (meer). Controleer de link."))
        request.assessment_token = token
        return private(view(request, assessment, *args, **kwargs))

    return wrapper


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
        assessment = SelfAssessment(
            edition=edition,
            edition_label=edition.edition_label,
            scope_page=scope,
            scope_title=scope_title(scope),
            owner=request.user if request.user.is_authenticated else None,
        )
        token = assessment.set_token()
        assessment.save()
        messages.success(
            request,
            _(
                "Je zelfscan is aangemaakt. Bewaar de link van deze pagina: die link is de sleutel om later verder te gaan."
            ),
        )
        return redirect("checklists:overview", token=token)
    from framework_pages.publication import edition_outline

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
        "checklists/step.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "page": page,
            "number": number,
            "total": total,
            "form": form,
            "groups": group_rows(form, answers, page),
            "answers": answers,
        },
        status=status,
    )


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
    from framework_pages.items import KINDS, LEVELS

    level_labels, kind_labels = dict(LEVELS), dict(KINDS)
    groups = {}
    for item, tick, development in form.rows():
        if item.type == "task":
            title = f"{level_labels[item.level]} — {kind_labels[item.kind]}"
            section = _("Taken")
        elif item.type == "kerntaak":
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


@with_assessment
def result(request, assessment):
    steps = steps_for(assessment, with_items=True)
    computed = results_module.compute(assessment, steps)
    managers = (
        list(assessment.manager_assessments.all())
        if assessment.role == SelfAssessment.Role.COORDINATOR
        else []
    )
    return render(
        request,
        "checklists/result.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "results": computed,
            "quadrant_labels": dict(results_module.QUADRANTS),
            "managers": managers,
        },
    )


@with_assessment
def plan(request, assessment):
    development = list(assessment.answers.filter(development=True).order_by("section_number", "pk"))
    forms_by_answer = [
        (
            answer,
            PlanItemForm(
                request.POST or None,
                prefix=f"p{answer.pk}",
                initial={"note": answer.plan_note, "date": answer.plan_date},
            ),
        )
        for answer in development
    ]
    if request.method == "POST":
        if all(form.is_valid() for _, form in forms_by_answer):
            for answer, form in forms_by_answer:
                answer.plan_note, answer.plan_date = (
                    form.cleaned_data["note"],
                    form.cleaned_data["date"],
                )
                answer.save(update_fields=["plan_note", "plan_date", "updated_at"])
            messages.success(request, _("Je ontwikkelplan is opgeslagen."))
            return redirect("checklists:plan", token=request.assessment_token)
        messages.error(
            request, _("Niet alles kon worden opgeslagen: bekijk de meldingen hieronder.")
        )
    grouped = {}
    for answer, form in forms_by_answer:
        grouped.setdefault(f"{answer.section_number} {answer.section_title}", []).append(
            (answer, form)
        )
    return render(
        request,
        "checklists/plan.html",
        {"assessment": assessment, "token": request.assessment_token, "grouped": grouped},
        status=400 if request.method == "POST" else 200,
    )


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
        .select_related("scope_page")
        .first()
    )
    if coordinator is None or len(invite_token) > 100:
        raise Http404(
            _("Deze uitnodiging bestaat niet (meer). Vraag de coördinator om een nieuwe link.")
        )
    if request.method == "POST":
        manager = SelfAssessment(
            role=SelfAssessment.Role.MANAGER,
            coordinator_assessment=coordinator,
            edition_id=coordinator.edition_id,
            edition_label=coordinator.edition_label,
            scope_page=coordinator.scope_page,
            scope_title=coordinator.scope_title,
            owner=request.user if request.user.is_authenticated else None,
        )
        token = manager.set_token()
        manager.save()
        messages.success(
            request,
            _(
                "Je invulling als leidinggevende is aangemaakt. Bewaar de link van deze pagina: die is de sleutel."
            ),
        )
        return redirect("checklists:overview", token=token)
    return private(render(request, "checklists/accept_invite.html", {"coordinator": coordinator}))


@with_assessment
def compare_manager(request, assessment):
    if assessment.role == SelfAssessment.Role.MANAGER:
        coordinator, manager = assessment.coordinator_assessment, assessment
    else:
        coordinator = assessment
        manager = assessment.manager_assessments.order_by("-updated_at").first()
    if coordinator is None or manager is None:
        raise Http404(_("Er is nog geen invulling van de leidinggevende om mee te vergelijken."))
    rows = results_module.compare(coordinator, manager)
    return render(
        request,
        "checklists/compare.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "rows": rows,
            "first_label": _("Coördinator"),
            "second_label": _("Leidinggevende"),
            "differences": sum(r.differs for r in rows),
        },
    )


@with_assessment
def compare_earlier(request, assessment):
    form = CompareForm(request.POST or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        other = SelfAssessment.objects.by_token(form.token()).first()
        if other is None or other.pk == assessment.pk:
            form.add_error("link", _("Met deze link is geen andere zelfscan te vinden."))
        elif other.role != assessment.role:
            form.add_error(
                "link", _("Vergelijk een zelfscan met een eerdere zelfscan van dezelfde persoon.")
            )
        else:
            earlier, later = sorted([other, assessment], key=lambda a: a.created_at)
            rows = results_module.compare(earlier, later)
    if request.user.is_authenticated and request.method == "GET" and request.GET.get("met"):
        other = (
            request.user.self_assessments.filter(pk=request.GET["met"])
            .exclude(pk=assessment.pk)
            .first()
            if request.GET["met"].isdigit()
            else None
        )
        if other is not None and assessment.owner_id == request.user.pk:
            earlier, later = sorted([other, assessment], key=lambda a: a.created_at)
            rows = results_module.compare(earlier, later)
    return render(
        request,
        "checklists/compare.html" if rows is not None else "checklists/compare_earlier.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "form": form,
            "rows": rows,
            "first_label": _("Eerder"),
            "second_label": _("Later"),
            "differences": sum(r.differs for r in rows) if rows else 0,
        },
        status=400 if request.method == "POST" and rows is None else 200,
    )


EXPORT_FIELDS = [
    "onderdeel",
    "soort",
    "niveau",
    "taaksoort",
    "competentiegebied",
    "tekst",
    "aangevinkt",
    "ontwikkelpunt",
    "notitie",
    "streefdatum",
    "identificatie",
]


def export_rows(assessment):
    for a in assessment.answers.order_by("section_number", "pk"):
        yield {
            "onderdeel": f"{a.section_number} {a.section_title}",
            "soort": a.get_item_type_display(),
            "niveau": a.level,
            "taaksoort": a.kind,
            "competentiegebied": a.area_name,
            "tekst": a.text,
            "aangevinkt": a.checked,
            "ontwikkelpunt": a.development,
            "notitie": a.plan_note,
            "streefdatum": a.plan_date.isoformat() if a.plan_date else "",
            "identificatie": str(a.item_uid),
        }


def _safe_cell(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas: neutralise them."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@with_assessment
def export(request, assessment, fmt):
    filename = f"zelfscan-{assessment.created_at:%Y%m%d}"
    if fmt == "json":
        data = {
            "editie": assessment.edition_label,
            "onderdeel": assessment.scope_title,
            "rol": assessment.role,
            "aangemaakt": assessment.created_at.isoformat(),
            "afgerond": assessment.finished_at.isoformat() if assessment.finished_at else None,
            "antwoorden": list(export_rows(assessment)),
        }
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so spreadsheet programs read UTF-8
        writer = csv.DictWriter(response, fieldnames=EXPORT_FIELDS, delimiter=";")
        writer.writeheader()
        for row in export_rows(assessment):
            writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@with_assessment
def delete(request, assessment):
    if request.method == "POST":
        assessment.delete()
        messages.success(request, _("Je zelfscan en al je antwoorden zijn voorgoed verwijderd."))
        return redirect("/")
    return render(
        request,
        "checklists/delete.html",
        {"assessment": assessment, "token": request.assessment_token},
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


@require_POST
@rate_limit("assessment")  # carrying forward creates an assessment: same budget as starting one
@with_assessment
def carry(request, assessment):
    """Carry this assessment's answers to the current edition, as a new assessment."""
    from .carry_forward import CarryError, carry_forward

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

"""What a self-assessment gives back: the result, the development plan, the comparisons."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import results as results_module
from ..access import with_assessment
from ..forms import CompareForm, PlanItemForm
from ..models import SelfAssessment
from ..structure import steps_for


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

"""What a self-assessment gives back: the result, the development plan (and its print and
calendar), the comparisons (and the conversation's agenda)."""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import results as results_module
from ..access import connected, connection_of, with_assessment
from ..forms import CompareForm
from ..models import SelfAssessment
from ..pdfs import pdf_context, personal_pdf
from ..plans import calendar, filled_points, loaded_json, plan_forms, save_plan
from ..profiles import gap
from ..structure import outline_of


def computed_results(assessment):
    return results_module.compute(assessment, outline_of(assessment))


@with_assessment(
    has_managers=Exists(SelfAssessment.objects.filter(coordinator_assessment=OuterRef("pk"))),
    has_connection=connected(),
)
def result(request, assessment):
    if assessment.is_profile:  # a position has no result of its own: its job description
        return redirect("checklists:description", token=request.assessment_token)
    computed = computed_results(assessment)
    connection = connection_of(assessment)
    managers = assessment.role == SelfAssessment.Role.COORDINATOR and assessment.has_managers
    return render(
        request,
        "checklists/result.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "results": computed,
            "managers": managers,
            "connection": connection,
            "gap": gap(assessment, connection.profile) if connection else None,
            **pdf_context(),
        },
    )


@with_assessment
def result_pdf(request, assessment):
    """The result, with the quadrant view, as a PDF of one's own."""
    context = {
        "assessment": assessment,
        "token": request.assessment_token,
        "results": computed_results(assessment),
        "today": timezone.localdate(),
    }
    return personal_pdf(request, "checklists/print/result.html", context, "zelfscan-resultaat.pdf")


@with_assessment
def plan(request, assessment):
    forms = plan_forms(assessment, request.POST or None)
    status = 200
    conflicts = []
    if request.method == "POST":
        if all(form.is_valid() for _answer, form in forms):
            conflicts = save_plan(assessment, forms)
            if not conflicts:
                messages.success(request, _("Je ontwikkelplan is opgeslagen."))
                return redirect("checklists:plan", token=request.assessment_token)
            # Show both; the next save keeps what is in the fields now.
            status = 409
            fresh = {a.pk: a for a in assessment.answers.filter(development=True)}
            for answer, form in forms:
                form.data = form.data.copy()
                form.data[f"{form.prefix}-loaded"] = loaded_json(fresh.get(answer.pk, answer))
        else:
            status = 400
            messages.error(
                request, _("Niet alles kon worden opgeslagen: bekijk de meldingen hieronder.")
            )
    grouped = {}
    for answer, form in forms:
        grouped.setdefault(f"{answer.section_number} {answer.section_title}", []).append(
            (answer, form)
        )
    return render(
        request,
        "checklists/plan.html",
        {
            "assessment": assessment,
            "token": request.assessment_token,
            "grouped": grouped,
            "conflicts": conflicts,
            **pdf_context(),
        },
        status=status,
    )


def plan_document(request, assessment):
    """The plan as a document: only the filled points, the date, an optional name that is
    not stored (it comes with this request only)."""
    return {
        "assessment": assessment,
        "token": request.assessment_token,
        "points": filled_points(assessment),
        "name": request.GET.get("naam", "").strip()[:100],
        "today": timezone.localdate(),
    }


@with_assessment
def plan_print(request, assessment):
    """A plain page: it prints without JavaScript."""
    return render(request, "checklists/print/plan.html", plan_document(request, assessment))


@with_assessment
def plan_pdf(request, assessment):
    return personal_pdf(
        request,
        "checklists/print/plan.html",
        plan_document(request, assessment),
        "ontwikkelplan.pdf",
    )


@with_assessment
def plan_calendar(request, assessment):
    title = _("Ontwikkelplan %(scope)s") % {"scope": assessment.scope_title}
    response = HttpResponse(
        calendar(assessment, title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="ontwikkelplan-streefdata.ics"'
    return response


def manager_pair(assessment):
    """(coordinator, manager) of this comparison, or a Dutch 404 that says why there is none."""
    if assessment.role == SelfAssessment.Role.MANAGER:
        coordinator, manager = assessment.coordinator_assessment, assessment
        if coordinator is None:
            raise Http404(
                _(
                    "Er is geen zelfscan van de coördinator (meer) om mee te vergelijken: de coördinator heeft de koppeling verbroken of zijn of haar zelfscan verwijderd. Je eigen invulling blijft bewaard."
                )
            )
    else:
        coordinator = assessment
        manager = assessment.manager_assessments.order_by("-updated_at").first()
    if manager is None:
        raise Http404(_("Er is nog geen invulling van de leidinggevende om mee te vergelijken."))
    return coordinator, manager


def comparison_context(request, assessment, first, second, first_label, second_label):
    rows = results_module.compare(first, second)
    return {
        "assessment": assessment,
        "token": request.assessment_token,
        "sections": results_module.compare_by_section(rows),
        "first_label": first_label,
        "second_label": second_label,
        "differences": sum(r.differs for r in rows),
        "total": len(rows),
    }


def manager_comparison_context(request, assessment):
    coordinator, manager = manager_pair(assessment)
    return comparison_context(
        request, assessment, coordinator, manager, _("Coördinator"), _("Leidinggevende")
    )


def manager_comparison(request, assessment, template, **extra):
    context = manager_comparison_context(request, assessment)
    return render(request, template, {**context, **extra})


@with_assessment
def compare_manager(request, assessment):
    return manager_comparison(
        request, assessment, "checklists/compare.html", with_manager=True, **pdf_context()
    )


@with_assessment
def compare_agenda(request, assessment):
    """The differences with the manager as the conversation's agenda: a plain print page."""
    return manager_comparison(
        request, assessment, "checklists/print/agenda.html", today=timezone.localdate()
    )


@with_assessment
def compare_agenda_pdf(request, assessment):
    context = {**manager_comparison_context(request, assessment), "today": timezone.localdate()}
    return personal_pdf(request, "checklists/print/agenda.html", context, "gespreksagenda.pdf")


def earlier_problem(form, assessment, other):
    """What is wrong with the link pasted to compare with, in words; None when it is fine."""
    if form.is_invitation():
        return _(
            "Dit is een uitnodigingslink voor een leidinggevende, geen link van een zelfscan. Plak de link van je eerdere zelfscan."
        )
    if other is None:
        return _(
            "Met deze link is geen zelfscan te vinden. Controleer of je de hele link hebt geplakt."
        )
    if other.pk == assessment.pk:
        return _("Dit is de link van deze zelfscan zelf. Plak de link van een eerdere zelfscan.")
    if other.role != assessment.role:
        if other.role == SelfAssessment.Role.MANAGER:
            return _(
                "Dit is de link van de invulling van een leidinggevende. Die vergelijk je via ‘Vergelijk met je leidinggevende’ bij je resultaat."
            )
        return _(
            "Dit is de link van de zelfscan van een coördinator, niet van een invulling als leidinggevende."
        )
    if other.owner_id and assessment.owner_id and other.owner_id != assessment.owner_id:
        return _(
            "Deze zelfscan is van iemand anders. Vergelijk alleen met je eigen eerdere zelfscan."
        )
    return None


@with_assessment
def compare_earlier(request, assessment):
    form = CompareForm(request.POST or None)
    pair = None
    if request.method == "POST" and form.is_valid():
        other = (
            None if form.is_invitation() else SelfAssessment.objects.by_token(form.token()).first()
        )
        problem = earlier_problem(form, assessment, other)
        if problem:
            form.add_error("link", problem)
        else:
            pair = sorted([other, assessment], key=lambda a: a.created_at)
    if request.user.is_authenticated and request.method == "GET" and request.GET.get("met"):
        other = (
            request.user.self_assessments.filter(pk=request.GET["met"])
            .exclude(pk=assessment.pk)
            .first()
            if request.GET["met"].isdigit()
            else None
        )
        if other is not None and assessment.owner_id == request.user.pk:
            pair = sorted([other, assessment], key=lambda a: a.created_at)
    if pair is None:
        return render(
            request,
            "checklists/compare_earlier.html",
            {"assessment": assessment, "token": request.assessment_token, "form": form},
            status=400 if request.method == "POST" else 200,
        )
    return render(
        request,
        "checklists/compare.html",
        comparison_context(request, assessment, *pair, _("Eerder"), _("Later")),
    )

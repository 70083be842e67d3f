"""Admin screens to export and import competencies and task items as CSV or XLSX.

One screen per kind: export (download), import step 1 "Voorbeeld" (a dry run showing every
row as new, changed, unchanged or wrong) and step 2 "Toepassen" (``PreviewApplyMixin``).
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exports import CSV, XLSX, file_response
from portal.uploads import refuse_oversized

from ...models import FrameworkPage
from ..permissions import can_use_competency_spreadsheets, can_use_task_spreadsheets
from ..spreadsheets import competencies, tasks
from ..spreadsheets.files import SpreadsheetError, read
from .base import EditionChoiceField, PreviewApplyMixin, ScreenView

FORMAT_CHOICES = [(CSV, "CSV (UTF-8)"), (XLSX, "XLSX (Excel)")]


class ExportForm(forms.Form):
    edition = EditionChoiceField(gettext_lazy("Editie"))
    format = forms.ChoiceField(choices=FORMAT_CHOICES, label=gettext_lazy("Formaat"))


class ImportForm(ExportForm):
    file = forms.FileField(label=gettext_lazy("Bestand"))

    def __init__(self, *args, **kwargs):
        # Own ids: the export form on the same page has fields with the same names.
        kwargs.setdefault("auto_id", "id_import_%s")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        return refuse_oversized(self.cleaned_data["file"])


class SpreadsheetView(PreviewApplyMixin, ScreenView):
    template_name = "exchange/spreadsheets/index.html"
    header_icon = "table"
    form_class = ImportForm
    kind = ""  # "competenties" or "taken"
    intro = ""
    done_message = ""

    @property
    def session_key(self):
        return f"exchange:spreadsheet:{self.kind}"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("export_form", ExportForm())
        kwargs.setdefault("import_form", kwargs.pop("form", None) or ImportForm())
        kwargs.setdefault("intro", self.intro)
        return super().get_context_data(**kwargs)

    def get(self, request, *args, **kwargs):
        if "format" not in request.GET:
            return self.render()
        form = ExportForm(request.GET)
        if not form.is_valid():
            return self.render(export_form=form, status=400)
        edition, fmt = form.cleaned_data["edition"], form.cleaned_data["format"]
        filename = f"{self.kind}-{edition.edition_label}.{fmt}"
        return file_response(self.export(edition, fmt), filename, fmt)

    def post(self, request, *args, **kwargs):
        if self.is_apply():
            return self.apply()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        edition, fmt = form.cleaned_data["edition"], form.cleaned_data["format"]
        content = form.cleaned_data["file"].read()
        try:
            preview = self.run(edition, read(content, fmt), dry_run=True)
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        token = self.keep_upload(content, edition=edition.pk, format=fmt)
        return self.render(form=form, preview=preview, edition=edition, token=token)

    def form_invalid(self, form):
        # The page shows the preview, or what is wrong with the file, with status 200 as before.
        return self.render(form=form)

    def apply(self):
        kept = self.kept_upload()
        if kept is None:
            messages.error(self.request, _("Dit voorbeeld is verlopen; laad het bestand opnieuw."))
            return redirect(self.request.path)
        content, stored = kept
        edition = FrameworkPage.objects.filter(pk=stored["edition"]).first()
        if edition is None:
            messages.error(self.request, _("Deze editie bestaat niet meer."))
            return redirect(self.request.path)
        try:
            preview = self.run(edition, read(content, stored["format"]), dry_run=False)
        except SpreadsheetError as exc:
            messages.error(self.request, str(exc))
            return redirect(self.request.path)
        if preview.has_errors:
            # The content changed since the preview: show the new errors, write nothing.
            messages.error(self.request, _("Het bestand bevat fouten; er is niets opgeslagen."))
            return self.render(preview=preview, edition=edition)
        self.forget_upload()
        messages.success(self.request, self.done_message % preview.counts)
        return redirect(self.request.path)


class CompetentieSpreadsheetView(SpreadsheetView):
    kind = "competenties"
    page_title = gettext_lazy("Competenties als spreadsheet")
    header_icon = "user"
    allowed = staticmethod(can_use_competency_spreadsheets)
    intro = gettext_lazy(
        "Kolommen: identificatie, editie, competentiegebied, tekst, notitie en gebruikt_in "
        "(alleen ter informatie, wordt bij import genegeerd). Een rij zonder identificatie "
        "wordt een nieuwe competentie. Wijzigingen worden als revisie opgeslagen en "
        "gepubliceerd als je competenties mag publiceren, anders als concept."
    )
    done_message = gettext_lazy(
        "Import voltooid: %(new)s nieuw, %(changed)s gewijzigd, %(unchanged)s ongewijzigd."
    )

    def export(self, edition, fmt):
        return competencies.export_competencies(edition, fmt)

    def run(self, edition, dataset, dry_run):
        return competencies.import_competencies(
            edition, dataset, user=self.request.user, dry_run=dry_run
        )


class TaakSpreadsheetView(SpreadsheetView):
    kind = "taken"
    page_title = gettext_lazy("Taken als spreadsheet")
    header_icon = "tick-inverse"
    allowed = staticmethod(can_use_task_spreadsheets)
    intro = gettext_lazy(
        "Kolommen: identificatie, editie, onderdeel (bijvoorbeeld 2.3), niveau (uitvoerend of "
        "tactisch_strategisch), soort (basis of aanvullend), volgorde, tekst en notitie. Een rij "
        "zonder identificatie wordt een nieuwe taak; taken die niet in het bestand staan blijven "
        "zoals ze zijn. Elke gewijzigde pagina krijgt een nieuwe conceptrevisie, die je daarna "
        "zoals altijd ter beoordeling indient."
    )
    done_message = gettext_lazy(
        "Import voltooid: %(new)s nieuw, %(changed)s gewijzigd, %(unchanged)s ongewijzigd; "
        "de gewijzigde pagina's hebben een nieuwe conceptrevisie."
    )

    def export(self, edition, fmt):
        return tasks.export_tasks(edition, fmt)

    def run(self, edition, dataset, dry_run):
        return tasks.import_tasks(edition, dataset, user=self.request.user, dry_run=dry_run)

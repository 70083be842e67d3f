"""Admin screens to export and import competencies and task items as CSV or XLSX.

One screen per kind: export (download), import step 1 "Voorbeeld" (a dry run showing every
row as new, changed, unchanged or wrong) and step 2 "Toepassen". Between the steps the upload
waits in the session (database-backed, so any app server can apply it), with its digest as
the form token, so what is applied is exactly what was previewed.
"""

import base64
import hashlib

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import spreadsheets
from .admin_base import AdminScreen
from .models import FrameworkPage
from .uploads import refuse_oversized

FORMAT_CHOICES = [(spreadsheets.CSV, "CSV (UTF-8)"), (spreadsheets.XLSX, "XLSX (Excel)")]


class ExportForm(forms.Form):
    edition = forms.ModelChoiceField(
        FrameworkPage.objects.order_by("-pk"), label=gettext_lazy("Editie"), empty_label=None
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, label=gettext_lazy("Formaat"))


class ImportForm(ExportForm):
    file = forms.FileField(label=gettext_lazy("Bestand"))

    def __init__(self, *args, **kwargs):
        # Own ids: the export form on the same page has fields with the same names.
        kwargs.setdefault("auto_id", "id_import_%s")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        return refuse_oversized(self.cleaned_data["file"])


class SpreadsheetView(AdminScreen):
    template_name = "framework_pages/spreadsheets/index.html"
    header_icon = "table"
    kind = ""  # "competenties" or "taken"

    @property
    def session_key(self):
        return f"framework_pages:spreadsheet:{self.kind}"

    def get(self, request):
        if "format" in request.GET:
            form = ExportForm(request.GET)
            if form.is_valid():
                return self.download(form.cleaned_data["edition"], form.cleaned_data["format"])
        else:
            form = ExportForm()
        return self.render(export_form=form, import_form=ImportForm())

    def download(self, edition, fmt):
        content = self.export(edition, fmt)
        response = HttpResponse(content, content_type=spreadsheets.content_type(fmt))
        filename = f"{self.kind}-{edition.edition_label}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def post(self, request):
        if request.POST.get("action") == "toepassen":
            return self.apply(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(import_form=form)
        edition, fmt = form.cleaned_data["edition"], form.cleaned_data["format"]
        content = form.cleaned_data["file"].read()
        try:
            preview = self.run(edition, spreadsheets.read(content, fmt), dry_run=True)
        except spreadsheets.SpreadsheetError as exc:
            form.add_error("file", str(exc))
            return self.render(import_form=form)
        digest = hashlib.sha256(content).hexdigest()
        request.session[self.session_key] = {
            "edition": edition.pk,
            "format": fmt,
            "digest": digest,
            "content": base64.b64encode(content).decode("ascii"),
        }
        return self.render(import_form=form, preview=preview, edition=edition, token=digest)

    def apply(self, request):
        stored = request.session.get(self.session_key)
        if not stored or stored["digest"] != request.POST.get("token"):
            messages.error(request, _("Dit voorbeeld is verlopen; laad het bestand opnieuw."))
            return redirect(self.url_name)
        edition = FrameworkPage.objects.filter(pk=stored["edition"]).first()
        if edition is None:
            messages.error(request, _("Deze editie bestaat niet meer."))
            return redirect(self.url_name)
        content = base64.b64decode(stored["content"])
        try:
            preview = self.run(edition, spreadsheets.read(content, stored["format"]), dry_run=False)
        except spreadsheets.SpreadsheetError as exc:
            messages.error(request, str(exc))
            return redirect(self.url_name)
        if preview.has_errors:
            # The content changed since the preview: show the new errors, write nothing.
            messages.error(request, _("Het bestand bevat fouten; er is niets opgeslagen."))
            return self.render(import_form=ImportForm(), preview=preview, edition=edition)
        del request.session[self.session_key]
        counts = preview.counts
        messages.success(request, self.done_message % counts)
        return redirect(self.url_name)

    def render(self, **kwargs):
        context = self.get_context_data(
            export_form=kwargs.pop("export_form", ExportForm()),
            action_url=reverse(self.url_name),
            intro=self.intro,
            **kwargs,
        )
        return self.render_to_response(context)


class CompetentieSpreadsheetView(SpreadsheetView):
    kind = "competenties"
    url_name = "framework_pages_spreadsheet_competenties"
    page_title = gettext_lazy("Competenties als spreadsheet")
    intro = gettext_lazy(
        "Kolommen: identificatie, editie, competentiegebied, tekst, notitie en gebruikt_in "
        "(alleen ter informatie, wordt bij import genegeerd). Een rij zonder identificatie "
        "wordt een nieuwe competentie. Wijzigingen worden als revisie opgeslagen en "
        "gepubliceerd als je competenties mag publiceren, anders als concept."
    )
    done_message = gettext_lazy(
        "Import voltooid: %(new)s nieuw, %(changed)s gewijzigd, %(unchanged)s ongewijzigd."
    )

    def allowed(self, user):
        return user.has_perms(
            ["framework_pages.add_competentie", "framework_pages.change_competentie"]
        )

    def export(self, edition, fmt):
        return spreadsheets.export_competencies(edition, fmt)

    def run(self, edition, dataset, dry_run):
        return spreadsheets.import_competencies(
            edition, dataset, user=self.request.user, dry_run=dry_run
        )


class TaakSpreadsheetView(SpreadsheetView):
    kind = "taken"
    url_name = "framework_pages_spreadsheet_taken"
    page_title = gettext_lazy("Taken als spreadsheet")
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

    def allowed(self, user):
        return user.has_perm("wagtailadmin.access_admin")

    def export(self, edition, fmt):
        return spreadsheets.export_tasks(edition, fmt)

    def run(self, edition, dataset, dry_run):
        return spreadsheets.import_tasks(edition, dataset, user=self.request.user, dry_run=dry_run)


class SpreadsheetMenuItem(MenuItem):
    """Shown only to users who may use the screen it leads to."""

    def __init__(self, view_class, **kwargs):
        self.view_class = view_class
        super().__init__(view_class.page_title, reverse(view_class.url_name), **kwargs)

    def is_shown(self, request):
        return self.view_class().allowed(request.user)


def admin_urls():
    return [
        path(
            "beroepsprofiel/spreadsheets/competenties/",
            CompetentieSpreadsheetView.as_view(),
            name=CompetentieSpreadsheetView.url_name,
        ),
        path(
            "beroepsprofiel/spreadsheets/taken/",
            TaakSpreadsheetView.as_view(),
            name=TaakSpreadsheetView.url_name,
        ),
    ]


def menu_item():
    menu = Menu(
        items=[
            SpreadsheetMenuItem(CompetentieSpreadsheetView, icon_name="user", order=100),
            SpreadsheetMenuItem(TaakSpreadsheetView, icon_name="tick-inverse", order=200),
        ]
    )
    return SubmenuMenuItem(
        gettext_lazy("Spreadsheets"), menu, icon_name="table", name="spreadsheets", order=310
    )

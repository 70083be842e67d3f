"""Admin screens for editions: make a new edition as a draft copy, compare two editions,
download an edition as a document and import one.

Who may make a new edition: superusers, holders of ``framework_pages.import_edition`` (a copy
takes the same path as an import) and members of Wagtail's "Moderators" group, the people who
publish. Publishing a whole edition at once (pages and competencies, skipping the workflow) is
for those who may publish both anyway. Comparing and downloading are for everyone with access
to the admin; importing an edition document only for superusers and holders of
``framework_pages.import_edition`` (the group Hoofdredacteur).
"""

import base64
import hashlib
import json
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .admin_base import AdminScreen
from .case import export_case
from .comparison import compare_editions
from .edition_document import DocumentError, dumps, export_edition, import_edition, parse
from .editions import copy_edition, publish_edition
from .models import FrameworkPage
from .uploads import refuse_oversized


def can_make_editions(user):
    return user.is_active and (
        user.is_superuser
        or user.has_perm("framework_pages.import_edition")
        or user.groups.filter(name="Moderators").exists()
    )


def can_publish_edition(user, edition=None):
    """Publishing a whole edition at once skips the moderation workflow: only for those who
    may publish its pages and competencies anyway."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("framework_pages.publish_competentie"):
        return False
    return edition is None or edition.permissions_for_user(user).can_publish()


def can_compare_editions(user):
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def can_import_editions(user):
    return user.is_active and (user.is_superuser or user.has_perm("framework_pages.import_edition"))


def editions():
    return FrameworkPage.objects.order_by("-first_published_at", "-pk")


class NewEditionForm(forms.Form):
    source = forms.ModelChoiceField(editions(), label=gettext_lazy("Bron-editie"), empty_label=None)
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=50,
        help_text=gettext_lazy("Bijvoorbeeld ‘2026’. Het webadres wordt editie-<label>."),
    )
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Leeg: de titel van de bron, met het nieuwe label."),
    )


class PublishForm(forms.Form):
    edition = forms.ModelChoiceField(editions(), label=gettext_lazy("Editie"), empty_label=None)


class CompareForm(forms.Form):
    old = forms.ModelChoiceField(editions(), label=gettext_lazy("Oude editie"), empty_label=None)
    new = forms.ModelChoiceField(editions(), label=gettext_lazy("Nieuwe editie"), empty_label=None)

    def clean(self):
        data = super().clean()
        if data.get("old") and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("Kies twee verschillende edities."))
        return data


class NewEditionView(AdminScreen):
    page_title = gettext_lazy("Nieuwe editie maken")
    header_icon = "copy"
    template_name = "framework_pages/admin/new_edition.html"
    url_name = "framework_pages_new_edition"

    @staticmethod
    def allowed(user):
        return can_make_editions(user)

    def get(self, request):
        initial = {"source": request.GET.get("bron")} if request.GET.get("bron") else {}
        return self.render_to_response(self.get_context_data(form=NewEditionForm(initial=initial)))

    def post(self, request):
        form = NewEditionForm(request.POST)
        if form.is_valid():
            try:
                result = copy_edition(
                    form.cleaned_data["source"],
                    form.cleaned_data["label"],
                    title=form.cleaned_data["title"],
                    user=request.user,
                )
            except DocumentError as exc:
                for problem in exc.problems:
                    field = "label" if problem.where.startswith("$.edition") else None
                    form.add_error(field, problem.message)
            else:
                messages.success(
                    request,
                    _(
                        "Editie %(label)s is gemaakt als concept: alle pagina's en competenties "
                        "zijn kopieën met dezelfde identificaties. Werk ze bij en publiceer ze, "
                        "per pagina of in één keer via Edities › Editie in één keer publiceren."
                    )
                    % {"label": result.edition.edition_label},
                )
                return redirect("wagtailadmin_explore", result.edition.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CompareEditionsView(AdminScreen):
    page_title = gettext_lazy("Edities vergelijken")
    header_icon = "history"
    template_name = "framework_pages/admin/compare_editions.html"
    url_name = "framework_pages_compare_editions"

    @staticmethod
    def allowed(user):
        return can_compare_editions(user)

    def get(self, request):
        comparison = None
        if "old" in request.GET:
            form = CompareForm(request.GET)
            if form.is_valid():
                # Drafts included: editors compare what they are preparing.
                comparison = compare_editions(form.cleaned_data["old"], form.cleaned_data["new"])
        else:
            choices = list(editions()[:2])
            form = CompareForm(
                initial={"old": choices[-1].pk, "new": choices[0].pk} if choices else {}
            )
        return self.render_to_response(self.get_context_data(form=form, comparison=comparison))


class PublishEditionView(AdminScreen):
    page_title = gettext_lazy("Editie in één keer publiceren")
    header_icon = "upload"
    template_name = "framework_pages/admin/publish_edition.html"
    url_name = "framework_pages_publish_edition"

    @staticmethod
    def allowed(user):
        return can_publish_edition(user)

    def get(self, request):
        initial = {"edition": request.GET.get("editie")} if request.GET.get("editie") else {}
        return self.render_to_response(self.get_context_data(form=PublishForm(initial=initial)))

    def post(self, request):
        form = PublishForm(request.POST)
        if form.is_valid():
            edition = form.cleaned_data["edition"]
            if not can_publish_edition(request.user, edition):
                raise PermissionDenied
            publish_edition(edition, user=request.user)
            messages.success(
                request,
                _("Editie %(label)s is gepubliceerd, met al haar pagina's en competenties.")
                % {"label": edition.edition_label},
            )
            return redirect("wagtailadmin_explore", edition.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


EDITION_DOCUMENT, CASE = "editie", "case"


def edition_file(edition, fmt):
    """(filename, text) of ``edition`` as written by ``manage.py export_framework``."""
    if fmt == CASE:
        text = json.dumps(export_case(edition), ensure_ascii=False, indent=2) + "\n"
        return f"editie-{edition.edition_label}-case.json", text
    return f"editie-{edition.edition_label}.json", dumps(export_edition(edition))


class ExportEditionForm(forms.Form):
    edition = forms.ModelChoiceField(editions(), label=gettext_lazy("Editie"), empty_label=None)
    format = forms.ChoiceField(
        label=gettext_lazy("Formaat"),
        choices=[
            (
                EDITION_DOCUMENT,
                gettext_lazy("Editiedocument (JSON), om te bewaren of te importeren"),
            ),
            (CASE, gettext_lazy("CASE 1.1-pakket (JSON), voor andere systemen")),
        ],
    )


class ImportEditionForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Editiedocument (JSON)"),
        help_text=gettext_lazy("Een bestand zoals ‘Editie downloaden’ het maakt, in UTF-8."),
    )

    def clean_file(self):
        return refuse_oversized(self.cleaned_data["file"])


class ExportEditionView(AdminScreen):
    page_title = gettext_lazy("Editie downloaden")
    header_icon = "download"
    template_name = "framework_pages/admin/edition_export.html"
    url_name = "framework_pages_export_edition"

    @staticmethod
    def allowed(user):
        return can_compare_editions(user)

    def get(self, request):
        if "format" in request.GET:
            form = ExportEditionForm(request.GET)
            if form.is_valid():
                filename, text = edition_file(
                    form.cleaned_data["edition"], form.cleaned_data["format"]
                )
                response = HttpResponse(text, content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = content_disposition_header(True, filename)
                return response
            status = 400
        else:
            choices = list(editions()[:1])
            form = ExportEditionForm(initial={"edition": choices[0].pk} if choices else {})
            status = 200
        return self.render_to_response(self.get_context_data(form=form), status=status)


def describe_change(change):
    """(kind, status) of one line of ``ImportResult.changes``, e.g. ("Taakgebied", "gewijzigd")."""
    area = _("Competentiegebied")
    if change.startswith(area + " "):
        return area, _("nieuw") if change.endswith(" " + _("nieuw")) else _("gewijzigd")
    words = change.partition(":")[0].split()
    return words[0], words[-1]


SECTION_PATH = re.compile(r"^\$\.sections\[(\d+)\](?:\.taakgebieden\[(\d+)\])?")
COMPETENCY_PATH = re.compile(r"^\$\.competenties\[(\d+)\]")


def problem_place(document, where):
    """The section (number and title) or competency a problem's JSON path points into, if any."""
    try:
        if match := SECTION_PATH.match(where):
            section = document["sections"][int(match[1])]
            if match[2] is not None:
                section = section["taakgebieden"][int(match[2])]
            return f"{section.get('number', '')} {section.get('title', '')}".strip()
        if match := COMPETENCY_PATH.match(where):
            text = document["competenties"][int(match[1])].get("text", "")
            return _("Competentie: %(text)s") % {"text": text}
    except (KeyError, IndexError, TypeError, AttributeError):
        pass
    return ""


class ImportPreview:
    """What ``import_edition(..., dry_run=True)`` found, ready for the template."""

    def __init__(self, result):
        self.result = result
        self.edition = result.edition
        self.created = result.created
        self.rows = [(*describe_change(change), change) for change in result.changes]
        competency, area = _("Competentie"), _("Competentiegebied")
        new = _("nieuw")
        self.counts = {
            "pages_new": sum(
                1 for k, s, _c in self.rows if k not in (competency, area) and s == new
            ),
            "pages_changed": sum(
                1 for k, s, _c in self.rows if k not in (competency, area) and s != new
            ),
            "competencies_new": sum(1 for k, s, _c in self.rows if k == competency and s == new),
            "competencies_changed": sum(
                1 for k, s, _c in self.rows if k == competency and s != new
            ),
            "areas": sum(1 for k, _s, _c in self.rows if k == area),
        }


class ImportEditionView(AdminScreen):
    """Step 1 "Voorbeeld" runs the import as a dry run; step 2 "Toepassen" runs it for real.

    Between the steps the upload waits in the session with its digest as the form token, as in
    the spreadsheet import, so what is applied is exactly what was previewed.
    """

    page_title = gettext_lazy("Editie importeren")
    header_icon = "upload"
    template_name = "framework_pages/admin/edition_import.html"
    url_name = "framework_pages_import_edition"
    session_key = "framework_pages:edition_import"

    @staticmethod
    def allowed(user):
        return can_import_editions(user)

    def get(self, request):
        return self.render(ImportEditionForm())

    def post(self, request):
        if request.POST.get("action") == "toepassen":
            return self.apply(request)
        form = ImportEditionForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        content = form.cleaned_data["file"].read()
        document = None
        try:
            document = parse(content)
            result = import_edition(document, dry_run=True, user=request.user)
        except DocumentError as exc:
            return self.refuse(form, exc.problems, document)
        digest = hashlib.sha256(content).hexdigest()
        request.session[self.session_key] = {
            "digest": digest,
            "content": base64.b64encode(content).decode("ascii"),
        }
        return self.render(form, preview=ImportPreview(result), token=digest)

    def apply(self, request):
        stored = request.session.get(self.session_key)
        if not stored or stored["digest"] != request.POST.get("token"):
            messages.error(request, _("Dit voorbeeld is verlopen; laad het bestand opnieuw."))
            return redirect(self.url_name)
        content = base64.b64decode(stored["content"])
        document = parse(content)  # it parsed for the preview
        try:
            result = import_edition(document, dry_run=False, user=request.user)
        except DocumentError as exc:
            # The database changed since the preview (e.g. the label is taken now).
            return self.refuse(ImportEditionForm(), exc.problems, document)
        del request.session[self.session_key]
        label = result.edition.edition_label
        if result.created:
            message = _(
                "Editie %(label)s is geïmporteerd als concept. Controleer de pagina's en "
                "publiceer ze, per pagina of in één keer via Edities › Editie in één keer "
                "publiceren."
            )
        elif result.changes:
            message = _(
                "Editie %(label)s is bijgewerkt: %(count)s wijziging(en), elk als nieuwe "
                "conceptrevisie. Bezoekers zien ze pas na publiceren."
            )
        else:
            message = _("Editie %(label)s is ongewijzigd: het document gaf geen wijzigingen.")
        messages.success(request, message % {"label": label, "count": len(result.changes)})
        return redirect("wagtailadmin_explore", result.edition.pk)

    def refuse(self, form, problems, document=None):
        form.add_error(
            None,
            _(
                "Het document is niet geïmporteerd; er is niets gewijzigd. "
                "%(count)s probleem/problemen, hieronder met hun plaats in het document."
            )
            % {"count": len(problems)},
        )
        rows = [(p.where, problem_place(document, p.where), p.message) for p in problems]
        return self.render(form, problems=rows, status=400)

    def render(self, form, status=200, **kwargs):
        context = self.get_context_data(
            form=form, max_kb=settings.FRAMEWORK_IMPORT_MAX_BYTES // 1024, **kwargs
        )
        return self.render_to_response(context, status=status)


class EditionMenuItem(MenuItem):
    """Shown only to users who may use the screen it leads to."""

    def __init__(self, view_class, **kwargs):
        self.view_class = view_class
        super().__init__(view_class.page_title, reverse(view_class.url_name), **kwargs)

    def is_shown(self, request):
        return self.view_class.allowed(request.user)


def admin_urls():
    return [
        path("edities/nieuw/", NewEditionView.as_view(), name=NewEditionView.url_name),
        path("edities/publiceren/", PublishEditionView.as_view(), name=PublishEditionView.url_name),
        path(
            "edities/vergelijken/", CompareEditionsView.as_view(), name=CompareEditionsView.url_name
        ),
        path("edities/downloaden/", ExportEditionView.as_view(), name=ExportEditionView.url_name),
        path("edities/importeren/", ImportEditionView.as_view(), name=ImportEditionView.url_name),
    ]


def menu_item():
    menu = Menu(
        items=[
            EditionMenuItem(NewEditionView, icon_name="copy", order=100),
            EditionMenuItem(PublishEditionView, icon_name="upload", order=150),
            EditionMenuItem(CompareEditionsView, icon_name="history", order=200),
            EditionMenuItem(ExportEditionView, icon_name="download", order=300),
            EditionMenuItem(ImportEditionView, icon_name="upload", order=400),
        ]
    )
    return SubmenuMenuItem(
        gettext_lazy("Edities"), menu, icon_name="doc-full", name="edities", order=320
    )

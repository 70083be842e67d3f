"""Admin screens for editions: make a new edition as a draft copy, publish one as a whole,
compare two editions, download an edition as a file and import one. Who may use which screen
is decided in ``permissions``.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.uploads import refuse_oversized

from ...models import FrameworkPage
from ..comparison import compare_documents, compare_editions
from ..document import export_edition
from ..downloads import CASE, EDITION_DOCUMENT, edition_file
from ..editions import comparison_defaults, copy_edition, pending_publication, publish_edition
from ..importing import import_edition
from ..parsing import parse
from ..permissions import (
    can_compare_editions,
    can_download_editions,
    can_import_editions,
    can_make_editions,
    can_publish_edition,
)
from ..problems import DocumentError, place_in_words
from .base import EditionChoiceField, PreviewApplyMixin, ScreenView


def edition_field(label, empty_label=None):
    """A choice of edition, newest first (the editions' own order)."""
    return EditionChoiceField(label, empty_label=empty_label)


class NewEditionForm(forms.Form):
    source = edition_field(gettext_lazy("Bron-editie"))
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
    # No default: which edition goes live is always the moderator's explicit choice.
    edition = edition_field(gettext_lazy("Editie"), empty_label=gettext_lazy("— Kies een editie —"))


class CompareForm(forms.Form):
    old = edition_field(gettext_lazy("Oude editie"))
    new = edition_field(gettext_lazy("Nieuwe editie"))

    def clean(self):
        data = super().clean()
        if data.get("old") and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("Kies twee verschillende edities."))
        return data


class ExportEditionForm(forms.Form):
    edition = edition_field(gettext_lazy("Editie"))
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


class NewEditionView(ScreenView):
    page_title = gettext_lazy("Nieuwe editie maken")
    header_icon = "copy"
    template_name = "exchange/admin/new_edition.html"
    form_class = NewEditionForm
    allowed = staticmethod(can_make_editions)

    def get_initial(self):
        return {"source": self.request.GET.get("bron")} if self.request.GET.get("bron") else {}

    def form_valid(self, form):
        try:
            result = copy_edition(
                form.cleaned_data["source"],
                form.cleaned_data["label"],
                title=form.cleaned_data["title"],
                user=self.request.user,
            )
        except DocumentError as exc:
            for problem in exc.problems:
                field = "label" if problem.where.startswith("$.edition") else None
                form.add_error(field, problem.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Editie %(label)s is gemaakt als concept: alle pagina's en competenties "
                "zijn kopieën met dezelfde identificaties. Werk ze bij en publiceer ze, "
                "per pagina of in één keer via Edities › Editie in één keer publiceren."
            )
            % {"label": result.edition.edition_label},
        )
        return redirect("wagtailadmin_explore", result.edition.pk)


class PublishEditionView(ScreenView):
    """Step 1 (GET with an edition) lists what would go live, each item with its problems and
    a checkbox; step 2 (POST) publishes the ticked items, or nothing with the reasons."""

    page_title = gettext_lazy("Editie in één keer publiceren")
    header_icon = "upload"
    template_name = "exchange/admin/publish_edition.html"
    form_class = PublishForm
    allowed = staticmethod(can_publish_edition)

    def get(self, request, *args, **kwargs):
        if "edition" not in request.GET:
            return self.render(form=PublishForm())
        form = PublishForm(request.GET)
        if not form.is_valid():
            return self.render(form=form, status=400)
        return self.render_preview(form, form.cleaned_data["edition"])

    def render_preview(self, form, edition, chosen=None, refusals=(), status=200):
        if not can_publish_edition(self.request.user, edition):
            raise PermissionDenied
        pending = pending_publication(edition)
        if chosen is None:
            chosen = {p.key for p in pending if p.proposed}
        refused = {}
        for item, message in refusals:
            refused.setdefault(item.key, []).append(message)
        rows = [(p, p.key in chosen, refused.get(p.key, [])) for p in pending]
        return self.render(form=form, edition=edition, rows=rows, status=status)

    def form_valid(self, form):
        edition = form.cleaned_data["edition"]
        if not can_publish_edition(self.request.user, edition):
            raise PermissionDenied
        chosen = set(self.request.POST.getlist("kies"))
        if not chosen:
            form.add_error(None, _("Vink aan wat je wilt publiceren; er is niets gepubliceerd."))
            return self.render_preview(form, edition, chosen, status=400)
        try:
            published = publish_edition(edition, user=self.request.user, chosen=chosen)
        except DocumentError as exc:
            form.add_error(
                None,
                _(
                    "Er is niets gepubliceerd: %(count)s aangevinkte onderdelen kunnen zo niet "
                    "live. Hieronder staat bij elk onderdeel waarom."
                )
                % {"count": len({p.where for p in exc.problems})},
            )
            pending = {p.key: p for p in pending_publication(edition)}
            refusals = [(pending[p.where], p.message) for p in exc.problems if p.where in pending]
            return self.render_preview(form, edition, chosen, refusals, status=400)
        messages.success(
            self.request,
            _(
                "Editie %(label)s: %(count)s onderdelen gepubliceerd. Wat je niet aanvinkte, "
                "blijft concept of ter goedkeuring."
            )
            % {"label": edition.edition_label, "count": len(published)},
        )
        return redirect("wagtailadmin_explore", edition.pk)


class CompareEditionsView(ScreenView):
    """A GET form: the comparison has its own address, to bookmark or share."""

    page_title = gettext_lazy("Edities vergelijken")
    header_icon = "history"
    template_name = "exchange/admin/compare_editions.html"
    allowed = staticmethod(can_compare_editions)

    def get(self, request, *args, **kwargs):
        if "old" not in request.GET:
            defaults = comparison_defaults()
            initial = {"old": defaults[0].pk, "new": defaults[1].pk} if defaults else {}
            return self.render(form=CompareForm(initial=initial))
        form = CompareForm(request.GET)
        if not form.is_valid():
            return self.render(form=form, status=400)
        # Drafts included: editors compare what they are preparing.
        comparison = compare_editions(form.cleaned_data["old"], form.cleaned_data["new"])
        return self.render(form=form, comparison=comparison)


class ExportEditionView(ScreenView):
    page_title = gettext_lazy("Editie downloaden")
    header_icon = "download"
    template_name = "exchange/admin/edition_export.html"
    allowed = staticmethod(can_download_editions)

    def get(self, request, *args, **kwargs):
        if "format" not in request.GET:
            newest = FrameworkPage.objects.newest_first().first()
            return self.render(form=ExportEditionForm(initial={"edition": newest and newest.pk}))
        form = ExportEditionForm(request.GET)
        if not form.is_valid():
            return self.render(form=form, status=400)
        filename, text = edition_file(form.cleaned_data["edition"], form.cleaned_data["format"])
        response = HttpResponse(text, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


def describe_change(change):
    """(kind, status) of one line of ``ImportResult.changes``, e.g. ("Taakgebied", "gewijzigd")."""
    area = _("Competentiegebied")
    if change.startswith(area + " "):
        return area, _("nieuw") if change.endswith(" " + _("nieuw")) else _("gewijzigd")
    words = change.partition(":")[0].split()
    return words[0], words[-1]


class ProblemRow:
    """A problem as the preview lists it: the place in words, then the JSON path, the message."""

    def __init__(self, problem, document):
        self.message = problem.message
        words = place_in_words(document, problem.where) if document is not None else ""
        is_path = problem.where.startswith("$")
        self.place = words or ("" if is_path else problem.where)
        self.path = problem.where if is_path else ""


class ImportPreview:
    """What ``import_edition(..., dry_run=True)`` found, ready for the template."""

    def __init__(self, result, document):
        self.result = result
        self.edition = result.edition
        self.created = result.created
        # For an existing edition: which tasks, kerntaken and competencies change, and where.
        # The dry run left the database as it was, so its export is the edition before.
        self.comparison = (
            None
            if result.created or not result.changes
            else compare_documents(export_edition(result.edition), document)
        )
        self.rows = [(*describe_change(change), change) for change in result.changes]
        competency, area = _("Competentie"), _("Competentiegebied")
        new = _("nieuw")
        pages = [(k, s) for k, s, _c in self.rows if k not in (competency, area)]
        competencies = [s for k, s, _c in self.rows if k == competency]
        self.counts = {
            "pages_new": sum(1 for _k, s in pages if s == new),
            "pages_changed": sum(1 for _k, s in pages if s != new),
            "competencies_new": sum(1 for s in competencies if s == new),
            "competencies_changed": sum(1 for s in competencies if s != new),
            "areas": sum(1 for k, _s, _c in self.rows if k == area),
        }


class ImportEditionView(PreviewApplyMixin, ScreenView):
    """Step 1 "Voorbeeld" runs the import as a dry run; step 2 "Toepassen" runs it for real."""

    page_title = gettext_lazy("Editie importeren")
    header_icon = "upload"
    template_name = "exchange/admin/edition_import.html"
    form_class = ImportEditionForm
    session_key = "exchange:edition_import"
    allowed = staticmethod(can_import_editions)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("max_kb", settings.FRAMEWORK_IMPORT_MAX_BYTES // 1024)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if self.is_apply():
            return self.apply()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        content = form.cleaned_data["file"].read()
        document = None
        try:
            document = parse(content)
            result = import_edition(document, dry_run=True, user=self.request.user)
        except DocumentError as exc:
            return self.refuse(form, exc.problems, document)
        token = self.keep_upload(content)
        return self.render(form=form, preview=ImportPreview(result, document), token=token)

    def apply(self):
        kept = self.kept_upload()
        if kept is None:
            messages.error(self.request, _("Dit voorbeeld is verlopen; laad het bestand opnieuw."))
            return redirect(self.request.path)
        document = parse(kept[0])  # it parsed for the preview
        try:
            result = import_edition(document, dry_run=False, user=self.request.user)
        except DocumentError as exc:
            # The database changed since the preview (e.g. the label is taken now).
            return self.refuse(ImportEditionForm(), exc.problems, document)
        self.forget_upload()
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
        messages.success(self.request, message % {"label": label, "count": len(result.changes)})
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
        rows = [ProblemRow(problem, document) for problem in problems]
        return self.render(form=form, problems=rows, status=400)

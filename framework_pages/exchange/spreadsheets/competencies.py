"""Competencies of one edition as a spreadsheet: a django-import-export ``ModelResource``.

Rows are matched by edition and uid and saved through Wagtail revisions: published when the
user may publish competencies, otherwise kept as a draft revision (as the snippet editor does).
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from ...items import bulk_section_items
from ...models import Competentie, Competentiegebied, FrameworkPage, TaakgebiedPage
from ...vocabulary import COMPETENTIE
from .files import SpreadsheetError, cell_text, check_headers, render
from .reports import Preview, RowReport, text_problems

COLUMNS = (
    "identificatie",
    "editie",
    "competentiegebied",
    "tekst",
    "notitie",
    "gebruikt_in",
)


def _sections_using(edition):
    """{competency uid: [section numbers]} from the section pages' chosen competencies."""
    pages = list(TaakgebiedPage.objects.descendant_of(edition).order_by("path"))
    by_page = bulk_section_items(pages, published_only=False)
    used = {}
    for page in pages:
        for item in by_page[page.pk]:
            if item.type == COMPETENTIE:
                used.setdefault(item.uid, []).append(page.number)
    return used


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class UidWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = cell_text(value)
        if not value:
            return None  # a new competency: the model gives it a uuid
        try:
            return uuid.UUID(value)
        except ValueError as exc:
            raise ValueError(
                _("‘%(value)s’ is geen geldige identificatie.") % {"value": value}
            ) from exc

    def render(self, value, obj=None, **kwargs):
        return str(value) if value else ""


class AreaWidget(widgets.Widget):
    """A competency area by its name, within the edition being imported."""

    def __init__(self, edition):
        super().__init__()
        self.areas = {
            a.name.strip().lower(): a for a in Competentiegebied.objects.filter(edition=edition)
        }
        self.edition = edition

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        area = self.areas.get(name.lower())
        if area is None:
            raise ValueError(
                _("Competentiegebied ‘%(name)s’ bestaat niet in editie %(label)s.")
                % {"name": name, "label": self.edition.edition_label}
            )
        return area

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class CompetentieResource(resources.ModelResource):
    """One row per competency of an edition; saving goes through Wagtail revisions.

    A changed or new competency is saved as a revision and published when the user may
    publish competencies, otherwise kept as a draft revision (as the snippet editor does).
    """

    identificatie = fields.Field(
        attribute="uid", column_name="identificatie", widget=UidWidget(), saves_null_values=False
    )
    editie = fields.Field(column_name="editie", readonly=True)
    competentiegebied = fields.Field(attribute="area", column_name="competentiegebied")
    tekst = fields.Field(attribute="text", column_name="tekst", widget=TextWidget())
    notitie = fields.Field(attribute="note", column_name="notitie", widget=TextWidget())
    gebruikt_in = fields.Field(column_name="gebruikt_in", readonly=True)

    class Meta:
        model = Competentie
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ("identificatie",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, edition, user=None, **kwargs):
        super().__init__(**kwargs)
        self.edition = edition
        self.user = user
        self.publish = bool(user and user.has_perm("framework_pages.publish_competentie"))
        self.fields["competentiegebied"].widget = AreaWidget(edition)
        self._used = None
        self._seen_uids = set()

    # export

    def get_queryset(self):
        return (
            Competentie.objects.filter(edition=self.edition)
            .select_related("area")
            .order_by("area__sort_order", "pk")
        )

    def iter_queryset(self, queryset):
        # Editors see the latest revision in the editor; export what they see.
        for competentie in queryset:
            if competentie.has_unpublished_changes:
                latest = competentie.get_latest_revision_as_object()
                latest.area = Competentiegebied.objects.get(pk=latest.area_id)
                yield latest
            else:
                yield competentie

    def dehydrate_editie(self, competentie):
        return self.edition.edition_label

    def dehydrate_gebruikt_in(self, competentie):
        if self._used is None:
            self._used = _sections_using(self.edition)
        return ", ".join(self._used.get(str(competentie.uid), []))

    # import

    def before_import_row(self, row, **kwargs):
        problems = text_problems(cell_text(row.get("tekst")), cell_text(row.get("notitie")))
        if problems:
            raise ValidationError({"tekst": problems})
        label = cell_text(row.get("editie"))
        if label and label != self.edition.edition_label:
            if FrameworkPage.objects.filter(edition_label=label).exists():
                message = _(
                    "Deze rij hoort bij editie %(label)s; je importeert in editie %(edition)s."
                )
            else:
                message = _("Editie ‘%(label)s’ bestaat niet.")
            raise ValidationError(
                {"editie": message % {"label": label, "edition": self.edition.edition_label}}
            )
        uid = cell_text(row.get("identificatie"))
        if uid:
            if uid.lower() in self._seen_uids:
                raise ValidationError(
                    {"identificatie": _("Deze identificatie staat al in een eerdere rij.")}
                )
            self._seen_uids.add(uid.lower())

    def get_instance(self, instance_loader, row):
        try:
            uid = self.fields["identificatie"].clean(row)
        except ValueError as exc:
            raise ValidationError({"uid": str(exc)}) from exc
        if uid is None:
            return None
        competentie = Competentie.objects.filter(edition=self.edition, uid=uid).first()
        if competentie and competentie.has_unpublished_changes:
            return competentie.get_latest_revision_as_object()
        return competentie

    def init_instance(self, row=None):
        return Competentie(edition=self.edition)

    def do_instance_save(self, instance, is_create):
        if not self.publish:
            if is_create:
                instance.live = False
                instance.save()
            instance.save_revision(user=self.user, log_action=True)
            return
        instance.save()
        instance.save_revision(user=self.user, log_action=True).publish(user=self.user)


def export_competencies(edition, fmt):
    return render(CompetentieResource(edition).export(), fmt)


def _validation_messages(error):
    if hasattr(error, "message_dict"):
        return [f"{_field_label(k)}: {m}" for k, ms in error.message_dict.items() for m in ms]
    return list(error.messages)


def _field_label(name):
    return {
        "uid": "identificatie",
        "area": "competentiegebied",
        "text": "tekst",
        "note": "notitie",
        "__all__": _("rij"),
    }.get(name, name)


def import_competencies(edition, dataset, *, user, dry_run):
    """A Preview of the import; with dry_run off and no errors the changes are saved."""
    check_headers(dataset, COLUMNS, ("identificatie", "competentiegebied", "tekst"))
    resource = CompetentieResource(edition, user=user)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    if result.base_errors:
        raise SpreadsheetError(str(result.base_errors[0].error))
    invalid = {r.number: r for r in result.invalid_rows}
    errors = {number: errs for number, errs in result.row_errors()}
    rows = []
    for number, (data, row_result) in enumerate(zip(dataset.dict, result.rows, strict=True), 1):
        report = RowReport(
            number=number,
            status="unchanged",
            identificatie=cell_text(data.get("identificatie")),
            text=cell_text(data.get("tekst")),
            where=cell_text(data.get("competentiegebied")),
        )
        if number in invalid:
            report.status = "error"
            report.errors = _validation_messages(invalid[number].error)
        elif number in errors:
            report.status = "error"
            report.errors = [str(e.error) for e in errors[number]]
        elif row_result.import_type == "new":
            report.status = "new"
        elif row_result.import_type == "update":
            report.status = "changed"
            original = row_result.original
            current = {
                "competentiegebied": original.area.name if original.area_id else "",
                "tekst": original.text,
                "notitie": original.note,
            }
            report.changes = [
                name for name, value in current.items() if cell_text(data.get(name)) != value
            ]
        rows.append(report)
    return Preview(rows)

"""Competencies and task items of one edition as spreadsheets (CSV, XLSX): export and import.

Competencies are model rows, so a django-import-export ``ModelResource`` reads and writes them
(matched by edition and uid, saved through Wagtail revisions). Task items live inside the
section pages' StreamField, so their import is planned here from a tablib dataset: every row is
validated first, and only a plan without errors is applied, as new draft revisions of the
affected pages in one transaction.
"""

import io
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from wagtail.blocks import StreamValue

from .items import COMPETENTIE, KINDS, LEVELS, bulk_section_items
from .models import Competentie, Competentiegebied, FrameworkPage, TaakgebiedPage

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
MAX_ROWS = 5000
# Columns read per row; the widest sheet has eight. Cells further right are ignored.
MAX_COLUMNS = 64
# Excel's own row limit: rows further down (and the empty rows before them) are never read.
MAX_SHEET_ROWS = 1_048_576
XLSX_MAGIC = b"PK\x03\x04"
# An XLSX is a zip: what it unpacks to is checked before anything is unpacked, so that a small
# file cannot grow into hundreds of megabytes in memory (a "zip bomb").
MAX_XLSX_UNPACKED = 50 * 1024 * 1024
MAX_XLSX_MEMBERS = 1000
# Worksheet XML compresses about 10:1; repeated bytes compress a thousandfold.
MAX_XLSX_RATIO = 100
# What the edition document can hold (schemas/edition.schema.json: text, note).
MAX_TEXT, MAX_NOTE = 2000, 5000
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COMPETENCY_COLUMNS = (
    "identificatie",
    "editie",
    "competentiegebied",
    "tekst",
    "notitie",
    "gebruikt_in",
)
TASK_COLUMNS = (
    "identificatie",
    "editie",
    "onderdeel",
    "niveau",
    "soort",
    "volgorde",
    "tekst",
    "notitie",
)
LEVEL_KEYS = [key for key, _label in LEVELS]
KIND_KEYS = [key for key, _label in KINDS]


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is for the editor."""


# --- cells -------------------------------------------------------------------------------


def neutralise(value):
    """A cell value that no spreadsheet program runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value):
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in FORMULA_START:
        return value[1:]
    return value


def _cell_text(value):
    """A cell as text: XLSX gives numbers and empty cells as None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value)).strip()


def render(dataset, fmt):
    """The dataset as file content (bytes), every cell neutralised against formula injection."""
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append([neutralise(value) for value in row])
    if fmt == XLSX:
        return safe.export("xlsx")
    # A BOM so that Excel opens the UTF-8 file with the right characters.
    return ("\ufeff" + safe.export("csv")).encode("utf-8")


def content_type(fmt):
    if fmt == XLSX:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return "text/csv; charset=utf-8"


def read(content, fmt):
    """A tablib dataset of text cells from uploaded bytes; SpreadsheetError if unreadable.

    The format is checked by content, not by the file name; rows are capped at MAX_ROWS.
    """
    if len(content) > settings.FRAMEWORK_IMPORT_MAX_BYTES:
        raise SpreadsheetError(
            _("Het bestand is groter dan %(max)s kB.")
            % {"max": settings.FRAMEWORK_IMPORT_MAX_BYTES // 1024}
        )
    is_zip = content.startswith(XLSX_MAGIC)
    if fmt == XLSX:
        if not is_zip:
            raise SpreadsheetError(_("Dit is geen XLSX-bestand (Excel-werkmap)."))
        rows = _xlsx_rows(content)
    elif fmt == CSV:
        if is_zip:
            raise SpreadsheetError(_("Dit is een XLSX-bestand; kies het formaat XLSX."))
        rows = _csv_rows(content)
    else:
        raise SpreadsheetError(_("Onbekend formaat."))
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise SpreadsheetError(_("Het bestand is leeg."))
    header_row = list(rows[0])
    while header_row and header_row[-1] in (None, ""):
        header_row.pop()  # XLSX rows come padded to the columns read
    headers = [_cell_text(h).lower() for h in header_row]
    if len(rows) - 1 > MAX_ROWS:
        raise SpreadsheetError(
            _("Het bestand heeft meer dan %(max)s rijen; splits het op.") % {"max": MAX_ROWS}
        )
    dataset = tablib.Dataset(headers=headers)
    for row in rows[1:]:
        row = list(row)[: len(headers)]
        row += [None] * (len(headers) - len(row))
        dataset.append([_cell_text(v) for v in row])
    return dataset


def _csv_rows(content):
    import csv

    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _(
                "Het CSV-bestand is niet in UTF-8 opgeslagen. Sla het op als ‘CSV UTF-8’ "
                "en probeer het opnieuw."
            )
        ) from exc
    # Excel writes ";" in Dutch locales: take the delimiter the header row uses most.
    # (csv.Sniffer also guesses quoting and gets doubled quotes wrong.)
    header = text[: text.find("\n")] if "\n" in text[:100_000] else text[:100_000]
    delimiter = max(",;\t", key=header.count)
    rows = []
    # csv refuses fields longer than csv.field_size_limit() (128 kB): far more than any cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if not any(row):
                continue  # empty lines do not count as rows
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS + 1:
                _too_many_rows()
    except csv.Error as exc:
        raise SpreadsheetError(
            _(
                "Het CSV-bestand kan niet worden gelezen (regel %(line)s): een cel is te lang "
                "of de aanhalingstekens kloppen niet."
            )
            % {"line": reader.line_num}
        ) from exc
    return rows


def _too_many_rows():
    raise SpreadsheetError(
        _("Het bestand heeft meer dan %(max)s rijen; splits het op.") % {"max": MAX_ROWS}
    )


def _check_xlsx_zip(content):
    """Refuse a zip that unpacks to too much, or whose XML declares a DTD, before openpyxl reads it.

    zipfile never hands out more than a member's declared size, so checking the declared sizes
    bounds what openpyxl can unpack. A DTD (``<!DOCTYPE``, ``<!ENTITY``) has no place in a
    workbook; entities in it can expand a few bytes into gigabytes ("billion laughs").
    """
    unreadable = SpreadsheetError(_("Het XLSX-bestand kan niet worden gelezen."))
    too_big = SpreadsheetError(
        _(
            "Het XLSX-bestand is uitgepakt groter dan %(max)s MB of ongewoon sterk gecomprimeerd; "
            "het wordt niet gelezen."
        )
        % {"max": MAX_XLSX_UNPACKED // (1024 * 1024)}
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise unreadable from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_XLSX_MEMBERS:
            raise unreadable
        if sum(m.file_size for m in members) > MAX_XLSX_UNPACKED:
            raise too_big
        for member in members:
            if member.file_size > 1024 * 1024 and (
                member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
            ):
                raise too_big
        for member in members:
            if not member.filename.startswith("xl/media/") and _declares_dtd(archive, member):
                raise SpreadsheetError(
                    _(
                        "Het XLSX-bestand bevat een DTD-declaratie (<!DOCTYPE of <!ENTITY>); "
                        "zo'n bestand wordt om veiligheidsredenen niet gelezen."
                    )
                )


def _declares_dtd(archive, member):
    """Whether a member contains ``<!DOCTYPE`` or ``<!ENTITY``, also when UTF-16 encoded."""
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(64 * 1024):
                # Dropping NUL bytes reads UTF-16 and UTF-32 markup as ASCII.
                window = tail + chunk.replace(b"\x00", b"").upper()
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    return True
                tail = window[-16:]
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        OSError,
    ) as exc:
        raise SpreadsheetError(_("Het XLSX-bestand kan niet worden gelezen.")) from exc
    return False


def _xlsx_rows(content):
    from openpyxl import load_workbook

    _check_xlsx_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip or not a workbook at all
        raise SpreadsheetError(_("Het XLSX-bestand kan niet worden gelezen.")) from exc
    try:
        rows = []
        # Bounds given explicitly: the sheet's own (declared) dimensions would make openpyxl pad
        # every row to them, 16384 columns wide and a million rows long.
        sheet_rows = workbook.worksheets[0].iter_rows(
            max_row=MAX_SHEET_ROWS, max_col=MAX_COLUMNS, values_only=True
        )
        for row in sheet_rows:
            if not any(cell not in (None, "") for cell in row):
                continue
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                _too_many_rows()
        return rows
    except SpreadsheetError:
        raise
    except Exception as exc:  # damaged sheet XML, refused entities (defusedxml), ...
        raise SpreadsheetError(_("Het XLSX-bestand kan niet worden gelezen.")) from exc
    finally:
        workbook.close()


def _check_headers(dataset, columns, required):
    missing = [c for c in required if c not in dataset.headers]
    if missing:
        raise SpreadsheetError(
            _("Deze kolommen ontbreken: %(missing)s. Verwacht: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(columns)}
        )


# --- competencies ------------------------------------------------------------------------


def _sections_using(edition):
    """{competency uid: [section numbers]} from the section pages' chosen competencies."""
    pages = list(TaakgebiedPage.objects.descendant_of(edition).order_by("path"))
    by_page = bulk_section_items(pages)
    used = {}
    for page in pages:
        for item in by_page[page.pk]:
            if item.type == COMPETENTIE:
                used.setdefault(item.uid, []).append(page.number)
    return used


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return _cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class UidWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = _cell_text(value)
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
        name = _cell_text(value)
        area = self.areas.get(name.lower())
        if area is None:
            raise ValueError(
                _("Competentiegebied ‘%(name)s’ bestaat niet in editie %(label)s.")
                % {"name": name, "label": self.edition.edition_label}
            )
        return area

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


def text_problems(text, note=""):
    """Why a text (and its note) cannot be stored, in Dutch; empty when it can."""
    problems = []
    if "\x00" in text or "\x00" in note:
        problems.append(_("De tekst of notitie bevat een NUL-teken; haal het weg."))
    if len(text) > MAX_TEXT:
        problems.append(
            _("De tekst is %(length)s tekens lang; het maximum is %(max)s.")
            % {"length": len(text), "max": MAX_TEXT}
        )
    if len(note) > MAX_NOTE:
        problems.append(
            _("De notitie is %(length)s tekens lang; het maximum is %(max)s.")
            % {"length": len(note), "max": MAX_NOTE}
        )
    return problems


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
        fields = COMPETENCY_COLUMNS
        export_order = COMPETENCY_COLUMNS
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
        problems = text_problems(_cell_text(row.get("tekst")), _cell_text(row.get("notitie")))
        if problems:
            raise ValidationError({"tekst": problems})
        label = _cell_text(row.get("editie"))
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
        uid = _cell_text(row.get("identificatie"))
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


@dataclass
class RowReport:
    """One row of a preview: status new / changed / unchanged / error."""

    number: int
    status: str
    identificatie: str = ""
    text: str = ""
    where: str = ""
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    ORDER = {"error": 0, "new": 1, "changed": 1, "unchanged": 2}

    @property
    def sort_key(self):
        return (self.ORDER[self.status], self.number)


@dataclass
class Preview:
    rows: list

    @property
    def has_errors(self):
        return any(r.status == "error" for r in self.rows)

    def count(self, status):
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self):
        return {s: self.count(s) for s in ("new", "changed", "unchanged", "error")}

    @property
    def sorted_rows(self):
        """Errors first, then what will change, then the unchanged rows."""
        return sorted(self.rows, key=lambda r: r.sort_key)


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
    _check_headers(dataset, COMPETENCY_COLUMNS, ("identificatie", "competentiegebied", "tekst"))
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
            identificatie=_cell_text(data.get("identificatie")),
            text=_cell_text(data.get("tekst")),
            where=_cell_text(data.get("competentiegebied")),
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
                name for name, value in current.items() if _cell_text(data.get(name)) != value
            ]
        rows.append(report)
    return Preview(rows)


# --- task items --------------------------------------------------------------------------


def _latest(page):
    return page.get_latest_revision_as_object() if page.has_unpublished_changes else page


def _sections(edition):
    """[(page, latest revision object)] of the edition's section pages, in reading order."""
    pages = TaakgebiedPage.objects.descendant_of(edition).order_by("path").specific()
    return [(page, _latest(page)) for page in pages]


def _matrix_cells(raw_body):
    """{(level, kind): [raw list entries]} of a body's task matrix (copies)."""
    cells = {}
    for block in raw_body:
        if block["type"] == "task_matrix":
            for level in LEVEL_KEYS:
                for kind in KIND_KEYS:
                    cells[(level, kind)] = [
                        dict(entry, value=dict(entry["value"]))
                        for entry in block["value"].get(level, {}).get(kind) or []
                    ]
    return cells


def export_task_dataset(edition):
    dataset = tablib.Dataset(headers=list(TASK_COLUMNS))
    for _page, latest in _sections(edition):
        cells = _matrix_cells(latest.body.raw_data)
        for level in LEVEL_KEYS:
            for kind in KIND_KEYS:
                for position, entry in enumerate(cells.get((level, kind), []), 1):
                    dataset.append(
                        [
                            entry.get("id") or "",
                            edition.edition_label,
                            latest.number,
                            level,
                            kind,
                            position,
                            entry["value"].get("text") or "",
                            entry["value"].get("note") or "",
                        ]
                    )
    return dataset


def export_tasks(edition, fmt):
    return render(export_task_dataset(edition), fmt)


@dataclass
class _Placed:
    uid: str
    number: str
    level: str
    kind: str
    order: float
    text: str
    note: str
    from_file: bool
    index: int


def _choice(value, keys, labels):
    value = value.strip().lower()
    if value in keys:
        return value
    for key, label in labels:
        if value == str(label).lower():
            return key
    return None


class TaskPlan:
    """The validated effect of a task spreadsheet on an edition's section pages."""

    def __init__(self, edition, dataset, user=None):
        self.edition = edition
        self.user = user
        _check_headers(
            dataset, TASK_COLUMNS, ("identificatie", "onderdeel", "niveau", "soort", "tekst")
        )
        self.sections = {latest.number: (page, latest) for page, latest in _sections(edition)}
        self.current = {}  # uid -> _Placed as it is now
        for number, (_page, latest) in self.sections.items():
            for (level, kind), entries in _matrix_cells(latest.body.raw_data).items():
                for position, entry in enumerate(entries, 1):
                    uid = str(entry.get("id") or "")
                    self.current[uid] = _Placed(
                        uid,
                        number,
                        level,
                        kind,
                        position,
                        entry["value"].get("text") or "",
                        entry["value"].get("note") or "",
                        False,
                        0,
                    )
        self.rows = []
        self.placed = []
        self._validate(dataset)
        self.cells = self._layout() if not self.preview.has_errors else {}
        self._report_changes()

    def _validate(self, dataset):
        seen = set()
        editable = {}
        for number, data in enumerate(dataset.dict, 1):
            data = {k: _cell_text(v) for k, v in data.items()}
            report = RowReport(
                number,
                "unchanged",
                data.get("identificatie", ""),
                data.get("tekst", ""),
                data.get("onderdeel", ""),
            )
            errors = report.errors
            uid = report.identificatie.lower()
            if uid:
                try:
                    uid = str(uuid.UUID(uid))
                except ValueError:
                    errors.append(_("‘%(value)s’ is geen geldige identificatie.") % {"value": uid})
                else:
                    if uid in seen:
                        errors.append(_("Deze identificatie staat al in een eerdere rij."))
                    elif uid not in self.current:
                        errors.append(
                            _(
                                "Deze identificatie bestaat niet in editie %(label)s; laat de "
                                "kolom leeg voor een nieuwe taak."
                            )
                            % {"label": self.edition.edition_label}
                        )
                    seen.add(uid)
            label = data.get("editie", "")
            if label and label != self.edition.edition_label:
                if FrameworkPage.objects.filter(edition_label=label).exists():
                    errors.append(
                        _(
                            "Deze rij hoort bij editie %(label)s; je importeert in editie %(edition)s."
                        )
                        % {"label": label, "edition": self.edition.edition_label}
                    )
                else:
                    errors.append(_("Editie ‘%(label)s’ bestaat niet.") % {"label": label})
            section = data.get("onderdeel", "")
            if section not in self.sections:
                errors.append(
                    _("Onderdeel ‘%(number)s’ bestaat niet in editie %(label)s.")
                    % {"number": section, "label": self.edition.edition_label}
                )
            elif self.user is not None:
                page = self.sections[section][0]
                if section not in editable:
                    editable[section] = page.permissions_for_user(self.user).can_edit()
                if not editable[section]:
                    errors.append(
                        _("Je mag onderdeel %(number)s niet bewerken.") % {"number": section}
                    )
            level = _choice(data.get("niveau", ""), LEVEL_KEYS, LEVELS)
            if level is None:
                errors.append(
                    _("Niveau ‘%(value)s’ bestaat niet; kies %(choices)s.")
                    % {"value": data.get("niveau", ""), "choices": " of ".join(LEVEL_KEYS)}
                )
            kind = _choice(data.get("soort", ""), KIND_KEYS, KINDS)
            if kind is None:
                errors.append(
                    _("Soort ‘%(value)s’ bestaat niet; kies %(choices)s.")
                    % {"value": data.get("soort", ""), "choices": " of ".join(KIND_KEYS)}
                )
            order = data.get("volgorde", "")
            if order:
                try:
                    order = int(order)
                    if order < 1:
                        raise ValueError
                except ValueError:
                    errors.append(
                        _("Volgorde ‘%(value)s’ is geen positief geheel getal.") % {"value": order}
                    )
            if not report.text:
                errors.append(_("De tekst is leeg."))
            errors.extend(text_problems(report.text, data.get("notitie", "")))
            if errors:
                report.status = "error"
            else:
                self.placed.append(
                    _Placed(
                        uid or str(uuid.uuid4()),
                        section,
                        level,
                        kind,
                        order if order else float("inf"),
                        report.text,
                        data.get("notitie", ""),
                        True,
                        number,
                    )
                )
                if not uid:
                    report.status = "new"
                    report.identificatie = ""
            self.rows.append(report)
        self.preview = Preview(self.rows)

    def _layout(self):
        """{(number, level, kind): [_Placed]} after the import; rows not in the file stay put."""
        in_file = {p.uid for p in self.placed}
        everything = [p for uid, p in self.current.items() if uid not in in_file] + self.placed
        cells = {}
        for p in everything:
            cells.setdefault((p.number, p.level, p.kind), []).append(p)
        for items in cells.values():
            # A moved or new item takes the place it asks for; items staying put make room.
            items.sort(key=lambda p: (p.order, self._stays(p), p.index))
        return cells

    def _stays(self, p):
        old = self.current.get(p.uid)
        return old is not None and (old.number, old.level, old.kind, old.order) == (
            p.number,
            p.level,
            p.kind,
            p.order,
        )

    def _report_changes(self):
        if self.preview.has_errors:
            return
        final = {}
        for (number, level, kind), items in self.cells.items():
            for position, p in enumerate(items, 1):
                final[p.uid] = (number, level, kind, position)
        by_number = {p.index: p for p in self.placed}
        for report in self.rows:
            if report.status != "unchanged":
                continue
            p = by_number[report.number]
            old = self.current[p.uid]
            number, level, kind, position = final[p.uid]
            changes = []
            if old.number != number:
                changes.append("onderdeel")
            if old.level != level:
                changes.append("niveau")
            if old.kind != kind:
                changes.append("soort")
            # Only a volgorde the row asks for counts; shifting to make room for another is not.
            if old.order != p.order and old.order != position:
                changes.append("volgorde")
            if old.text != p.text:
                changes.append("tekst")
            if old.note != p.note:
                changes.append("notitie")
            if changes:
                report.status = "changed"
                report.changes = changes

    def changed_sections(self):
        """Section numbers whose task matrix differs from the latest revision."""
        changed = []
        for number, (_page, latest) in self.sections.items():
            current = {
                (number, level, kind): [
                    (str(e.get("id")), e["value"].get("text") or "", e["value"].get("note") or "")
                    for e in entries
                ]
                for (level, kind), entries in _matrix_cells(latest.body.raw_data).items()
            }
            wanted = {
                (number, level, kind): [
                    (p.uid, p.text, p.note) for p in self.cells.get((number, level, kind), [])
                ]
                for level in LEVEL_KEYS
                for kind in KIND_KEYS
            }
            if any(current.get(key, []) != value for key, value in wanted.items()):
                changed.append(number)
        return changed

    def _new_body(self, number, latest):
        raw = [dict(block) for block in latest.body.raw_data]
        matrix = next((b for b in raw if b["type"] == "task_matrix"), None)
        if matrix is None:
            matrix = {"type": "task_matrix", "id": str(uuid.uuid4()), "value": {"note": ""}}
            raw.append(matrix)
        value = dict(matrix["value"])
        originals = {
            entry.get("id"): entry
            for entries in _matrix_cells(latest.body.raw_data).values()
            for entry in entries
        }
        for level in LEVEL_KEYS:
            row = dict(value.get(level) or {})
            for kind in KIND_KEYS:
                entries = []
                for p in self.cells.get((number, level, kind), []):
                    entry = dict(originals.get(p.uid) or {"type": "item", "id": p.uid})
                    entry["value"] = dict(entry.get("value") or {}, text=p.text, note=p.note)
                    entries.append(entry)
                row[kind] = entries
            value[level] = row
        matrix["value"] = value
        return raw

    @transaction.atomic
    def apply(self):
        """New draft revisions of every changed section page; returns their numbers."""
        if self.preview.has_errors:
            raise SpreadsheetError(_("Het bestand bevat fouten; er is niets opgeslagen."))
        numbers = self.changed_sections()
        for number in numbers:
            page, latest = self.sections[number]
            latest.body = StreamValue(
                latest.body.stream_block, self._new_body(number, latest), is_lazy=True
            )
            latest.save_revision(user=self.user, log_action=True)
        return numbers


def import_tasks(edition, dataset, *, user, dry_run):
    """A Preview of the import; with dry_run off and no errors the pages get draft revisions."""
    plan = TaskPlan(edition, dataset, user=user)
    if not dry_run and not plan.preview.has_errors:
        plan.apply()
    return plan.preview

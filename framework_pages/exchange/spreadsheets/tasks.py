"""Task items of one edition as a spreadsheet: export, and an import planned row by row.

Task items live inside the section pages' StreamField, so their import is planned from a
tablib dataset: every row is validated first, and only a plan without errors is applied, as
new draft revisions of the affected pages in one transaction.
"""

import uuid
from dataclasses import dataclass

import tablib
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.blocks import StreamValue

from ...body import matrix_cells
from ...models import FrameworkPage, TaakgebiedPage
from ...vocabulary import KIND_KEYS, KINDS, LEVEL_KEYS, LEVELS
from .files import SpreadsheetError, cell_text, check_headers, render
from .reports import Preview, RowReport, text_problems

COLUMNS = (
    "identificatie",
    "editie",
    "onderdeel",
    "niveau",
    "soort",
    "volgorde",
    "tekst",
    "notitie",
)


def _latest(page):
    return page.get_latest_revision_as_object() if page.has_unpublished_changes else page


def _sections(edition):
    """[(page, latest revision object)] of the edition's section pages, in reading order."""
    pages = TaakgebiedPage.objects.descendant_of(edition).order_by("path").specific()
    return [(page, _latest(page)) for page in pages]


def export_task_dataset(edition):
    dataset = tablib.Dataset(headers=list(COLUMNS))
    for _page, latest in _sections(edition):
        cells = matrix_cells(latest.body.raw_data)
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
        check_headers(dataset, COLUMNS, ("identificatie", "onderdeel", "niveau", "soort", "tekst"))
        self.sections = {latest.number: (page, latest) for page, latest in _sections(edition)}
        self.current = {}  # uid -> _Placed as it is now
        for number, (_page, latest) in self.sections.items():
            for (level, kind), entries in matrix_cells(latest.body.raw_data).items():
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
            data = {k: cell_text(v) for k, v in data.items()}
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
                for (level, kind), entries in matrix_cells(latest.body.raw_data).items()
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
            for entries in matrix_cells(latest.body.raw_data).values()
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

"""Wagtail's revision comparison of the task matrix: every task is followed by its id across
the four cells, so a task that changed cell is shown once, in its new cell, as "verplaatst"
with the cell it came from, instead of deleted in one cell and added in another.
"""

import difflib

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.admin.compare import StructBlockComparison, diff_text

from .vocabulary import KIND_KEYS, LEVEL_KEYS, quadrant_label

CELLS = tuple((level, kind) for level in LEVEL_KEYS for kind in KIND_KEYS)


def _cell_tasks(value):
    """{(level, kind): [(id, text, note)]} of a TaskMatrixBlock value (None: empty cells)."""
    tasks = {}
    for level, kind in CELLS:
        items = (value or {}).get(level, {}).get(kind) if value else None
        tasks[(level, kind)] = [
            (str(child.id), child.value.get("text", ""), child.value.get("note", ""))
            for child in (items.bound_blocks if items is not None else [])
        ]
    return tasks


def moved_within(old_order, new_order):
    """Ids of a list that kept their list but changed place among its other items: those
    outside the longest run kept in order. Ids only in one of the two (added, removed, moved
    in or out) are left out, so adding or removing items moves none. The edition comparison
    (exchange/comparison.py) uses this too."""
    common_old = [uid for uid in old_order if uid in set(new_order)]
    common_new = [uid for uid in new_order if uid in set(old_order)]
    matcher = difflib.SequenceMatcher(None, common_old, common_new, autojunk=False)
    kept = {
        uid for _a, b, size in matcher.get_matching_blocks() for uid in common_new[b : b + size]
    }
    return set(common_new) - kept


class TaskMatrixComparison(StructBlockComparison):
    def htmldiff(self):
        old, new = _cell_tasks(self.val_a), _cell_tasks(self.val_b)
        old_cell = {uid: cell for cell, tasks in old.items() for uid, *_rest in tasks}
        old_task = {uid: (text, note) for tasks in old.values() for uid, text, note in tasks}
        new_all = {uid for tasks in new.values() for uid, *_rest in tasks}
        cells = []
        for cell in CELLS:
            within = moved_within([uid for uid, *_r in old[cell]], [uid for uid, *_r in new[cell]])
            rows = []
            for uid, text, note in new[cell]:
                if uid not in old_task:
                    rows.append(("addition", "", diff_text("", text).to_html()))
                    continue
                old_text, old_note = old_task[uid]
                marker = ""
                if old_cell[uid] != cell:
                    marker = _("Verplaatst van %(cell)s") % {"cell": quadrant_label(*old_cell[uid])}
                elif uid in within:
                    marker = _("Verplaatst binnen dit vak")
                body = diff_text(old_text, text).to_html()
                if note != old_note:
                    body = format_html(
                        "{}<br>{}: {}", body, _("Notitie"), diff_text(old_note, note).to_html()
                    )
                rows.append(("", marker, body))
            for uid, text, _note in old[cell]:
                if uid not in new_all:
                    rows.append(("deletion", "", diff_text(text, "").to_html()))
            cells.append((quadrant_label(*cell), self._rows_html(rows)))
        note_a = (self.val_a or {}).get("note", "") if self.val_a else ""
        note_b = (self.val_b or {}).get("note", "") if self.val_b else ""
        cells.append((_("Redactionele notitie bij de matrix"), diff_text(note_a, note_b).to_html()))
        return format_html(
            "<dl>\n{}\n</dl>",
            format_html_join("\n", "    <dt>{}</dt>\n    <dd>{}</dd>", cells),
        )

    @staticmethod
    def _rows_html(rows):
        return format_html_join(
            "\n",
            '<div class="comparison__child-object {}">{}{}</div>',
            (
                (
                    classes,
                    format_html('<strong class="task-moved">{}:</strong> ', marker)
                    if marker
                    else "",
                    body,
                )
                for classes, marker, body in rows
            ),
        )

"""Walk the raw StreamField data of a section body: the one place that knows its shape.

A section body (``blocks.SectionBodyBlock``) is stored as JSON: ``intro`` blocks, at most one
``kerntaken``, one ``task_matrix`` and one ``competenties`` block, whose lists hold entries
``{"type": "item", "id": <uuid>, "value": ...}``. Reading items, exporting, the spreadsheets
and validation all walk it through here, so a change of the block structure is made once.
Works on raw data only: no model is loaded, so it serves a saved page, a revision and an
unsaved preview alike.
"""

from dataclasses import dataclass

from django.utils.html import strip_tags

from .vocabulary import COMPETENTIE, KERNTAAK, KIND_KEYS, LEVEL_KEYS, TASK


@dataclass(frozen=True)
class Entry:
    """One checkbox-bearing entry of a body, in reading order.

    ``type`` is TASK, KERNTAAK or COMPETENTIE. ``value`` is the entry's raw value: a dict
    for tasks and kerntaken, the chosen competency's primary key for competencies (also for
    a choice's sub-competencies). ``parent_id`` is the kerntaak or choice entry a sub-item
    belongs to.
    """

    type: str
    id: str
    value: object
    level: str = ""
    kind: str = ""
    parent_id: str = ""
    parent_value: object = None


def list_entries(value):
    """(id, value) pairs of a raw ListBlock value."""
    return [(str(entry.get("id") or ""), entry["value"]) for entry in value or []]


def blocks_of(raw_body, block_type):
    return [block for block in raw_body or [] if block["type"] == block_type]


def iter_entries(raw_body):
    """Every kerntaak (and sub-item), task and competency choice (and sub-competency) of a
    body as ``Entry``, in reading order: kerntaken, the matrix cell by cell, competencies."""
    for block in blocks_of(raw_body, "kerntaken"):
        for uid, kerntaak in list_entries(block["value"].get("items")):
            yield Entry(KERNTAAK, uid, kerntaak)
            for sub_uid, sub in list_entries(kerntaak.get("children")):
                yield Entry(KERNTAAK, sub_uid, sub, parent_id=uid, parent_value=kerntaak)
    for block in blocks_of(raw_body, "task_matrix"):
        for level in LEVEL_KEYS:
            for kind in KIND_KEYS:
                for uid, task in list_entries(block["value"].get(level, {}).get(kind)):
                    yield Entry(TASK, uid, task, level=level, kind=kind)
    for block in blocks_of(raw_body, "competenties"):
        for uid, choice in list_entries(block["value"].get("items")):
            yield Entry(COMPETENTIE, uid, choice.get("competentie"))
            for sub_uid, child_pk in list_entries(choice.get("children")):
                yield Entry(
                    COMPETENTIE,
                    sub_uid,
                    child_pk,
                    parent_id=uid,
                    parent_value=choice.get("competentie"),
                )


def competency_pks(raw_body):
    """Primary keys of every competency a body chooses (sub-competencies included)."""
    return [e.value for e in iter_entries(raw_body) if e.type == COMPETENTIE and e.value]


def matrix_cells(raw_body):
    """{(level, kind): [raw list entries]} of a body's task matrix, as copies; the four
    cells are always present."""
    cells = {(level, kind): [] for level in LEVEL_KEYS for kind in KIND_KEYS}
    for block in blocks_of(raw_body, "task_matrix"):
        for level in LEVEL_KEYS:
            for kind in KIND_KEYS:
                cells[(level, kind)] = [
                    dict(entry, value=dict(entry["value"]))
                    for entry in block["value"].get(level, {}).get(kind) or []
                ]
    return cells


def public_texts(raw_body):
    """Every text of a body a visitor reads, in reading order, as plain text: intro blocks,
    the kerntaken with their intro sentence and outro, the tasks. Editorial notes are left
    out, and so are the competencies (the body holds only their keys)."""
    for block in raw_body or []:
        value = block["value"]
        if block["type"] == "intro":
            yield strip_tags(value or "")
        elif block["type"] == "kerntaken":
            yield value.get("intro") or ""
            yield strip_tags(value.get("outro") or "")
    for entry in iter_entries(raw_body):
        if entry.type != COMPETENTIE:
            yield entry.value.get("text") or ""

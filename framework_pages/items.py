"""Read the checkbox items of a section page: the one API other code uses to see the content.

Works on the page's StreamField data (through ``body``), so it serves a published page, a
revision and an unsaved preview alike. ``checklists`` builds its forms from this; nothing
copies the texts. By default only what a visitor may see is read (``visibility``): a chosen
competency that was never published is left out; editors' previews pass
``published_only=False``.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from types import SimpleNamespace

from .body import competency_pks, iter_entries
from .models import Competentie
from .visibility import is_visible_competency, visible_competencies
from .vocabulary import COMPETENTIE, KERNTAAK, KIND_KEYS, LEVEL_KEYS, TASK, quadrant_key


@dataclass(frozen=True)
class Item:
    """One checkbox of the framework as shown on a section page."""

    uid: str
    type: str  # TASK, KERNTAAK or COMPETENTIE (vocabulary)
    text: str
    level: str = ""  # tasks: uitvoerend / tactisch_strategisch
    kind: str = ""  # tasks: basis / aanvullend
    area_uid: str = ""  # competencies
    area_name: str = ""
    area_order: int = 0
    parent_uid: str = ""  # sub-competency or kerntaak sub-item
    note: str = ""
    published: bool = True  # competencies: False only in editors' previews

    @property
    def quadrant(self):
        return quadrant_key(self.level, self.kind) if self.type == TASK else ""


@dataclass
class CompetencyEntry:
    item: Item
    children: list = field(default_factory=list)


def _competency_item(competentie, parent_uid=""):
    area = competentie.area
    return Item(
        str(competentie.uid),
        COMPETENTIE,
        competentie.text,
        area_uid=str(area.uid) if area else "",
        area_name=area.name if area else "",
        area_order=area.sort_order if area else 0,
        parent_uid=parent_uid,
        note=competentie.note,
        published=bool(competentie.live),
    )


def items_of_body(raw_body, competencies, checkboxes_only=True):
    """Every item of a raw section body, in reading order, each once.

    ``competencies``: {pk: competency (or its values)} of those that may be shown; a choice
    of any other (deleted, or not published) is left out, with its sub-competencies.
    ``checkboxes_only=False``: kerntaken without a checkbox (bullets) too, as search lists.
    """
    kern, tasks, chosen = [], [], []
    parents = {}  # choice entry id -> the chosen competency's Item, or None if not shown
    for entry in iter_entries(raw_body):
        if entry.type == KERNTAAK:
            if entry.value.get("assessable") or not checkboxes_only:
                kern.append(
                    Item(
                        entry.id,
                        KERNTAAK,
                        entry.value["text"],
                        parent_uid=entry.parent_id,
                        note=entry.value.get("note") or "",
                    )
                )
        elif entry.type == TASK:
            tasks.append(
                Item(
                    entry.id,
                    TASK,
                    entry.value["text"],
                    level=entry.level,
                    kind=entry.kind,
                    note=entry.value.get("note") or "",
                )
            )
        elif not entry.parent_id:
            competentie = competencies.get(entry.value)
            parents[entry.id] = competentie and _competency_item(competentie)
            if competentie is not None:
                chosen.append(parents[entry.id])
        else:
            parent, competentie = parents.get(entry.parent_id), competencies.get(entry.value)
            if parent is not None and competentie is not None:
                chosen.append(_competency_item(competentie, parent.uid))
    seen, unique = set(), []
    for item in chosen:  # a competency chosen twice on one page is one item
        if item.uid not in seen:
            seen.add(item.uid)
            unique.append(item)
    return kern + tasks + unique


def competency_values(pks, published_only=True):
    """{pk: plain values of the competency and its area} in one query. Plain values, not model
    instances: this runs on every save of a self-assessment step."""
    competencies = Competentie.objects.filter(pk__in=pks)
    if published_only:
        competencies = visible_competencies(competencies)
    return {
        row["pk"]: SimpleNamespace(
            uid=row["uid"],
            text=row["text"],
            note=row["note"],
            live=row["live"],
            area=SimpleNamespace(
                uid=row["area__uid"], name=row["area__name"], sort_order=row["area__sort_order"]
            ),
        )
        for row in competencies.values(
            "pk", "uid", "text", "note", "live", "area__uid", "area__name", "area__sort_order"
        )
    }


def bulk_section_items(pages, published_only=True, checkboxes_only=True):
    """{page.pk: [Item]} for many section pages, with one query for all their competencies."""
    raw = {page.pk: list(page.body.raw_data) for page in pages}
    pks = {pk for body in raw.values() for pk in competency_pks(body)}
    competencies = competency_values(pks, published_only) if pks else {}
    return {pk: items_of_body(body, competencies, checkboxes_only) for pk, body in raw.items()}


def section_items(page, published_only=True):
    """Every checkbox item of a section page, in reading order, each once."""
    return bulk_section_items([page], published_only)[page.pk]


def section_competencies(page, published_only=True):
    return [item for item in section_items(page, published_only) if item.type == COMPETENTIE]


def kerntaken_items(page, published_only=True):
    """The kerntaken (and sub-items) that the self-assessment asks about."""
    return [item for item in section_items(page, published_only) if item.type == KERNTAAK]


def matrix(page, published_only=True):
    """{level: {kind: [Item]}} in the source's order; empty cells are empty lists."""
    cells = OrderedDict(
        (level, OrderedDict((kind, []) for kind in KIND_KEYS)) for level in LEVEL_KEYS
    )
    for item in section_items(page, published_only):
        if item.type == TASK:
            cells[item.level][item.kind].append(item)
    return cells


def competency_entries_from_values(block_values, published_only=True):
    """[CompetencyEntry] of CompetentiesBlock values (chosen competencies with their areas,
    as the chooser blocks fetch them), in page order; deleted choices, and unless
    ``published_only`` is off unpublished ones, are left out."""

    def shown(competentie):
        return competentie is not None and (
            not published_only or is_visible_competency(competentie)
        )

    entries = []
    for block_value in block_values:
        for choice in block_value["items"]:
            if shown(choice["competentie"]):
                parent = _competency_item(choice["competentie"])
                children = [
                    _competency_item(child, parent.uid)
                    for child in choice["children"]
                    if shown(child)
                ]
                entries.append(CompetencyEntry(parent, children))
    return entries


def competency_groups(entries):
    """[(area_name, [CompetencyEntry])] ordered by the areas' order, then the page's order."""
    groups = OrderedDict()
    for entry in sorted(entries, key=lambda e: e.item.area_order):
        groups.setdefault(entry.item.area_name, []).append(entry)
    return list(groups.items())

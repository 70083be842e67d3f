"""Read the checkbox items of a section page: the one API other code uses to see the content.

Works on the page's StreamField value, so it serves a published page, a revision and an
unsaved preview alike. ``checklists`` builds its forms from this; nothing copies the texts.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from types import SimpleNamespace

LEVELS = (
    ("uitvoerend", "Uitvoerend niveau"),
    ("tactisch_strategisch", "Tactisch en strategisch niveau"),
)
KINDS = (("basis", "Basistaken"), ("aanvullend", "Aanvullende taken"))

TASK = "task"
KERNTAAK = "kerntaak"
COMPETENTIE = "competentie"


@dataclass(frozen=True)
class Item:
    """One checkbox of the framework as shown on a section page."""

    uid: str
    type: str  # TASK, KERNTAAK or COMPETENTIE
    text: str
    level: str = ""  # tasks: uitvoerend / tactisch_strategisch
    kind: str = ""  # tasks: basis / aanvullend
    area_uid: str = ""  # competencies
    area_name: str = ""
    area_order: int = 0
    parent_uid: str = ""  # sub-competency or kerntaak sub-item
    note: str = ""

    @property
    def quadrant(self):
        return f"{self.level}:{self.kind}" if self.type == TASK else ""


@dataclass
class CompetencyEntry:
    item: Item
    children: list = field(default_factory=list)


def _blocks(page, block_type):
    return [block for block in page.body if block.block_type == block_type]


def _list_items(list_value):
    """(id, value) pairs of a ListBlock value."""
    return [(str(bound.id), bound.value) for bound in list_value.bound_blocks]


def kerntaken_items(page):
    """The kerntaken (and sub-items) that the self-assessment asks about."""
    return [item for item in section_items(page) if item.type == KERNTAAK]


def matrix(page):
    """{level: {kind: [Item]}} in the source's order; empty cells are empty lists."""
    cells = OrderedDict(
        (level, OrderedDict((kind, []) for kind, _ in KINDS)) for level, _ in LEVELS
    )
    for item in section_items(page):
        if item.type == TASK:
            cells[item.level][item.kind].append(item)
    return cells


def _competency_item(competentie, areas, parent_uid=""):
    area = areas.get(competentie.area_id)
    return Item(
        str(competentie.uid),
        COMPETENTIE,
        competentie.text,
        area_uid=str(area.uid) if area else "",
        area_name=area.name if area else "",
        area_order=area.sort_order if area else 0,
        parent_uid=parent_uid,
        note=competentie.note,
    )


def competency_entries(page):
    """[CompetencyEntry] in page order; chosen competencies that no longer exist are skipped."""
    return competency_entries_from_values([b.value for b in _blocks(page, "competenties")])


def competency_entries_from_values(block_values):
    """Entries of CompetentiesBlock values, with all areas fetched in at most one query."""
    from .models import Competentie, Competentiegebied

    chosen = []
    for block_value in block_values:
        for _, value in _list_items(block_value["items"]):
            if value["competentie"] is not None:
                chosen.append(
                    (value["competentie"], [c for c in value["children"] if c is not None])
                )
    everyone = [c for c, _ in chosen] + [child for _, children in chosen for child in children]
    # The blocks fetch competencies with their areas; only others need the areas looked up.
    areas = {c.area_id: c.area for c in everyone if Competentie.area.is_cached(c)}
    missing = {c.area_id for c in everyone} - areas.keys()
    if missing:
        areas.update(Competentiegebied.objects.in_bulk(missing))
    entries = []
    for competentie, children in chosen:
        parent = _competency_item(competentie, areas)
        entries.append(
            CompetencyEntry(parent, [_competency_item(c, areas, parent.uid) for c in children])
        )
    return entries


def competency_groups(entries):
    """[(area_name, [CompetencyEntry])] ordered by the areas' order, then the page's order."""
    groups = OrderedDict()
    for entry in sorted(entries, key=lambda e: e.item.area_order):
        groups.setdefault(entry.item.area_name, []).append(entry)
    return list(groups.items())


def _raw_list(value):
    """(id, value) pairs of a ListBlock's raw data."""
    return [(str(entry.get("id") or ""), entry["value"]) for entry in value or []]


def _raw_section_items(raw_body, competencies):
    kern, tasks, chosen = [], [], []
    for block in raw_body:
        kind, value = block["type"], block["value"]
        if kind == "kerntaken":
            for uid, k in _raw_list(value.get("items")):
                if k.get("assessable"):
                    kern.append(Item(uid, KERNTAAK, k["text"], note=k.get("note") or ""))
                for sub_uid, sub in _raw_list(k.get("children")):
                    if sub.get("assessable"):
                        kern.append(
                            Item(
                                sub_uid,
                                KERNTAAK,
                                sub["text"],
                                parent_uid=uid,
                                note=sub.get("note") or "",
                            )
                        )
        elif kind == "task_matrix":
            for level, _ in LEVELS:
                for task_kind, _ in KINDS:
                    for uid, t in _raw_list(value.get(level, {}).get(task_kind)):
                        tasks.append(
                            Item(
                                uid,
                                TASK,
                                t["text"],
                                level=level,
                                kind=task_kind,
                                note=t.get("note") or "",
                            )
                        )
        elif kind == "competenties":
            for _, choice in _raw_list(value.get("items")):
                parent = competencies.get(choice.get("competentie"))
                if parent is None:
                    continue
                parent_item = _competency_item(parent, {parent.area_id: parent.area})
                chosen.append(parent_item)
                for _, child_pk in _raw_list(choice.get("children")):
                    child = competencies.get(child_pk)
                    if child is not None:
                        chosen.append(
                            _competency_item(child, {child.area_id: child.area}, parent_item.uid)
                        )
    seen, unique = set(), []
    for item in chosen:  # a competency chosen twice on one page is one item
        if item.uid not in seen:
            seen.add(item.uid)
            unique.append(item)
    return kern + tasks + unique


def competency_pks(raw_body):
    for block in raw_body:
        if block["type"] == "competenties":
            for _, choice in _raw_list(block["value"].get("items")):
                yield choice.get("competentie")
                for _, child_pk in _raw_list(choice.get("children")):
                    yield child_pk


def bulk_section_items(pages):
    """{page.pk: [Item]} for many section pages, with one query for all their competencies."""
    from .models import Competentie

    raw = {page.pk: list(page.body.raw_data) for page in pages}
    pks = {pk for body in raw.values() for pk in competency_pks(body) if pk is not None}
    # Plain values, not model instances: this runs on every save of a self-assessment step.
    competencies = {
        row["pk"]: SimpleNamespace(
            uid=row["uid"],
            text=row["text"],
            note=row["note"],
            area_id=row["area_id"],
            area=SimpleNamespace(
                uid=row["area__uid"], name=row["area__name"], sort_order=row["area__sort_order"]
            ),
        )
        for row in Competentie.objects.filter(pk__in=pks).values(
            "pk", "uid", "text", "note", "area_id", "area__uid", "area__name", "area__sort_order"
        )
    }
    return {pk: _raw_section_items(body, competencies) for pk, body in raw.items()}


def section_items(page):
    """Every checkbox item of a section page, in reading order, each once."""
    return bulk_section_items([page])[page.pk]


def section_competencies(page):
    return [item for item in section_items(page) if item.type == COMPETENTIE]

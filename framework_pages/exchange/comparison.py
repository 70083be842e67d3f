"""Compare two editions item by item, matching everything by its identifier.

Works on edition documents (``document.export_edition``), so it compares a draft
copy, a published edition or an uploaded file alike. Tasks and kerntaken are matched by their
StreamField ids, competencies by their uid, sections by their page uid: an item that keeps its
id across editions is "the same item", however much its words or its place changed.
"""

import difflib
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..compare import moved_within
from ..vocabulary import COMPETENTIE, KERNTAAK, TASK, quadrant_label
from .document import export_edition, iter_entries, published_document

ADDED, REMOVED, REWORDED, MOVED, AREA_CHANGED = (
    "added",
    "removed",
    "reworded",
    "moved",
    "area_changed",
)
RENAMED = "renamed"
CHANGE_LABELS = {
    ADDED: gettext_lazy("toegevoegd"),
    REMOVED: gettext_lazy("verwijderd"),
    REWORDED: gettext_lazy("anders geformuleerd"),
    MOVED: gettext_lazy("verplaatst"),
    AREA_CHANGED: gettext_lazy("ander competentiegebied"),
    RENAMED: gettext_lazy("andere titel of nummer"),
}


@dataclass(frozen=True)
class Section:
    uid: str
    number: str
    title: str
    type: str  # grondhouding, hoofdtaak, taakgebied

    def __str__(self):
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class Placed:
    """An item of one edition with where it stands there."""

    uid: str
    type: str  # task, kerntaak, competentie
    text: str
    section: Section | None = None  # tasks and kerntaken
    level: str = ""
    kind: str = ""
    parent_uid: str = ""
    area_uid: str = ""  # competencies
    area_name: str = ""
    sections: tuple = ()  # competencies: the sections that list them

    @property
    def list_key(self):
        """The list a task or kerntaak stands in: its section, cell or parent."""
        return (
            self.section.uid if self.section else "",
            self.type,
            self.level,
            self.kind,
            self.parent_uid,
        )

    @property
    def place(self):
        """Where the item stands, in words: a matrix cell, the kerntaken, an area."""
        if self.type == TASK:
            return str(quadrant_label(self.level, self.kind))
        if self.type == KERNTAAK:
            return _("Kerntaken")
        return self.area_name


@dataclass(frozen=True)
class ItemChange:
    change: str  # ADDED, REMOVED, REWORDED, MOVED or AREA_CHANGED
    uid: str
    type: str
    old: Placed | None
    new: Placed | None

    @property
    def label(self):
        return CHANGE_LABELS[self.change]

    @property
    def text(self):
        return (self.new or self.old).text

    @property
    def section(self):
        """The section the change is shown under: the new place, or the old one if removed."""
        return (self.new or self.old).section

    @property
    def place(self):
        """The matrix cell, kerntaken or area of the new item, or of the old one if removed."""
        return (self.new or self.old).place

    @property
    def within(self):
        """A move to another place in the same list (matrix cell, kerntaken, sub-items)."""
        return (
            self.change == MOVED
            and self.type != COMPETENTIE
            and self.old.list_key == self.new.list_key
        )

    @property
    def diff_html(self):
        if self.change != REWORDED:
            return ""
        return word_diff(self.old.text, self.new.text)


@dataclass(frozen=True)
class SectionChange:
    change: str  # ADDED, REMOVED or RENAMED
    uid: str
    old: Section | None
    new: Section | None

    @property
    def label(self):
        return CHANGE_LABELS[self.change]


@dataclass
class Comparison:
    old_label: str
    new_label: str
    sections: list = field(default_factory=list)  # [SectionChange]
    items: list = field(default_factory=list)  # [ItemChange]

    @property
    def has_changes(self):
        return bool(self.sections or self.items)

    @property
    def counts(self):
        counts = Counter(change.change for change in self.items)
        return {
            kind: counts.get(kind, 0) for kind in (ADDED, REMOVED, REWORDED, MOVED, AREA_CHANGED)
        }

    @property
    def section_counts(self):
        counts = Counter(change.change for change in self.sections)
        return {kind: counts.get(kind, 0) for kind in (ADDED, REMOVED, RENAMED)}

    def by_section(self):
        """[(Section or None, [ItemChange])]: task and kerntaak changes per section in reading
        order of the new edition (removed sections last), then competency changes (None)."""
        groups = OrderedDict()
        for change in self.items:
            if change.type != COMPETENTIE:
                groups.setdefault(change.section, []).append(change)
        competencies = [c for c in self.items if c.type == COMPETENTIE]
        result = list(groups.items())
        if competencies:
            result.append((None, competencies))
        return result

    def for_uids(self, uids):
        """The item changes that concern these item uids (e.g. the items someone answered)."""
        uids = {str(uid) for uid in uids}
        return [change for change in self.items if change.uid in uids]


def word_diff(old, new):
    """HTML of ``old`` → ``new`` word by word, removed words in <del>, added ones in <ins>.

    Every word is escaped; the visually hidden prefixes tell screen readers what changed.
    """
    old_words, new_words = old.split(), new.split()
    removed, added = escape(_("verwijderd:")), escape(_("toegevoegd:"))
    parts = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(
                f'<del><span class="visually-hidden">{removed} </span>'
                f"{escape(' '.join(old_words[i1:i2]))}</del>"
            )
        if op in ("insert", "replace"):
            parts.append(
                f'<ins><span class="visually-hidden">{added} </span>'
                f"{escape(' '.join(new_words[j1:j2]))}</ins>"
            )
    return mark_safe(" ".join(parts))


# --------------------------------------------------------------------------------------------
# Reading a document


def _section_pages(document):
    """[(Section, body or None)] of every page in reading order; hoofdtaken have no body."""
    result = []
    for doc in document["sections"]:
        result.append(
            (Section(doc["uid"], doc["number"], doc["title"], doc["type"]), doc.get("body"))
        )
        for sub in doc.get("taakgebieden", []):
            result.append(
                (Section(sub["uid"], sub["number"], sub["title"], sub["type"]), sub["body"])
            )
    return result


def _items(document):
    """({uid: Placed} for tasks and kerntaken, {uid: Placed} for competencies)."""
    sections = {section.uid: section for section, _body in _section_pages(document)}
    items = {}
    usage = {}
    for section_doc, entry in iter_entries(document):
        section = sections[section_doc["uid"]]
        doc = entry.doc
        if entry.type == COMPETENTIE:
            usage.setdefault(doc["competentie"], []).append(section)
        else:
            items[doc["id"]] = Placed(
                doc["id"],
                entry.type,
                doc["text"],
                section,
                level=entry.level,
                kind=entry.kind,
                parent_uid=entry.parent["id"] if entry.parent else "",
            )
    areas = {a["uid"]: a["name"] for a in document["competentiegebieden"]}
    competencies = {
        c["uid"]: Placed(
            c["uid"],
            COMPETENTIE,
            c["text"],
            area_uid=c["area"],
            area_name=areas.get(c["area"], ""),
            sections=tuple(OrderedDict.fromkeys(usage.get(c["uid"], []))),
        )
        for c in document["competenties"]
    }
    return items, competencies


def _changes(old, new):
    changes = []
    reordered = _reordered(old, new)
    for uid, before in old.items():
        after = new.get(uid)
        if after is None:
            changes.append(ItemChange(REMOVED, uid, before.type, before, None))
            continue
        if before.text != after.text:
            changes.append(ItemChange(REWORDED, uid, after.type, before, after))
        if after.type == COMPETENTIE:
            if before.area_uid != after.area_uid:
                changes.append(ItemChange(AREA_CHANGED, uid, after.type, before, after))
            if {s.uid for s in before.sections} != {s.uid for s in after.sections}:
                changes.append(ItemChange(MOVED, uid, after.type, before, after))
        elif before.list_key != after.list_key or uid in reordered:
            # To another cell, section or parent, or to another place in its own list.
            changes.append(ItemChange(MOVED, uid, after.type, before, after))
    for uid, after in new.items():
        if uid not in old:
            changes.append(ItemChange(ADDED, uid, after.type, None, after))
    return changes


def _reordered(old, new):
    """Uids of tasks and kerntaken that stay in their list (cell, kerntaken, sub-items) but
    changed place among its other items (``compare.moved_within``)."""
    lists = {}
    for n, items in enumerate((old, new)):
        for uid, placed in items.items():
            if placed.type != COMPETENTIE:
                lists.setdefault(placed.list_key, ([], []))[n].append(uid)
    return {uid for orders in lists.values() for uid in moved_within(*orders)}


def _reading_order(document):
    return {section.uid: n for n, (section, _body) in enumerate(_section_pages(document))}


def compare_documents(old, new):
    """What changed from edition document ``old`` to ``new``, as a Comparison."""
    old_items, old_competencies = _items(old)
    new_items, new_competencies = _items(new)

    old_sections = {s.uid: s for s, _body in _section_pages(old)}
    new_sections = {s.uid: s for s, _body in _section_pages(new)}
    sections = [
        SectionChange(REMOVED, uid, s, None)
        for uid, s in old_sections.items()
        if uid not in new_sections
    ]
    for uid, s in new_sections.items():
        before = old_sections.get(uid)
        if before is None:
            sections.append(SectionChange(ADDED, uid, None, s))
        elif (before.number, before.title) != (s.number, s.title):
            sections.append(SectionChange(RENAMED, uid, before, s))

    # Tasks and kerntaken in the new edition's reading order; removed ones after, in the old.
    new_order, old_order = _reading_order(new), _reading_order(old)

    def position(change):
        section = change.section
        if change.new is not None:
            return (0, new_order.get(section.uid, 0))
        return (1, old_order.get(section.uid, 0))

    items = sorted(_changes(old_items, new_items), key=position)
    items += _changes(old_competencies, new_competencies)
    return Comparison(
        old_label=old["edition"]["label"],
        new_label=new["edition"]["label"],
        sections=sections,
        items=items,
    )


def compare_editions(old_edition, new_edition, published=False):
    """Compare two FrameworkPages: their drafts, or with ``published`` what a visitor sees."""
    if published:
        return compare_documents(published_document(old_edition), published_document(new_edition))
    return compare_documents(export_edition(old_edition), export_edition(new_edition))

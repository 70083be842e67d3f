"""Results of a self-assessment in the framework's own terms, and comparisons of two.

Per section the 2×2 task matrix (basis/aanvullend × uitvoerend/tactisch-strategisch) with
counts, a profile per section, the competency areas, the strongest areas and the
development points. Comparisons (with the manager, with an earlier scan) are item by item,
grouped per section, differences first.
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from framework_pages.vocabulary import (
    COMPETENTIE,
    KIND_KEYS,
    KIND_LABELS,
    LEVEL_KEYS,
    LEVEL_LABELS,
    QUADRANTS,
    TASK,
    quadrant_key,
)

from .models import scan_answers
from .structure import derived, outline_items

STRENGTHS = 3  # the strongest competency areas named in words


@dataclass
class Count:
    checked: int = 0
    total: int = 0
    development: int = 0

    def add(self, answer):
        """Count one item; ``answer`` is its StoredAnswer, or None when unanswered."""
        self.total += 1
        if answer is not None:
            self.checked += answer.checked
            self.development += answer.development

    @property
    def percent(self):
        return round(100 * self.checked / self.total) if self.total else 0

    @property
    def fraction(self):
        return f"{self.checked}/{self.total}" if self.total else "–"

    @property
    def shade(self):
        """0–4: how dark the heat map's cell is (none, under 25 %, … , 75 % and more)."""
        if not self.total or not self.checked:
            return 0
        return 1 + min(3, self.percent // 25)


@dataclass
class SectionResult:
    number: str
    title: str
    uid: str
    tasks: Count = field(default_factory=Count)
    competencies: Count = field(default_factory=Count)
    cells: OrderedDict = field(
        default_factory=lambda: OrderedDict((key, Count()) for key, _label in QUADRANTS)
    )
    answered: bool = False

    @property
    def matrix(self):
        """[[Count, Count], [Count, Count]]: rows uitvoerend, tactisch_strategisch; columns
        basis, aanvullend (``Results.level_labels``/``kind_labels``)."""
        return [
            [self.cells[quadrant_key(level, kind)] for kind in KIND_KEYS] for level in LEVEL_KEYS
        ]

    @property
    def has_matrix(self):
        return any(count.total for count in self.cells.values())


@dataclass
class Results:
    sections: list
    quadrants: OrderedDict
    areas: OrderedDict
    removed: list  # answers whose item is no longer in the framework
    development: list  # answers marked as ontwikkelpunt, in section order

    @property
    def strengths(self):
        """The competency areas mastered most (share of "beheers ik"), at most three, only
        those with something mastered: words to take to the conversation."""
        ranked = sorted(
            ((name, count) for name, count in self.areas.items() if count.checked),
            key=lambda pair: (-pair[1].percent, -pair[1].checked),
        )
        return ranked[:STRENGTHS]

    @property
    def development_by_section(self):
        grouped = OrderedDict()
        for answer in self.development:
            grouped.setdefault(f"{answer.section_number} {answer.section_title}", []).append(answer)
        return list(grouped.items())

    @property
    def development_texts(self):
        """[(section, [text])] of ``development_by_section``."""
        return [(name, [a.text for a in answers]) for name, answers in self.development_by_section]

    @property
    def level_labels(self):
        return [str(LEVEL_LABELS[level]) for level in LEVEL_KEYS]

    @property
    def kind_labels(self):
        return [str(KIND_LABELS[kind]) for kind in KIND_KEYS]

    @property
    def heatmaps(self):
        """The matrix of every section that has tasks, after the whole scan's when there are
        several sections."""
        maps = [s for s in self.sections if s.has_matrix]
        if len(maps) > 1:
            total = SectionResult("", _("Alle onderdelen samen"), "", cells=self.quadrants)
            maps.insert(0, total)
        return maps

    # What the result page shows, as plain strings: its repeated parts cost one template
    # variable per value, no lookups through objects (a whole-framework result has some 450).

    @property
    def profile_rows(self):
        """[(section name, tasks percent, competencies percent)], a percent "" when the
        section has no such items."""
        return [
            (
                f"{s.number} {s.title}",
                str(s.tasks.percent) if s.tasks.total else "",
                str(s.competencies.percent) if s.competencies.total else "",
            )
            for s in self.sections
        ]

    @property
    def heat_tables(self):
        """[(caption, is the whole scan's, [(level label, shade, fraction, shade, fraction)])]
        of ``heatmaps``: one row per level, a shade and a fraction per kind."""
        levels = [str(LEVEL_LABELS[level]) for level in LEVEL_KEYS]
        tables = []
        for section in self.heatmaps:
            rows = []
            for label, cells in zip(levels, section.matrix, strict=True):
                basis, aanvullend = cells
                rows.append(
                    (label, basis.shade, basis.fraction, aanvullend.shade, aanvullend.fraction)
                )
            caption = f"{section.number} {section.title}" if section.number else section.title
            tables.append((caption, not section.number, rows))
        return tables

    @property
    def area_rows(self):
        """[(area, mastered, total, development points)]."""
        return [
            (name, count.checked, count.total, count.development)
            for name, count in self.areas.items()
        ]

    @property
    def scale(self):
        return (0, 25, 50, 75, 100)


class StoredAnswer(NamedTuple):
    """An answer as results read it: plain values, no model instance per row."""

    item_uid: str
    item_type: str
    text: str
    section_uid: str
    section_number: str
    section_title: str
    checked: bool
    development: bool


def stored_answers(assessment):
    """{item uid: StoredAnswer} of a scan, read as plain tuples (``models.scan_answers``)."""
    return {
        row[0]: StoredAnswer._make(row) for row in scan_answers(assessment, *StoredAnswer._fields)
    }


@dataclass(frozen=True)
class SectionPlan:
    """A section's items as results count them: uids per place."""

    tasks: frozenset  # tasks and kerntaken
    competencies: frozenset
    cells: tuple  # (frozenset of task uids) per quadrant, in QUADRANTS order


@dataclass(frozen=True)
class ResultPlan:
    """What results count, per scope, derived from its published sections (``result_plan``)."""

    sections: tuple  # SectionPlan per section, in the outline's order
    areas: tuple  # (area name, competency uids), in order of first appearance
    position: dict  # {competency uid: place of its first appearance}
    current: frozenset  # every item uid of the scope


def result_plan(sections):
    """The ResultPlan of ``sections`` (structure.scope_outline), kept under the public content
    version like the items it is made of (``structure.derived``): a result page counts with
    set operations, not by walking every item."""
    digest = hashlib.sha256(
        ",".join(f"{s.pk}.{s.live_revision_id}" for s in sections).encode()
    ).hexdigest()[:32]
    return derived(f"result-plan:{digest}", lambda: _make_plan(sections))


def _make_plan(sections):
    items_by_pk = outline_items(sections)
    plans, areas, position = [], OrderedDict(), {}
    for section in sections:
        tasks, competencies, cells = set(), set(), {key: set() for key, _label in QUADRANTS}
        for item in items_by_pk.get(section.pk, []):
            if item.type == COMPETENTIE:
                competencies.add(item.uid)
                if item.uid not in position:  # shared: one answer, counted once
                    position[item.uid] = len(position)
                    areas.setdefault(item.area_name, []).append(item.uid)
            else:
                tasks.add(item.uid)
                if item.type == TASK:
                    cells[item.quadrant].add(item.uid)
        plans.append(
            SectionPlan(
                frozenset(tasks),
                frozenset(competencies),
                tuple(frozenset(cells[key]) for key, _label in QUADRANTS),
            )
        )
    current = frozenset(
        uid for items in items_by_pk.values() for item in items for uid in [item.uid]
    )
    return ResultPlan(
        tuple(plans),
        tuple((name, frozenset(uids)) for name, uids in areas.items()),
        position,
        current,
    )


def compute(assessment, sections):
    """``sections`` from structure.scope_outline. Unsaved items count as unanswered; in a
    finished scan, items added since are not counted at all (never shown to them)."""
    plan = result_plan(sections)
    answers = stored_answers(assessment)
    answered = set(answers)
    checked = {uid for uid, a in answers.items() if a.checked}
    development_uids = {uid for uid, a in answers.items() if a.development}
    finished = assessment.is_finished

    def count(uids):
        total = len(answered & uids) if finished else len(uids)
        return Count(len(checked & uids), total, len(development_uids & uids))

    results, quadrants = [], OrderedDict((key, Count()) for key, _label in QUADRANTS)
    for section, section_plan in zip(sections, plan.sections, strict=True):
        result = SectionResult(
            section.number,
            section.title,
            section.uid,
            tasks=count(section_plan.tasks),
            competencies=count(section_plan.competencies),
            answered=section.uid in assessment.page_revisions,
        )
        for (key, _label), uids in zip(QUADRANTS, section_plan.cells, strict=True):
            cell = result.cells[key] = count(uids)
            whole = quadrants[key]
            whole.checked += cell.checked
            whole.total += cell.total
            whole.development += cell.development
        results.append(result)
    areas = OrderedDict((name, count(uids)) for name, uids in plan.areas)
    if finished:  # an area appears from its first answered competency on, as it was shown
        first = {
            name: min((plan.position[uid] for uid in uids if uid in answered), default=None)
            for name, uids in plan.areas
        }
        areas = OrderedDict(
            sorted(
                ((name, c) for name, c in areas.items() if first[name] is not None),
                key=lambda pair: first[pair[0]],
            )
        )
    removed = [
        a for uid, a in answers.items() if uid not in plan.current and (a.checked or a.development)
    ]
    order = {s.uid: i for i, s in enumerate(results)}
    development = sorted(
        (a for a in answers.values() if a.development),
        key=lambda a: (order.get(a.section_uid, 999), a.section_number, a.text),
    )
    return Results(results, quadrants, areas, removed, development)


@dataclass
class ComparisonRow:
    section: str
    text: str
    type: str
    first: object
    second: object

    @staticmethod
    def _state(answer):
        return (bool(answer and answer.checked), bool(answer and answer.development))

    @property
    def differs(self):
        return self._state(self.first) != self._state(self.second)


@dataclass
class ComparisonSection:
    title: str
    rows: list

    @property
    def differences(self):
        return [row for row in self.rows if row.differs]

    @property
    def same(self):
        return [row for row in self.rows if not row.differs]


def compare(first, second):
    """Rows per item of either assessment, in the first one's section order, differences marked."""
    a = {str(x.item_uid): x for x in first.answers.order_by("section_number", "pk")}
    b = {str(x.item_uid): x for x in second.answers.order_by("section_number", "pk")}
    rows = []
    for uid in list(a) + [u for u in b if u not in a]:
        shown = a.get(uid) or b.get(uid)
        rows.append(
            ComparisonRow(
                f"{shown.section_number} {shown.section_title}",
                shown.text,
                shown.item_type,
                a.get(uid),
                b.get(uid),
            )
        )
    return rows


def compare_by_section(rows):
    """[ComparisonSection] in the rows' order."""
    sections = OrderedDict()
    for row in rows:
        sections.setdefault(row.section, []).append(row)
    return [ComparisonSection(title, section_rows) for title, section_rows in sections.items()]

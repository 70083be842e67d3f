"""Results of a self-assessment: counts per quadrant, competency area and section; comparisons."""

from collections import OrderedDict
from dataclasses import dataclass, field

from framework_pages.vocabulary import COMPETENTIE, QUADRANTS, TASK


@dataclass
class Count:
    checked: int = 0
    total: int = 0
    development: int = 0

    def add(self, answer):
        self.total += 1
        if answer is not None:
            self.checked += answer.checked
            self.development += answer.development

    @property
    def percent(self):
        return round(100 * self.checked / self.total) if self.total else 0


@dataclass
class SectionResult:
    number: str
    title: str
    uid: str
    tasks: Count = field(default_factory=Count)
    competencies: Count = field(default_factory=Count)
    answered: bool = False


@dataclass
class Results:
    sections: list
    quadrants: OrderedDict
    areas: OrderedDict
    removed: list  # answers whose item is no longer in the framework
    development: list  # answers marked as ontwikkelpunt, in section order

    @property
    def chart_height(self):
        return 40 + 34 * len(self.sections)

    def chart_rows(self, width=540):
        """Bar geometry per section for the server-rendered SVG profile chart."""
        return [
            {
                "section": s,
                "y": 34 + 34 * i,
                "tasks_width": round(width * s.tasks.percent / 100),
                "competencies_width": round(width * s.competencies.percent / 100),
            }
            for i, s in enumerate(self.sections)
        ]


def compute(assessment, steps):
    """``steps`` from structure.steps_for(with_items=True). Unsaved steps count as unanswered."""
    answers = {str(a.item_uid): a for a in assessment.answers.all()}
    current = set()
    sections, quadrants = [], OrderedDict((key, Count()) for key, _ in QUADRANTS)
    areas, counted_competencies = OrderedDict(), set()
    for step in steps:
        result = SectionResult(step.page.number, step.page.title, str(step.page.uid))
        result.answered = str(step.page.uid) in assessment.page_revisions
        for item in step.items:
            current.add(item.uid)
            answer = answers.get(item.uid)
            if assessment.is_finished and answer is None:
                continue  # added after this assessment was finished: never shown to them
            if item.type == COMPETENTIE:
                result.competencies.add(answer)
                if item.uid not in counted_competencies:  # shared: one answer, counted once
                    counted_competencies.add(item.uid)
                    areas.setdefault(item.area_name, Count()).add(answer)
            else:
                result.tasks.add(answer)
                if item.type == TASK:
                    quadrants[item.quadrant].add(answer)
        sections.append(result)
    removed = [
        a for uid, a in answers.items() if uid not in current and (a.checked or a.development)
    ]
    order = {s.uid: i for i, s in enumerate(sections)}
    development = sorted(
        (a for a in answers.values() if a.development),
        key=lambda a: (order.get(str(a.section_uid), 999), a.section_number, a.text),
    )
    return Results(sections, quadrants, areas, removed, development)


@dataclass
class ComparisonRow:
    section: str
    text: str
    type: str
    first: object
    second: object

    @property
    def differs(self):
        return (
            bool(self.first and self.first.checked),
            bool(self.first and self.first.development),
        ) != (
            bool(self.second and self.second.checked),
            bool(self.second and self.second.development),
        )


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

"""What a step page shows, and how far a scan is: the short route and the progress.

The short route: each competency is asked once in a scan. A competency answered on another
step is folded away per competency area ("9 competenties al beantwoord bij 2.1 — bekijken of
wijzigen"), still in the form, one click away. A step marked "dit taakgebied doe ik niet"
folds its tasks the same way.

Progress counts answers, not positions: an item is answered when the scan holds an answer
for it (ticked or not; every save of a step records all its items), a step is done when
all its items are answered, and a carried-forward scan shows what it carried.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from framework_pages.vocabulary import COMPETENTIE, KERNTAAK, QUADRANTS, TASK, quadrant_label
from portal.page_cache import get_current, set_current

from .forms import fill_row, item_rows, labels_for
from .structure import live_section_items, outline_items

NOT_ANSWERED = (False, False)


def step_view(section, role):
    """(items, {uid: row HTML with tick markers}) of a live section, cached per content
    version and role: the rows are rendered once, not on every request."""
    key = f"step-rows:{section.pk}:{section.live_revision_id}:{role}"
    version, cached = get_current(key)
    if cached is None:
        items = live_section_items(section)
        cached = (items, item_rows(items, labels_for(role)))
        set_current(key, version, cached)
    return cached


def is_task(item):
    return item.type in (TASK, KERNTAAK)


@dataclass
class Group:
    legend: str
    rows: list = field(default_factory=list)  # filled rows, asked here
    folded: list = field(default_factory=list)  # filled rows answered on another step
    folded_at: list = field(default_factory=list)  # the numbers of those steps

    @property
    def summary(self):
        if not self.folded:
            return ""
        return ngettext(
            "%(count)s competentie al beantwoord bij %(where)s",
            "%(count)s competenties al beantwoord bij %(where)s",
            len(self.folded),
        ) % {"count": len(self.folded), "where": ", ".join(self.folded_at)}


@dataclass
class StepGroups:
    tasks: list  # [Group]: kerntaken, then the four matrix cells
    competencies: list  # [Group] per competency area
    task_count: int
    competency_count: int


def step_groups(section, items, rows, answers):
    """The groups of a step's rows, filled with ``answers`` {uid: (checked, development,
    section uid, section number)}; competencies answered on another step are folded."""
    kerntaken = Group(_("Kerntaken"))
    cells = {key: Group(_("Taken: %(cell)s") % {"cell": label}) for key, label in QUADRANTS}
    areas = {}
    for item in items:
        checked, development, where_uid, where_number = answers.get(
            item.uid, (False, False, "", "")
        )
        row = fill_row(rows[item.uid], checked, development)
        if item.type == KERNTAAK:
            kerntaken.rows.append(row)
        elif item.type == TASK:
            cells.setdefault(
                item.quadrant,
                Group(_("Taken: %(cell)s") % {"cell": quadrant_label(item.level, item.kind)}),
            ).rows.append(row)
        else:
            group = areas.setdefault(
                item.area_name, Group(_("Competenties: %(area)s") % {"area": item.area_name})
            )
            if where_uid and where_uid != section.uid:
                group.folded.append(row)
                if where_number not in group.folded_at:
                    group.folded_at.append(where_number)
            else:
                group.rows.append(row)
    tasks = [g for g in [kerntaken, *cells.values()] if g.rows]
    return StepGroups(
        tasks,
        list(areas.values()),
        sum(1 for item in items if is_task(item)),
        sum(1 for item in items if item.type == COMPETENTIE),
    )


def step_answers(assessment, items):
    """{uid: (checked, development, section uid, section number)} of this scan for ``items``."""
    return {
        str(uid): (checked, development, str(section_uid), number)
        for uid, checked, development, section_uid, number in assessment.answers.filter(
            item_uid__in=[item.uid for item in items]
        ).values_list("item_uid", "checked", "development", "section_uid", "section_number")
    }


def shown_state(items, answers):
    """{uid: (checked, development)} as the form shows them."""
    return {item.uid: answers.get(item.uid, NOT_ANSWERED)[:2] for item in items}


@dataclass
class StepProgress:
    section: object
    number: int  # position in the scan, from 1
    items: int
    answered: int
    checked: int
    development: int

    @property
    def done(self):
        return self.answered >= self.items

    @property
    def started(self):
        return self.answered > 0


@dataclass
class Progress:
    steps: list  # [StepProgress]

    @property
    def done(self):
        return sum(1 for s in self.steps if s.done)

    @property
    def total(self):
        return len(self.steps)

    @property
    def complete(self):
        return self.done == self.total

    @property
    def next_step(self):
        return next((s for s in self.steps if not s.done), None)

    @property
    def missing(self):
        return [s for s in self.steps if not s.done]

    @property
    def answered_items(self):
        return sum(s.answered for s in self.steps)


def progress(assessment, sections):
    """How far a scan is, per step; one query for the answers, the items from the cache."""
    items = outline_items(sections)
    answers = {
        str(uid): (checked, development)
        for uid, checked, development in assessment.answers.values_list(
            "item_uid", "checked", "development"
        )
    }
    steps = []
    for number, section in enumerate(sections, 1):
        mine = [answers[i.uid] for i in items.get(section.pk, []) if i.uid in answers]
        steps.append(
            StepProgress(
                section,
                number,
                len(items.get(section.pk, [])),
                len(mine),
                sum(1 for c, _d in mine if c),
                sum(1 for _c, d in mine if d),
            )
        )
    return Progress(steps)

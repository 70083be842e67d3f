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

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from framework_pages.vocabulary import COMPETENTIE, KERNTAAK, QUADRANTS, TASK, quadrant_label

from .forms import fill_row, item_rows, labels_for
from .models import scan_answers
from .structure import derived, live_section_items, outline_items

NOT_ANSWERED = (False, False)
NO_ANSWER = (False, False, "", "")


@dataclass(frozen=True)
class StepView:
    """What a step shows of a live section, the same for everyone with that role: its items,
    each item's row (``forms.item_rows``), and the group each row stands in."""

    items: list
    rows: dict  # {uid: row HTML with tick markers}
    places: dict  # {uid: (group index, is competency)}
    legends: list  # [(legend, is competency)] in display order
    task_count: int
    competency_count: int


def step_view(section, role):
    """The StepView of a live section, cached per content version and role: rows and groups
    are made once, not on every request."""
    return derived(
        f"step-view:{section.pk}:{section.live_revision_id}:{role}",
        lambda: make_step_view(live_section_items(section), role),
    )


def make_step_view(items, role):
    legends, index = [], {}

    def group(key, legend, competency=False):
        if key not in index:
            index[key] = len(legends)
            legends.append((legend, competency))
        return index[key]

    group("kerntaken", _("Kerntaken"))
    for key, label in QUADRANTS:
        group(key, _("Taken: %(cell)s") % {"cell": label})
    places = {}
    for item in items:
        if item.type == KERNTAAK:
            places[item.uid] = (index["kerntaken"], False)
        elif item.type == TASK:
            label = quadrant_label(item.level, item.kind)
            places[item.uid] = (group(item.quadrant, _("Taken: %(cell)s") % {"cell": label}), False)
        else:
            legend = _("Competenties: %(area)s") % {"area": item.area_name}
            places[item.uid] = (group(("area", item.area_name), legend, True), True)
    return StepView(
        items,
        item_rows(items, labels_for(role)),
        places,
        [(str(legend), competency) for legend, competency in legends],
        sum(1 for item in items if is_task(item)),
        sum(1 for item in items if item.type == COMPETENTIE),
    )


def is_task(item):
    return item.type in (TASK, KERNTAAK)


@dataclass
class Group:
    legend: str
    rows: list = field(default_factory=list)  # filled rows, asked here
    folded: list = field(default_factory=list)  # filled rows answered on another step
    folded_at: list = field(default_factory=list)  # the numbers of those steps

    @property
    def html(self):
        return mark_safe("".join(self.rows))

    @property
    def folded_html(self):
        return mark_safe("".join(self.folded))

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


def step_groups(section, view, answers):
    """The groups of a step's rows, filled with ``answers`` {uid: (checked, development,
    section uid, section number)}; competencies answered on another step are folded."""
    groups = [Group(legend) for legend, _competency in view.legends]
    section_uid = str(section.uid)
    for item in view.items:
        checked, development, where_uid, where_number = answers.get(item.uid, NO_ANSWER)
        row = fill_row(view.rows[item.uid], checked, development)
        place, competency = view.places[item.uid]
        group = groups[place]
        if competency and where_uid and where_uid != section_uid:
            group.folded.append(row)
            if where_number not in group.folded_at:
                group.folded_at.append(where_number)
        else:
            group.rows.append(row)
    shown = [(g, c) for g, (_legend, c) in zip(groups, view.legends, strict=True)]
    return StepGroups(
        [g for g, c in shown if not c and g.rows],
        [g for g, c in shown if c and (g.rows or g.folded)],
        view.task_count,
        view.competency_count,
    )


def step_answers(assessment, items=None):
    """{uid: (checked, development, section uid, section number)} of this scan, for ``items``
    or all (one query serves a step and the scan's progress)."""
    wanted = None if items is None else {item.uid for item in items}
    return {
        uid: (checked, development, section_uid, number)
        for uid, checked, development, section_uid, number in scan_answers(
            assessment, "item_uid", "checked", "development", "section_uid", "section_number"
        )
        if wanted is None or uid in wanted
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


def progress(assessment, sections, answers=None):
    """How far a scan is, per step; one query for the answers (or ``step_answers`` of all of
    them), the items from the cache."""
    items = outline_items(sections)
    if answers is None:
        answers = {
            uid: (checked, development)
            for uid, checked, development in scan_answers(
                assessment, "item_uid", "checked", "development"
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
                sum(1 for answer in mine if answer[0]),
                sum(1 for answer in mine if answer[1]),
            )
        )
    return Progress(steps)

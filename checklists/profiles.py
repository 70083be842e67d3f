"""Role profiles (functieprofielen): making one, connecting scans to it, the gap between a
scan and its position, the team's coverage and the job description.

A profile's ticks are the answers of a SelfAssessment of role ``profile`` (``RoleProfile``),
so it is filled in with the scan's own steps, short route, autosave and no-JS path, and
compared by item uid like any two assessments. Everything here reads the live items of the
scope (``structure.outline_items``), in the framework's wording.
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from framework_pages.vocabulary import COMPETENTIE, KERNTAAK, QUADRANTS, TASK

from .access import team_members
from .models import Answer, ProfileConnection, RoleProfile, SelfAssessment
from .structure import outline_items, outline_of


def begin_profile(scope, edition, title, organisation="", owner=None):
    """A new role profile of ``scope``; returns it with its owner token (shown once)."""
    with transaction.atomic():
        answers, token = SelfAssessment.begin(
            scope, edition, role=SelfAssessment.Role.PROFILE, owner=owner
        )
        profile = RoleProfile(answers=answers, title=title, organisation=organisation)
        profile.set_share_token()  # not shown: the owner makes a share link when needed
        profile.save()
    return profile, token


def connect(assessment, profile, consent, name):
    """Connect a coordinator's scan to ``profile`` (replacing an earlier connection)."""
    ProfileConnection.objects.update_or_create(
        assessment=assessment,
        defaults={"profile": profile, "consent": consent, "name": name if consent else ""},
    )


def checked_uids(assessment):
    return {
        str(uid)
        for uid in assessment.answers.filter(checked=True).values_list("item_uid", flat=True)
    }


@dataclass
class GapSection:
    number: str
    title: str
    not_done: list = field(default_factory=list)  # tasks of the position not (yet) done
    outside: list = field(default_factory=list)  # tasks done outside the position
    not_mastered: list = field(default_factory=list)  # competencies needed, not (yet) mastered

    @property
    def empty(self):
        return not (self.not_done or self.outside or self.not_mastered)


@dataclass
class Gap:
    profile: RoleProfile
    sections: list
    quadrants: OrderedDict  # {quadrant key: (label, not done, outside)}
    on_plan: set  # uids already marked as ontwikkelpunt in the scan

    def count(self, name):
        return sum(len(getattr(s, name)) for s in self.sections)

    @property
    def not_done(self):
        return self.count("not_done")

    @property
    def outside(self):
        return self.count("outside")

    @property
    def not_mastered(self):
        return self.count("not_mastered")

    @property
    def has_quadrants(self):
        """Whether any matrix task differs (kerntaken stand outside the four quadrants)."""
        return any(not_done or outside for _label, not_done, outside in self.quadrants.values())

    @property
    def shown_sections(self):
        return [s for s in self.sections if not s.empty]


def gap(assessment, profile):
    """What differs between a scan and the position it is connected to, per section of the
    scan's scope: exactly the items ticked in one and not in the other (an unanswered item
    counts as not ticked, as in the result)."""
    sections = outline_of(assessment)
    items_by_pk = outline_items(sections)
    position = checked_uids(profile.answers)
    rows = assessment.answers.values_list("item_uid", "checked", "development")
    done = {str(uid) for uid, checked, _dev in rows if checked}
    on_plan = {str(uid) for uid, _checked, dev in rows if dev}
    quadrants = OrderedDict((key, [label, 0, 0]) for key, label in QUADRANTS)
    result, seen = [], set()
    for section in sections:
        here = GapSection(section.number, section.title)
        for item in items_by_pk.get(section.pk, []):
            if item.uid in seen:  # a competency shared by sections: one answer, once
                continue
            seen.add(item.uid)
            wanted, has = item.uid in position, item.uid in done
            if wanted == has:
                continue
            if item.type == COMPETENTIE:
                if wanted:
                    here.not_mastered.append(item)
                continue
            (here.not_done if wanted else here.outside).append(item)
            if item.type == TASK:
                quadrants[item.quadrant][1 if wanted else 2] += 1
        result.append(here)
    return Gap(profile, result, quadrants, on_plan)


@dataclass
class Coverage:
    consenting: list  # [ProfileConnection] that count, with the name each chose
    declined: int
    tasks: list  # [(section title, item, [names])]
    competencies: list  # [(area name, item, [names])]

    @property
    def uncovered(self):
        return [row for row in self.tasks if not row[2]]


def position_items(profile):
    """[(section, item)] the position asks, in reading order, each item once."""
    sections = outline_of(profile.answers)
    items_by_pk = outline_items(sections)
    wanted = checked_uids(profile.answers)
    found, seen = [], set()
    for section in sections:
        for item in items_by_pk.get(section.pk, []):
            if item.uid in wanted and item.uid not in seen:
                seen.add(item.uid)
                found.append((section, item))
    return found


def coverage(profile):
    """Per task of the position how many consenting coordinators do it, per competency how
    many master it. A connection without consent is never read: only counted as declined."""
    consenting, declined = team_members(profile)
    names = {c.assessment_id: c.name or _("(zonder naam)") for c in consenting}
    by_item = {}
    for assessment_id, uid in Answer.objects.filter(
        assessment_id__in=list(names), checked=True
    ).values_list("assessment_id", "item_uid"):
        by_item.setdefault(str(uid), []).append(names[assessment_id])
    tasks, competencies = [], []
    for section, item in position_items(profile):
        who = sorted(by_item.get(item.uid, []), key=str)
        if item.type == COMPETENTIE:
            competencies.append((item.area_name, item, who))
        else:
            tasks.append((f"{section.number} {section.title}", item, who))
    competencies.sort(key=lambda row: (row[1].area_order, row[0]))
    return Coverage(consenting, declined, tasks, competencies)


@dataclass
class JobDescription:
    profile: RoleProfile
    edition_label: str
    kerntaken: list
    quadrants: list  # [(label, [item])] in the framework's order
    areas: list  # [(area name, [item])]


def job_description(profile):
    """The position's tasks by the four quadrants and its competencies by area."""
    kerntaken, cells, areas = [], OrderedDict((key, []) for key, _label in QUADRANTS), {}
    for _section, item in position_items(profile):
        if item.type == KERNTAAK:
            kerntaken.append(item)
        elif item.type == TASK:
            cells[item.quadrant].append(item)
        else:
            areas.setdefault((item.area_order, item.area_name), []).append(item)
    labels = dict(QUADRANTS)
    return JobDescription(
        profile,
        profile.answers.edition_label,
        kerntaken,
        [(labels[key], items) for key, items in cells.items() if items],
        [(name, items) for (_order, name), items in sorted(areas.items())],
    )

"""Anonymous statistics per edition for the association: what finished assessments tick.

Only aggregates of finished assessments, and nothing at all for groups smaller than
MIN_GROUP_SIZE, so that no one's answers can be read from the numbers.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from framework_pages.vocabulary import COMPETENTIE, TASK, quadrant_label

from .models import Answer, SelfAssessment

MIN_GROUP_SIZE = 10


@dataclass
class Statistics:
    edition: object
    role: str
    assessments: int
    items: list = field(default_factory=list)
    quadrants: list = field(default_factory=list)
    areas: list = field(default_factory=list)

    @property
    def too_small(self):
        return self.assessments < MIN_GROUP_SIZE


def _percent(part, whole):
    return round(100 * part / whole) if whole else 0


def edition_statistics(edition, role=""):
    finished = SelfAssessment.objects.filter(edition=edition, finished_at__isnull=False)
    if role:
        finished = finished.filter(role=role)
    stats = Statistics(edition, role, finished.count())
    if stats.too_small:
        return stats
    answers = Answer.objects.filter(assessment__in=finished)
    counts = {
        "shown": Count("id"),
        "checked": Count("id", filter=Q(checked=True)),
        "development": Count("id", filter=Q(development=True)),
    }
    for row in (
        answers.values("item_uid", "item_type")
        .annotate(text=Max("text"), section=Max("section_number"), **counts)
        .order_by("section", "item_type", "text")
    ):
        row["checked_percent"] = _percent(row["checked"], row["shown"])
        row["development_percent"] = _percent(row["development"], row["shown"])
        stats.items.append(row)
    for row in (
        answers.filter(item_type=TASK)
        .values("level", "kind")
        .annotate(**counts)
        .order_by("level", "kind")
    ):
        row["label"] = quadrant_label(row["level"], row["kind"])
        row["checked_percent"] = _percent(row["checked"], row["shown"])
        stats.quadrants.append(row)
    for row in (
        answers.filter(item_type=COMPETENTIE)
        .values("area_name")
        .annotate(**counts)
        .order_by("area_name")
    ):
        row["checked_percent"] = _percent(row["checked"], row["shown"])
        stats.areas.append(row)
    return stats

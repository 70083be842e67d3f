"""Anonymous statistics per edition for the association: what finished assessments tick.

No single person's answers can be derived from the figures, also not by someone who adds
assessments of their own (dummies) or compares the figures before and after one more
assessment. Two rules hold together (``docs/security.md`` states the guarantee):

- **Batches.** The figures count the first ``BATCH_SIZE`` × k finished assessments of a group
  (edition and role, in the order they were finished), for the largest such k. One more
  finished assessment changes nothing until the batch is full; fewer than ``BATCH_SIZE`` show
  nothing at all.
- **Noise.** Every figure is a sum over nodes of a binary tree over the batches (the
  "tree mechanism" for counts released over time): each node adds random noise of Laplace
  scale ``NOISE_SCALE`` to its exact sum. A person's answer changes a count by at most 1, so
  each node's figure is ``1 / NOISE_SCALE``-differentially private, and a person is in at
  most ⌈log₂(batches)⌉ + 1 nodes. The noise is drawn from an HMAC of the node's content with
  ``SECRET_KEY``: reloading the page shows the same figures (nothing to average), and the
  figures of a node change only when its content does. Nine dummies tell the attacker their own
  part of a sum, never the noise.

Quadrants and areas are averages of each assessment's own share (a person moves such a sum by
at most 1 too), not sums of all answers.
"""

import hashlib
import hmac
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q

from framework_pages.vocabulary import COMPETENTIE, TASK, quadrant_label

from .models import Answer, SelfAssessment

ASSESSMENT_ROLES = SelfAssessment.ASSESSMENT_ROLES

BATCH_SIZE = 10
MIN_GROUP_SIZE = BATCH_SIZE
NOISE_SCALE = 2.0  # Laplace scale b per node: ε = 1/b = 0.5 per figure and node


@dataclass
class Statistics:
    edition: object
    role: str
    finished: int  # all finished assessments of the group: not shown, decides the batches
    items: list = field(default_factory=list)
    quadrants: list = field(default_factory=list)
    areas: list = field(default_factory=list)

    @property
    def assessments(self):
        """The number the figures are based on: whole batches only."""
        return self.finished - self.finished % BATCH_SIZE

    @property
    def too_small(self):
        return self.assessments < MIN_GROUP_SIZE


def _percent(part, whole):
    return min(100, max(0, round(100 * part / whole))) if whole > 0 else 0


def laplace_noise(key):
    """Laplace(0, NOISE_SCALE) noise, the same for the same key, unknowable without SECRET_KEY."""
    digest = hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).digest()
    u = (int.from_bytes(digest[:8], "big") + 0.5) / 2**64 - 0.5  # in (-0.5, 0.5)
    return -NOISE_SCALE * math.copysign(1, u) * math.log(1 - 2 * abs(u))


def tree_nodes(batches):
    """The dyadic ranges of batches (level, start, end) that together cover [0, batches)."""
    start = 0
    for level in reversed(range(batches.bit_length())):
        if batches >> level & 1:
            yield level, start, start + (1 << level)
            start += 1 << level


class _NoisySums:
    """Per key (an item, a quadrant, an area), figures summed over the tree's nodes, each node
    with its own noise drawn from the node's exact content."""

    def __init__(self, group):
        self.group = group
        self.sums = defaultdict(lambda: defaultdict(float))

    def add_node(self, node, exact):
        """``exact``: {key: {figure: exact value in this node}}."""
        for key, figures in exact.items():
            for name, value in figures.items():
                content = json.dumps([self.group, node, str(key), name, value], default=str)
                self.sums[key][name] += value + laplace_noise(content)

    def figure(self, key, name, upper):
        return min(upper, max(0, round(self.sums[key][name])))


def _item_sums(answers):
    rows = answers.values("item_uid").annotate(
        shown=Count("id"),
        checked=Count("id", filter=Q(checked=True)),
        development=Count("id", filter=Q(development=True)),
    )
    return {row.pop("item_uid"): row for row in rows}


def _share_sums(answers, *group_by):
    """Per group (quadrant or area): the number of assessments that had it, and the sums of
    each assessment's share of ticks and development points in it."""
    sums = defaultdict(lambda: {"assessments": 0, "checked": 0.0, "development": 0.0})
    rows = answers.values("assessment_id", *group_by).annotate(
        shown=Count("id"),
        checked=Count("id", filter=Q(checked=True)),
        development=Count("id", filter=Q(development=True)),
    )
    for row in rows:
        key = tuple(row[name] for name in group_by)
        sums[key]["assessments"] += 1
        sums[key]["checked"] += row["checked"] / row["shown"]
        sums[key]["development"] += row["development"] / row["shown"]
    return sums


def edition_statistics(edition, role=""):
    finished = SelfAssessment.objects.filter(edition=edition, finished_at__isnull=False)
    # "All roles" are people's scans; role profiles (positions) are a group of their own.
    finished = finished.filter(role=role) if role else finished.filter(role__in=ASSESSMENT_ROLES)
    ids = list(finished.order_by("finished_at", "pk").values_list("pk", flat=True))
    stats = Statistics(edition, role, len(ids))
    if stats.too_small:
        return stats
    counted = Answer.objects.filter(assessment__in=ids[: stats.assessments])
    group = f"{edition.pk}:{role}"
    items, quadrants, areas = _NoisySums(group), _NoisySums(group), _NoisySums(group)
    for node in tree_nodes(stats.assessments // BATCH_SIZE):
        _level, start, end = node
        answers = Answer.objects.filter(assessment__in=ids[start * BATCH_SIZE : end * BATCH_SIZE])
        items.add_node(node, _item_sums(answers))
        quadrants.add_node(node, _share_sums(answers.filter(item_type=TASK), "level", "kind"))
        areas.add_node(node, _share_sums(answers.filter(item_type=COMPETENTIE), "area_name"))

    n = stats.assessments
    for row in (
        counted.values("item_uid", "item_type")
        .annotate(text=Max("text"), section=Max("section_number"))
        .order_by("section", "item_type", "text")
    ):
        uid = row["item_uid"]
        row["shown"] = items.figure(uid, "shown", n)
        row["checked"] = items.figure(uid, "checked", row["shown"])
        row["development"] = items.figure(uid, "development", row["shown"])
        row["checked_percent"] = _percent(row["checked"], row["shown"])
        row["development_percent"] = _percent(row["development"], row["shown"])
        stats.items.append(row)
    for level, kind in sorted(quadrants.sums):
        stats.quadrants.append(_share_row(quadrants, (level, kind), n))
        stats.quadrants[-1]["label"] = quadrant_label(level, kind)
    for (area_name,) in sorted(areas.sums):
        stats.areas.append(_share_row(areas, (area_name,), n))
        stats.areas[-1]["area_name"] = area_name
    return stats


def _share_row(sums, key, n):
    assessments = sums.figure(key, "assessments", n)
    return {
        "assessments": assessments,
        "checked_percent": _percent(sums.sums[key]["checked"], assessments),
        "development_percent": _percent(sums.sums[key]["development"], assessments),
    }

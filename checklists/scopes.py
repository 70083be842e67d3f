"""What a person can choose to fill in on the start page, with its size and about how long
it takes: the whole edition, a hoofdtaak (or the grondhouding), one task area."""

import math
from dataclasses import dataclass

from framework_pages.navigation import edition_outline

from .structure import outline_items, scope_outline

# Reading an item and ticking it, measured on paper and on a phone: about 6 seconds.
SECONDS_PER_ITEM = 6


@dataclass
class ScopeChoice:
    pk: int
    label: str
    items: int  # questions asked: each competency once, however many sections show it
    level: int  # 0 edition, 1 hoofdtaak or grondhouding, 2 task area
    children: list

    @property
    def minutes(self):
        return max(5, 5 * math.ceil(self.items * SECONDS_PER_ITEM / 60 / 5))


def scope_choices(edition):
    """[ScopeChoice]: the edition first, then its parts with their task areas."""
    sections = scope_outline(edition)
    items = outline_items(sections)
    uids = {section.pk: {item.uid for item in items.get(section.pk, [])} for section in sections}

    def asked(pks):
        return len(set().union(*(uids.get(pk, set()) for pk in pks))) if pks else 0

    parts = []
    for part, children in edition_outline(edition):
        pks = [child.pk for child in children] or [part.pk]
        parts.append(
            ScopeChoice(
                part.pk,
                f"{part.number} {part.title}",
                asked(pks),
                1,
                [
                    ScopeChoice(child.pk, f"{child.number} {child.title}", asked([child.pk]), 2, [])
                    for child in children
                ],
            )
        )
    whole = ScopeChoice(edition.pk, "", asked(list(uids)), 0, [])
    return [whole, *parts]

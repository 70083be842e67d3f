"""Carry a self-assessment's answers forward to another edition of the framework.

The old assessment stays as it was. A new one is made on the new edition with the same owner,
role and scope (the scope page found by its uid in the new edition); each answer whose item
still exists there (same uid) is copied with the new edition's text. What could not be carried
and what is new is reported, so the person knows what to look at again.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from framework_pages.items import bulk_section_items
from framework_pages.models import FrameworkPage
from framework_pages.visibility import visible_pages

from .models import Answer, RoleProfile, SelfAssessment
from .saving import answer_row
from .structure import scope_sections


class CarryError(Exception):
    """The assessment cannot be carried to this edition; the message says why, in Dutch."""


@dataclass
class Carried:
    """One answer as carried: the old answer and the new edition's wording of the item."""

    old: Answer
    new_text: str
    section: str

    @property
    def reworded(self):
        return self.old.text != self.new_text


@dataclass
class CarryResult:
    assessment: SelfAssessment
    token: str
    carried: list = field(default_factory=list)  # [Carried]
    dropped: list = field(default_factory=list)  # [Answer] whose item is gone
    new_items: list = field(default_factory=list)  # [(section title, Item)] not answered before

    @property
    def reworded(self):
        return [c for c in self.carried if c.reworded]

    def summary(self):
        """Plain data (for the session): what changed for this person."""
        return {
            "carried": len(self.carried),
            "reworded": [
                {"old": c.old.text, "new": c.new_text, "section": c.section} for c in self.reworded
            ],
            "dropped": [
                {"text": a.text, "section": f"{a.section_number} {a.section_title}"}
                for a in self.dropped
            ],
            "new": [{"text": item.text, "section": section} for section, item in self.new_items],
        }


def matching_scope(scope_page, edition):
    """The page of ``edition`` with the same uid as the old scope (the edition for a whole one)."""
    if scope_page is None:
        return None
    specific = scope_page.specific
    if isinstance(specific, FrameworkPage):
        return edition
    for page in visible_pages(edition.get_descendants()).specific():
        if page.uid == specific.uid:
            return page
    return None


def carry_forward(assessment, edition):
    """A new SelfAssessment on ``edition`` with the answers that still apply; a CarryResult."""
    if assessment.edition_id == edition.pk:
        raise CarryError(
            _("Deze zelfscan hoort al bij editie %(label)s.") % {"label": edition.edition_label}
        )
    scope = matching_scope(assessment.scope_page, edition)
    if scope is None:
        raise CarryError(
            _("Het onderdeel ‘%(scope)s’ bestaat niet meer in editie %(label)s.")
            % {"scope": assessment.scope_title, "label": edition.edition_label}
        )
    pages = scope_sections(scope)
    items_by_page = bulk_section_items(pages)
    # The first section that shows an item is where its answer belongs (as save_step does).
    where = {}
    for page in pages:
        for item in items_by_page[page.pk]:
            where.setdefault(item.uid, (page, item))

    old_answers = list(assessment.answers.order_by("section_number", "pk"))
    with transaction.atomic():
        # A manager's copy stays linked to the coordinator's scan it was made for: items
        # are compared by uid, across editions.
        new, token = SelfAssessment.begin(
            scope,
            edition,
            role=assessment.role,
            owner=assessment.owner,
            coordinator=assessment.coordinator_assessment,
        )
        if assessment.is_profile:  # a position carries its title; connected scans stay
            profile = assessment.role_profile
            carried = RoleProfile(
                answers=new, title=profile.title, organisation=profile.organisation
            )
            carried.set_share_token()
            carried.save()
        result = CarryResult(new, token)
        rows = []
        for answer in old_answers:
            found = where.get(str(answer.item_uid))
            if found is None:
                result.dropped.append(answer)
                continue
            page, item = found
            rows.append(
                answer_row(
                    new,
                    page,
                    item,
                    answer.checked,
                    answer.development,
                    plan_note=answer.plan_note,
                    plan_how=answer.plan_how,
                    plan_support=answer.plan_support,
                    plan_date=answer.plan_date,
                )
            )
            result.carried.append(Carried(answer, item.text, f"{page.number} {page.title}"))
        Answer.objects.bulk_create(rows)
    # New: items the old edition's scope did not have (not merely ones left unanswered).
    known = {str(a.item_uid) for a in old_answers}
    old_pages = scope_sections(assessment.scope_page)
    for items in bulk_section_items(old_pages).values():
        known.update(item.uid for item in items)
    result.new_items = [
        (f"{page.number} {page.title}", item)
        for uid, (page, item) in where.items()
        if uid not in known
    ]
    return result

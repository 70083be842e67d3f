"""Store one step's answers: all rows in one statement, in one transaction."""

from django.db import transaction
from django.utils import timezone

from .models import Answer, SelfAssessment


def answer_row(assessment, page, item, checked, development, **extra):
    """An Answer for an item as shown on a section page, keeping the text and place it had."""
    return Answer(
        assessment=assessment,
        item_uid=item.uid,
        item_type=item.type,
        text=item.text,
        section_uid=page.uid,
        section_number=page.number,
        section_title=page.title,
        level=item.level,
        kind=item.kind,
        area_name=item.area_name,
        checked=checked,
        development=development,
        **extra,
    )


def save_step(assessment, page, items, answers, revision_id):
    """Upsert an Answer per item shown whose tick, ontwikkelpunt or text differs from what is
    stored, keeping the text as it was shown; unchanged rows are not written again.

    The stored answers are read under the assessment's row lock, so of two saves of one step
    at the same moment the later one wins whole, never a mix of both. A competency shared by
    several sections is one answer: the section it was first answered in is kept, its tick
    follows the latest save.
    """
    now = timezone.now()
    with transaction.atomic():
        revisions = (
            SelfAssessment.objects.select_for_update()
            .values_list("page_revisions", flat=True)
            .get(pk=assessment.pk)
        )
        stored = {
            str(uid): (checked, development, text)
            for uid, checked, development, text in Answer.objects.filter(
                assessment=assessment, item_uid__in=[item.uid for item in items]
            ).values_list("item_uid", "checked", "development", "text")
        }
        rows = [
            answer_row(assessment, page, item, *answers[item.uid], updated_at=now)
            for item in items
            if stored.get(str(item.uid)) != (*answers[item.uid], item.text)
        ]
        if rows:
            Answer.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["assessment", "item_uid"],
                update_fields=["checked", "development", "text", "updated_at"],
            )
        revisions = {**revisions, str(page.uid): int(revision_id)}
        SelfAssessment.objects.filter(pk=assessment.pk).update(
            page_revisions=revisions, updated_at=now
        )
    assessment.page_revisions = revisions
    assessment.updated_at = now
    return len(rows)

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
    """Upsert an Answer per item shown (ticked or not), keeping the text as it was shown.

    A competency shared by several sections is one answer: the section it was first answered
    in is kept, its tick follows the latest save.
    """
    now = timezone.now()
    rows = [
        answer_row(assessment, page, item, *answers[item.uid], updated_at=now) for item in items
    ]
    with transaction.atomic():
        locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
        Answer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["assessment", "item_uid"],
            update_fields=["checked", "development", "text", "updated_at"],
        )
        revisions = {**locked.page_revisions, str(page.uid): int(revision_id)}
        SelfAssessment.objects.filter(pk=assessment.pk).update(
            page_revisions=revisions, updated_at=now
        )
    assessment.page_revisions = revisions
    assessment.updated_at = now
    return len(rows)

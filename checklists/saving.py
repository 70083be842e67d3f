"""Store one step's answers: all rows in one statement, in one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portal.prepared import prepared

from .models import Answer, SelfAssessment, scan_answers


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


@prepared
def _locked_revisions(pk):
    """The assessment's revisions, its row locked until the transaction ends."""
    return SelfAssessment.objects.select_for_update().filter(pk=pk).values_list("page_revisions")


@dataclass
class Saved:
    written: int  # answer rows written
    state: dict  # {uid: (checked, development)} of the step's items, as now stored
    scan: dict  # {uid: (checked, development)} of every answer of the scan, as now stored


def save_step(assessment, page, items, answers, revision_id, loaded=None, overwrite=()):
    """Store one step: every item shown gets an answer (ticked or not), with its text as shown.

    ``loaded`` is what the person's form showed, {uid: (checked, development)}: only a tick
    they changed from that is written. One that they left alone keeps what is stored, which
    another tab or another step with the same competency may have saved since. For a yes/no
    field a change from what was loaded can only go one way, so two saves never conflict:
    each keeps what the other changed. ``loaded=None`` (a client that does not say what it
    showed) writes everything posted; ``overwrite`` are uids written as posted regardless
    ("dit taakgebied doe ik niet").

    The stored answers are read under the assessment's row lock, so two saves at the same
    moment are applied one after the other. A competency shared by several sections is one
    answer: the section it was first answered in is kept. Unchanged rows are not written.
    """
    now = timezone.now()
    with transaction.atomic():
        ((revisions,),) = _locked_revisions(assessment.pk)
        # The whole scan's answers, not only this step's: what the page shows as progress
        # after the save comes from them too, without reading them again.
        stored = {
            uid: (checked, development, text)
            for uid, checked, development, text in scan_answers(
                assessment, "item_uid", "checked", "development", "text"
            )
        }
        state, rows = {}, []
        for item in items:
            before = stored.get(item.uid)
            posted = answers[item.uid]
            if loaded is None or item.uid in overwrite or before is None:
                new = posted
            else:
                shown = loaded.get(item.uid, posted)
                new = tuple(
                    p if p != s else b for p, s, b in zip(posted, shown, before[:2], strict=True)
                )
            state[item.uid] = new
            if before != (*new, item.text):
                rows.append(answer_row(assessment, page, item, *new, updated_at=now))
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
    scan = {uid: answer[:2] for uid, answer in stored.items()}
    return Saved(len(rows), state, {**scan, **state})

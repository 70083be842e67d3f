"""The development plan: per ontwikkelpunt what, how, who helps and by when; saving it without
losing what another tab saved; the print page's points and the calendar file."""

import datetime
import json
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from .forms import PlanItemForm
from .models import Answer, SelfAssessment

# Form field → Answer field.
FIELDS = {"note": "plan_note", "how": "plan_how", "support": "plan_support", "date": "plan_date"}


def plain(value):
    """A plan value as it travels in the form's ``loaded`` field."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value or ""


def loaded_json(answer):
    return json.dumps({name: plain(getattr(answer, attr)) for name, attr in FIELDS.items()})


def plan_forms(assessment, data=None):
    """[(answer, PlanItemForm)] of every ontwikkelpunt, in section order."""
    answers = assessment.answers.filter(development=True).order_by("section_number", "pk")
    return [
        (
            answer,
            PlanItemForm(
                data,
                prefix=f"p{answer.pk}",
                initial={
                    **{name: getattr(answer, attr) for name, attr in FIELDS.items()},
                    "loaded": loaded_json(answer),
                },
            ),
        )
        for answer in answers
    ]


@dataclass
class Conflict:
    answer: Answer
    label: str
    stored: str
    yours: str


def save_plan(assessment, forms):
    """Write what each valid form changed from what its page showed; [Conflict] for a field
    that was changed here *and* meanwhile elsewhere to something else: it keeps the stored
    value, and the page shows both, so that nothing is lost."""
    now = timezone.now()
    conflicts = []
    with transaction.atomic():
        SelfAssessment.objects.select_for_update().filter(pk=assessment.pk).update(updated_at=now)
        fresh = {a.pk: a for a in Answer.objects.filter(pk__in=[answer.pk for answer, _f in forms])}
        for answer, form in forms:
            try:
                shown = json.loads(form.cleaned_data["loaded"] or "null")
            except ValueError:
                shown = None
            stored = fresh[answer.pk]
            updates = {}
            for name, attr in FIELDS.items():
                posted, now_stored = plain(form.cleaned_data[name]), plain(getattr(stored, attr))
                before = shown.get(name, now_stored) if isinstance(shown, dict) else now_stored
                if posted in (before, now_stored):
                    continue  # not changed here, or already so
                if now_stored != before:
                    conflicts.append(Conflict(stored, form.fields[name].label, now_stored, posted))
                    continue
                updates[attr] = form.cleaned_data[name]
            if updates:
                Answer.objects.filter(pk=answer.pk).update(**updates, updated_at=now)
    return conflicts


def filled_points(assessment):
    """The ontwikkelpunten with anything planned, in section order: what the print shows."""
    return [
        answer
        for answer in assessment.answers.filter(development=True).order_by("section_number", "pk")
        if answer.plan_note or answer.plan_how or answer.plan_support or answer.plan_date
    ]


def calendar(assessment, title):
    """The plan's target dates as all-day events (iCalendar bytes)."""
    cal = Calendar()
    cal.add("prodid", "-//Beroepsprofiel coordinator vrijwilligerswerk//Zelfscan//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    stamp = timezone.now()
    for answer in assessment.answers.filter(development=True, plan_date__isnull=False).order_by(
        "plan_date", "section_number"
    ):
        event = Event()
        # Stable per assessment and item, without revealing either.
        event.add(
            "uid",
            f"{uuid.uuid5(uuid.NAMESPACE_URL, f'{assessment.token_hash}/{answer.item_uid}')}@zelfscan",
        )
        event.add("dtstamp", stamp)
        event.add("dtstart", answer.plan_date)
        event.add("dtend", answer.plan_date + datetime.timedelta(days=1))
        event.add("summary", f"Ontwikkelpunt: {answer.text}")
        details = [
            text for text in (answer.plan_note, answer.plan_how, answer.plan_support) if text
        ]
        if details:
            event.add("description", "\n".join(details))
        cal.add_component(event)
    return cal.to_ical()

"""Generate self-assessments with answers, inside Django: the assessments with bulk_create.

Mostly one task area, some a whole hoofdtaak or the whole framework, answered step by step
as people do: a task-area scan is complete, a longer one is often left half-way.
"""

import random
import time

from django.db import connection, transaction

ASSESSMENT_BATCH = 1000
ANSWER_BATCH = 5000
MULTI_ROW = 1000  # rows per INSERT on PostgreSQL: 16,000 parameters, below its 65,535
POST_TOKENS = 16  # one assessment per wrk connection for the save POST: no shared row lock


class AnswerWriter:
    """Insert answers with one prepared statement per batch.

    The columns and each item's values are prepared by the model's own fields, once per item;
    bulk_create would prepare every value of every row again, which made 10,000 assessments
    (some 420,000 answers) take minutes instead of seconds.
    """

    def __init__(self, Answer, connection, now):
        self.connection = connection
        self.fields = [f for f in Answer._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        self.values = "({})".format(", ".join(["%s"] * len(self.fields)))
        self.sql = "INSERT INTO {} ({}) VALUES {}".format(
            quote(Answer._meta.db_table),
            ", ".join(quote(f.column) for f in self.fields),
            self.values,
        )
        self.by_name = {f.name: f for f in self.fields}
        self.now = self.prepare("updated_at", now)
        self._items = {}
        self.rows = []

    def prepare(self, name, value):
        return self.by_name[name].get_db_prep_save(value, self.connection)

    def item_values(self, page, item):
        key = (page.pk, item.uid)
        if key not in self._items:
            values = {
                "item_uid": item.uid,
                "item_type": item.type,
                "text": item.text,
                "section_uid": page.uid,
                "section_number": page.number,
                "section_title": page.title,
                "level": item.level,
                "kind": item.kind,
                "area_name": item.area_name,
                "plan_note": "",
                "plan_how": "",
                "plan_support": "",
                "plan_date": None,
            }
            self._items[key] = {k: self.prepare(k, v) for k, v in values.items()}
        return self._items[key]

    def add(self, assessment_id, page, item, checked, development):
        values = {
            **self.item_values(page, item),
            "assessment": assessment_id,
            "checked": checked,
            "development": development,
            "updated_at": self.now,
        }
        self.rows.append(tuple(values[f.name] for f in self.fields))

    def flush(self):
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "sqlite":  # in-process: executemany is fastest
                for start in range(0, len(self.rows), ANSWER_BATCH):
                    cursor.executemany(self.sql, self.rows[start : start + ANSWER_BATCH])
            else:  # over the network: many rows per statement, not a round trip per row
                per = MULTI_ROW
                for start in range(0, len(self.rows), per):
                    chunk = self.rows[start : start + per]
                    cursor.execute(
                        self.sql + (", " + self.values) * (len(chunk) - 1),
                        [value for row in chunk for value in row],
                    )
        count, self.rows = len(self.rows), []
        return count


def _answer(writer, assessment, pages, items_by_page, rng):
    """Answer every item of the answered pages, each shared competency once."""
    seen = set()
    for page in pages:
        for item in items_by_page[page.pk]:
            if item.uid in seen:
                continue
            seen.add(item.uid)
            checked = rng.random() < 0.6
            writer.add(assessment.pk, page, item, checked, not checked and rng.random() < 0.4)


def generate(count, seed=2025):
    """Create ``count`` assessments; returns the tokens and URLs the benchmark measures."""
    from django.utils import timezone

    from checklists.models import Answer, SelfAssessment
    from checklists.structure import scope_sections, scope_title
    from framework_pages.items import bulk_section_items
    from framework_pages.models import FrameworkPage, HoofdtaakPage

    rng = random.Random(seed)
    started = time.monotonic()
    edition = FrameworkPage.objects.live().get(edition_label="2025")
    sections = scope_sections(edition)
    items_by_page = bulk_section_items(sections)
    hoofdtaken = list(HoofdtaakPage.objects.child_of(edition).live().order_by("path"))
    pages_of = {h.pk: scope_sections(h) for h in hoofdtaken}
    pages_of[edition.pk] = sections
    for section in sections:
        pages_of[section.pk] = [section]
    matchen = next((s for s in sections if s.slug == "matchen"), sections[0])

    def scope_for(index):
        # The first assessments are the known ones the benchmark requests.
        if index < 1 + POST_TOKENS:
            return matchen
        if index == 1 + POST_TOKENS:
            return hoofdtaken[0]
        if index == 2 + POST_TOKENS:
            return edition
        roll = rng.random()
        if roll < 0.80:
            return rng.choice(sections)
        if roll < 0.95:
            return rng.choice(hoofdtaken)
        return edition

    known, answers_total = {}, 0
    now = timezone.now()
    writer = AnswerWriter(Answer, connection, now)
    for start in range(0, count, ASSESSMENT_BATCH):
        batch, plans = [], []
        for index in range(start, min(start + ASSESSMENT_BATCH, count)):
            scope = scope_for(index)
            assessment = SelfAssessment(
                edition=edition,
                edition_label=edition.edition_label,
                scope_page=scope,
                scope_title=scope_title(scope),
            )
            token = assessment.set_token()
            pages = pages_of[scope.pk]
            answered = pages if len(pages) == 1 else pages[: rng.randint(1, len(pages))]
            if len(answered) == len(pages) and rng.random() < 0.6:
                assessment.finished_at = now
            assessment.page_revisions = {str(p.uid): p.live_revision_id for p in answered}
            batch.append(assessment)
            plans.append(answered)
            if index == 0:
                known["taakgebied"] = token
            elif index <= POST_TOKENS:
                known.setdefault("post", []).append(token)
            elif index == 1 + POST_TOKENS:
                known["hoofdtaak"] = token
            elif index == 2 + POST_TOKENS:
                known["geheel"] = token
        with transaction.atomic():
            SelfAssessment.objects.bulk_create(batch)
            for assessment, answered in zip(batch, plans, strict=True):
                _answer(writer, assessment, answered, items_by_page, rng)
            answers_total += writer.flush()
    # The measured result page is of a finished assessment.
    SelfAssessment.objects.by_token(known["taakgebied"]).update(finished_at=now)

    competentie = next(i for i in items_by_page[matchen.pk] if i.type == "competentie")
    edition_path = edition.get_url_parts()[2]
    return {
        "assessments": count,
        "answers": answers_total,
        "seconds": round(time.monotonic() - started, 1),
        "tokens": known,
        "paths": {
            "edition": edition_path,
            "section": matchen.get_url_parts()[2],
            "hoofdtaak": hoofdtaken[0].get_url_parts()[2],
            "competentie": f"{edition_path}competenties/{competentie.uid}/",
            "search": f"{edition_path}zoeken/?q=werving",
        },
        "section_id": matchen.pk,
        "hoofdtaak_id": hoofdtaken[0].pk,
    }

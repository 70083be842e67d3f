"""The self-assessment's private pages are never cached: each keeps a fixed budget of SQL
queries, however many answers a scan holds (``make bench`` prints the same counts).

A budget counts a warm request, as a running site serves it: the outline, items and step rows
kept under the content version, which the shared cache (here the database table, as without
Redis) gives once per request. The whole-framework scan is measured before and after all its
14 steps are answered.
"""

import random

import pytest
from django.test import Client

from checklists import results
from checklists.models import Answer, SelfAssessment, hash_token
from checklists.structure import outline_items, scope_outline
from framework_pages.items import COMPETENTIE, TASK, section_items
from framework_pages.models import TaakgebiedPage

from .conftest import page_form, tick_data

pytestmark = pytest.mark.django_db

# Warm requests; a private page reads: the content version, the assessment, its answers.
BUDGETS = {
    "step": 3,
    "result": 3,  # whether a manager's copy exists comes with the assessment
    "overview": 4,  # and the managers it lists
    # The save, without JavaScript's help from the cache: the assessment, the transaction with
    # its lock, the scan's answers (the progress shown after the save comes from them), the
    # written rows, the assessment's revisions.
    "save": 8,
}


def pages(token):
    return {
        "step": f"/zelfscan/{token}/stap/1/",
        "result": f"/zelfscan/{token}/resultaat/",
        "overview": f"/zelfscan/{token}/",
    }


def assert_budgets(client, token, django_assert_max_num_queries):
    for name, url in pages(token).items():
        client.get(url)  # cold: fills the caches
        with django_assert_max_num_queries(BUDGETS[name], info=name):
            assert client.get(url).status_code == 200
    url = pages(token)["step"]
    fields, boxes = page_form(client.get(url).content.decode())
    fields.update({name: "on" for name in boxes[::3]})  # a few ticks changed: rows written
    with django_assert_max_num_queries(BUDGETS["save"], info="save"):
        response = client.post(url, fields, HTTP_X_REQUESTED_WITH="fetch")
    assert response.json()["saved"] is True


def test_a_task_area_scan_keeps_its_query_budget(
    client, section, start_assessment, django_assert_max_num_queries
):
    token = start_assessment(section)
    assert_budgets(client, token, django_assert_max_num_queries)
    client.post(
        pages(token)["step"], tick_data(section, checked=[i.uid for i in section_items(section)])
    )
    assert_budgets(client, token, django_assert_max_num_queries)


def test_a_whole_framework_scan_keeps_its_budget_with_every_step_answered(
    client, edition, start_assessment, django_assert_max_num_queries
):
    token = start_assessment(edition)
    assert_budgets(client, token, django_assert_max_num_queries)
    assessment = SelfAssessment.objects.get(token_hash=hash_token(token))
    for number, section in enumerate(scope_outline(assessment.scope_page), 1):
        page = TaakgebiedPage.objects.get(pk=section.pk)
        uids = [i.uid for i in section_items(page)]
        client.post(f"/zelfscan/{token}/stap/{number}/", tick_data(page, uids[::2], uids[1::3]))
    assert Answer.objects.filter(assessment=assessment).count() > 200  # each item once
    assert_budgets(client, token, django_assert_max_num_queries)


def test_the_result_offers_the_comparison_only_when_a_manager_filled_in(
    client, section, start_assessment, django_assert_max_num_queries
):
    token = start_assessment(section)
    url = f"/zelfscan/{token}/resultaat/"
    assert "Vergelijk met je leidinggevende" not in client.get(url).content.decode()
    coordinator = SelfAssessment.objects.get(token_hash=hash_token(token))
    SelfAssessment.begin(section, coordinator.edition, role="manager", coordinator=coordinator)
    with django_assert_max_num_queries(BUDGETS["result"]):
        html = client.get(url).content.decode()
    assert "Vergelijk met je leidinggevende" in html


def counted_item_by_item(assessment, sections):
    """The result's counts as a person reads them off the step pages: item by item, a shared
    competency once per area, items added since a finished scan not at all."""
    items_by_pk = outline_items(sections)
    answers = results.stored_answers(assessment)
    tally, areas, seen = {}, {}, set()

    def add(key, answer):
        checked, total, development = tally.get(key, (0, 0, 0))
        tally[key] = (
            checked + bool(answer and answer.checked),
            total + 1,
            development + bool(answer and answer.development),
        )

    for section in sections:
        for item in items_by_pk[section.pk]:
            answer = answers.get(item.uid)
            if assessment.is_finished and answer is None:
                continue
            if item.type == COMPETENTIE:
                add((section.uid, "competencies"), answer)
                if item.uid not in seen:
                    seen.add(item.uid)
                    areas.setdefault(item.area_name, None)
                    add(("area", item.area_name), answer)
            else:
                add((section.uid, "tasks"), answer)
                if item.type == TASK:
                    add((section.uid, item.quadrant), answer)
                    add(("whole", item.quadrant), answer)
    return tally, list(areas)


@pytest.mark.parametrize("finished", [False, True])
def test_the_result_counts_every_item_as_the_steps_show_it(
    client, edition, start_assessment, finished
):
    """The result's set-based counts equal a count item by item, also for a finished scan
    whose steps were partly never saved (those items are not counted, and an area appears from
    its first answered competency on)."""
    token = start_assessment(edition)
    assessment = SelfAssessment.objects.get(token_hash=hash_token(token))
    sections = scope_outline(assessment.scope_page)
    rng = random.Random(13)
    for number, section in enumerate(sections, 1):
        if number % 3 == 0:
            continue  # never saved
        page = TaakgebiedPage.objects.get(pk=section.pk)
        uids = [i.uid for i in section_items(page)]
        ticked = [u for u in uids if rng.random() < 0.5]
        development = [u for u in uids if rng.random() < 0.2]
        client.post(f"/zelfscan/{token}/stap/{number}/", tick_data(page, ticked, development))
    if finished:
        Answer.objects.filter(
            assessment=assessment,
            item_uid__in=[u for u in results.stored_answers(assessment) if rng.random() < 0.2],
        ).delete()
        client.post(f"/zelfscan/{token}/afronden/", {"confirm": "1"})
    assessment = SelfAssessment.objects.get(pk=assessment.pk)
    assert assessment.is_finished == finished

    computed = results.compute(assessment, sections)
    tally, area_order = counted_item_by_item(assessment, sections)

    def of(key):
        return tally.get(key, (0, 0, 0))

    for section in computed.sections:
        assert astuple(section.tasks) == of((section.uid, "tasks"))
        assert astuple(section.competencies) == of((section.uid, "competencies"))
        for key, cell in section.cells.items():
            assert astuple(cell) == of((section.uid, key))
    for key, count in computed.quadrants.items():
        assert astuple(count) == of(("whole", key))
    assert list(computed.areas) == area_order
    for name, count in computed.areas.items():
        assert astuple(count) == of(("area", name))


def astuple(count):
    return (count.checked, count.total, count.development)


def test_a_step_shows_the_same_ticks_as_stored(client, section, start_assessment):
    """Answers read as plain text uids (no uuid object per row) still match the items."""
    token = start_assessment(section)
    uids = [i.uid for i in section_items(section)]
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, uids[:3], uids[-2:]))
    other = Client()
    _fields, boxes = page_form(other.get(f"/zelfscan/{token}/stap/1/").content.decode())
    html = other.get(f"/zelfscan/{token}/stap/1/").content.decode()
    for uid in uids[:3]:
        assert f'name="i-{uid}-c" checked' in html
    for uid in uids[-2:]:
        assert f'name="i-{uid}-o" checked' in html
    assert html.count(" checked") == 5
    assert boxes

"""The task matrix as editors edit it: its grid in the editor, a move between cells in Wagtail's
revision comparison, and the maximum length of item texts (framework_pages/limits.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from framework_pages.blocks import KerntaakBlock, TaskItemBlock
from framework_pages.exchange.validation import validate_document
from framework_pages.limits import ITEM_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH
from framework_pages.models import Competentie

from .factories import (
    body_index,
    fixture_document,
    move_task,
    section_doc,
    section_path,
    soup,
    text,
)

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (ITEM_TEXT_MAX_LENGTH + 1)
TOO_LONG_MESSAGE = f"Te lang: {ITEM_TEXT_MAX_LENGTH + 1} tekens, hoogstens {ITEM_TEXT_MAX_LENGTH}."


def first_task(section):
    matrix = next(b for b in section.body.raw_data if b["type"] == "task_matrix")["value"]
    return matrix["uitvoerend"]["basis"][0]


def test_the_edit_page_shows_the_matrix_as_its_grid_with_collapsed_tasks(admin_client, section):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[section.pk])).content.decode()
    # The cells are the editor's own list block (task-matrix.js), collapsed, with the move menu.
    assert "framework_pages.blocks.TaskCellBlock" in html
    assert "framework_pages/js/task-matrix.js" in html
    assert "Verplaats naar een ander vak" in html
    # One concise help for the matrix; no help repeated at every task, row and cell. (Parts
    # without "ö": block definitions reach the page as ASCII-escaped JSON.)
    assert "haar lezen en aanvinken" not in html
    assert "beginnend en ervaren" not in html
    assert "met veel direct contact" not in html


def test_revision_comparison_shows_a_move_between_cells_as_moved(admin_client, section):
    before = section.get_latest_revision()
    task = first_task(section)
    after = move_task(section, task["id"], "tactisch_strategisch", "aanvullend")
    url = f"/admin/pages/{section.pk}/revisions/compare/{before.pk}...{after.pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    page = soup(response)
    moved = [
        node
        for node in page.select("dd > .comparison__child-object")
        if task["value"]["text"] in text(node)
    ]
    # Once, in its new cell, as moved from where it stood; not deleted here and added there.
    assert len(moved) == 1, [text(n) for n in moved]
    assert "Verplaatst van Uitvoerend niveau — Basistaken" in text(moved[0])
    assert "addition" not in moved[0]["class"] and "deletion" not in moved[0]["class"]
    cell = moved[0].find_parent("dd").find_previous_sibling("dt")
    assert text(cell) == "Tactisch en strategisch niveau — Aanvullende taken"


def test_revision_comparison_shows_a_move_within_a_cell(admin_client, section):
    before = section.get_latest_revision()
    task = first_task(section)
    after = move_task(section, task["id"], "uitvoerend", "basis")
    url = f"/admin/pages/{section.pk}/revisions/compare/{before.pk}...{after.pk}/"
    page = soup(admin_client.get(url))
    moved = [
        n for n in page.select("dd > .comparison__child-object") if task["value"]["text"] in text(n)
    ]
    assert len(moved) == 1
    assert "Verplaatst binnen dit vak" in text(moved[0])


@pytest.mark.parametrize(
    "block, field",
    [(TaskItemBlock(), "text"), (KerntaakBlock(), "text")],
    ids=["taak", "kerntaak"],
)
def test_an_item_text_over_the_limit_is_refused_in_dutch(block, field):
    block.child_blocks[field].clean("x" * ITEM_TEXT_MAX_LENGTH)  # the limit itself is fine
    with pytest.raises(ValidationError) as refused:
        block.child_blocks[field].clean(TOO_LONG)
    assert refused.value.messages == [TOO_LONG_MESSAGE]


def test_a_note_over_the_limit_is_refused_in_dutch():
    with pytest.raises(ValidationError) as refused:
        TaskItemBlock().child_blocks["note"].clean("n" * (NOTE_MAX_LENGTH + 1))
    assert refused.value.messages == [
        f"Te lang: {NOTE_MAX_LENGTH + 1} tekens, hoogstens {NOTE_MAX_LENGTH}."
    ]


def test_a_competency_text_over_the_limit_is_refused_in_dutch(edition):
    competentie = Competentie.objects.filter(edition=edition).first()
    competentie.text = TOO_LONG
    with pytest.raises(ValidationError) as refused:
        competentie.full_clean()
    assert refused.value.message_dict["text"] == [TOO_LONG_MESSAGE]


def test_an_imported_task_over_the_limit_is_refused_at_its_place_in_dutch():
    document = fixture_document()
    section = section_doc(document, "2.3")
    matrix = body_index(section, "task_matrix")
    section["body"][matrix]["uitvoerend"]["basis"][0]["text"] = TOO_LONG
    problems = validate_document(document)
    where = f"{section_path(document, '2.3')}.body[{matrix}].uitvoerend.basis[0].text"
    assert [(p.where, p.message) for p in problems] == [(where, TOO_LONG_MESSAGE)]

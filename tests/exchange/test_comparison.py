"""Comparing two editions item by item: exactly the changes made, with a word diff."""

import pytest
from django.template.loader import render_to_string

from framework_pages.exchange.comparison import (
    ADDED,
    AREA_CHANGED,
    MOVED,
    REMOVED,
    RENAMED,
    REWORDED,
    compare_documents,
    word_diff,
)

from ..framework_pages.factories import body_block, fixture_document, new_id, section_doc


def changed_edition():
    """A second edition made from the fixture with known changes; returns (document, expected)."""
    document = fixture_document()
    document["edition"].update(uid=new_id(), label="2026", slug="editie-2026")
    matchen = body_block(section_doc(document, "2.3"), "task_matrix")
    begeleiden = body_block(section_doc(document, "2.4"), "task_matrix")

    reworded = matchen["uitvoerend"]["basis"][0]
    reworded["text"] = reworded["text"].rstrip(".") + " en <houdt> contact."
    removed = matchen["uitvoerend"]["basis"].pop(1)
    added = {"id": new_id(), "text": "Zorgt voor een warm welkom."}
    matchen["uitvoerend"]["aanvullend"].append(added)
    to_other_cell = matchen["uitvoerend"]["basis"].pop(1)
    matchen["tactisch_strategisch"]["aanvullend"].insert(0, to_other_cell)
    to_other_section = begeleiden["uitvoerend"]["basis"].pop(0)
    matchen["uitvoerend"]["basis"].append(to_other_section)
    competency = document["competenties"][3]
    competency["text"] = "Herformuleerd: " + competency["text"]
    expected = {
        (REWORDED, reworded["id"]),
        (REMOVED, removed["id"]),
        (ADDED, added["id"]),
        (MOVED, to_other_cell["id"]),
        (MOVED, to_other_section["id"]),
        (REWORDED, competency["uid"]),
    }
    return document, expected


def test_identical_documents_have_no_changes():
    comparison = compare_documents(fixture_document(), fixture_document())
    assert not comparison.has_changes
    assert comparison.items == [] and comparison.sections == []
    assert set(comparison.counts.values()) == {0}


def test_comparison_lists_exactly_the_changes_made():
    old = fixture_document()
    new, expected = changed_edition()
    comparison = compare_documents(old, new)

    assert {(c.change, c.uid) for c in comparison.items} == expected
    assert len(comparison.items) == len(expected)
    assert comparison.sections == []
    assert comparison.counts == {ADDED: 1, REMOVED: 1, REWORDED: 2, MOVED: 2, AREA_CHANGED: 0}
    assert (comparison.old_label, comparison.new_label) == ("2025", "2026")


def test_a_move_says_from_where_to_where():
    new, _ = changed_edition()
    comparison = compare_documents(fixture_document(), new)
    moves = {
        c.old.section.number + " → " + c.new.section.number: c
        for c in comparison.items
        if c.change == MOVED
    }
    cell = moves["2.3 → 2.3"]
    assert (cell.old.level, cell.old.kind) == ("uitvoerend", "basis")
    assert (cell.new.level, cell.new.kind) == ("tactisch_strategisch", "aanvullend")
    assert cell.new.place == "Tactisch en strategisch niveau — Aanvullende taken"
    assert "2.4 → 2.3" in moves


def test_changes_are_grouped_by_section_with_competencies_last():
    new, _ = changed_edition()
    groups = compare_documents(fixture_document(), new).by_section()
    assert [str(section) if section else None for section, _ in groups] == ["2.3 Matchen", None]
    assert len(groups[0][1]) == 5


def test_the_word_diff_marks_and_escapes_words():
    html = word_diff(
        "Aanspreekpunt voor vrijwilligers zijn.",
        "Aanspreekpunt <b> voor nieuwe vrijwilligers zijn.",
    )
    assert html.startswith("Aanspreekpunt <ins>")
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "nieuwe" in html and "verwijderd" not in html
    assert word_diff("een twee drie", "een vier drie") == (
        'een <del><span class="visually-hidden">verwijderd: </span>twee</del> '
        '<ins><span class="visually-hidden">toegevoegd: </span>vier</ins> drie'
    )


def test_the_reworded_item_carries_its_diff():
    new, _ = changed_edition()
    comparison = compare_documents(fixture_document(), new)
    task = next(c for c in comparison.items if c.change == REWORDED and c.type == "task")
    assert "<ins>" in task.diff_html and "&lt;houdt&gt;" in task.diff_html


def test_sections_added_removed_and_renamed():
    old = fixture_document()
    new = fixture_document()
    hoofdtaak = next(s for s in new["sections"] if s["number"] == "4")
    gone = hoofdtaak["taakgebieden"].pop()  # 4.4 with all its tasks
    renamed = section_doc(new, "2.3")
    renamed["title"] = "Matchen en plaatsen"
    extra = {
        "type": "taakgebied",
        "uid": new_id(),
        "number": "4.5",
        "title": "Nieuw",
        "slug": "nieuw",
        "body": [],
    }
    hoofdtaak["taakgebieden"].append(extra)

    comparison = compare_documents(old, new)
    assert {(c.change, c.uid) for c in comparison.sections} == {
        (REMOVED, gone["uid"]),
        (RENAMED, renamed["uid"]),
        (ADDED, extra["uid"]),
    }
    # The removed section's tasks are removed items; its competencies moved out of it.
    removed = [c for c in comparison.items if c.change == REMOVED]
    assert removed and all(c.old.section.number == "4.4" for c in removed)
    assert {c.change for c in comparison.items} <= {REMOVED, MOVED}


@pytest.mark.parametrize("change", [AREA_CHANGED])
def test_a_competency_in_another_area(change):
    new = fixture_document()
    competency = new["competenties"][0]
    other = next(a for a in new["competentiegebieden"] if a["uid"] != competency["area"])
    competency["area"] = other["uid"]
    comparison = compare_documents(fixture_document(), new)
    assert [(c.change, c.uid) for c in comparison.items] == [(change, competency["uid"])]
    assert comparison.items[0].new.area_name == other["name"]


def test_a_task_moved_within_its_cell_is_moved_there():
    """Reordering a cell moves the task that changed place, not every task after it."""
    new = fixture_document()
    cell = body_block(section_doc(new, "2.3"), "task_matrix")["uitvoerend"]["aanvullend"]
    moved = cell.pop(3)
    cell.insert(0, moved)
    comparison = compare_documents(fixture_document(), new)
    assert [(c.change, c.uid) for c in comparison.items] == [(MOVED, moved["id"])]
    (change,) = comparison.items
    assert change.within
    assert change.place == "Uitvoerend niveau — Aanvullende taken"
    # As the comparison screens show it: moved, in its cell, to another place in it.
    html = " ".join(
        render_to_string("exchange/_comparison.html", {"comparison": comparison}).split()
    )
    assert "Verplaatst</strong> (Uitvoerend niveau — Aanvullende taken):" in html
    assert "op een andere plaats in dezelfde lijst" in html
    assert "van 2.3 Matchen" not in html


def test_adding_and_removing_tasks_moves_none():
    new = fixture_document()
    cell = body_block(section_doc(new, "2.3"), "task_matrix")["uitvoerend"]["basis"]
    cell.pop(2)
    cell.insert(0, {"id": new_id(), "text": "Nieuwe eerste taak."})
    comparison = compare_documents(fixture_document(), new)
    assert {c.change for c in comparison.items} == {ADDED, REMOVED}

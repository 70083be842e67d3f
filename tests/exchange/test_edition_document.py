"""The edition document: export, import (new edition, new revisions, dry run) and validation."""

import copy
import json
import uuid

import pytest
from django.utils.html import escape
from wagtail.models import Page, Revision

from framework_pages.exchange.document import dumps, export_edition, without_timestamp
from framework_pages.exchange.importing import import_edition
from framework_pages.exchange.parsing import parse
from framework_pages.exchange.problems import DocumentError
from framework_pages.exchange.validation import validate_document
from framework_pages.models import (
    Competentie,
    Competentiegebied,
    FrameworkPage,
    TaakgebiedPage,
)

from ..framework_pages.factories import (
    body_block,
    body_index,
    fixture_bytes,
    fixture_document,
    import_state,
    section_doc,
    section_path,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return fixture_document()


def revision_counts(edition):
    return {
        page.pk: Revision.objects.for_instance(page).count()
        for page in edition.get_descendants(inclusive=True)
    }


# --------------------------------------------------------------------------------------------
# Export and round trip


def test_export_of_the_loaded_edition_is_the_fixture(edition, document):
    exported = export_edition(edition)
    assert exported["exported_at"]
    assert without_timestamp(exported) == document
    # The text form is JSON that reads back to the same document.
    assert parse(dumps(exported).encode("utf-8")) == exported


def test_round_trip_into_an_empty_database(edition):
    first = export_edition(edition)
    pages_before = Page.objects.count()
    subtree = edition.get_descendants(inclusive=True).count()

    # Empty the framework: the edition's subtree goes, its competencies and areas with it.
    FrameworkPage.objects.get(pk=edition.pk).delete()
    assert FrameworkPage.objects.count() == 0
    assert TaakgebiedPage.objects.count() == 0
    assert Competentie.objects.count() == 0
    assert Competentiegebied.objects.count() == 0
    assert Page.objects.count() == pages_before - subtree

    result = import_edition(parse(dumps(first).encode("utf-8")), publish=True)
    assert result.created
    assert Page.objects.count() == pages_before
    imported = FrameworkPage.objects.get()
    assert str(imported.uid) == first["edition"]["uid"]
    assert imported.pk != edition.pk  # really a new page

    second = export_edition(imported)
    assert without_timestamp(second) == without_timestamp(first)
    # Published, as the original: the export without drafts is the same document.
    assert without_timestamp(export_edition(imported, use_latest_revision=False)) == (
        without_timestamp(first)
    )


def test_importing_the_fixture_again_changes_nothing(edition):
    before = import_state()
    result = import_edition(parse(fixture_bytes()), publish=True)
    assert not result.created
    assert result.changes == []
    assert not result.changed
    assert result.edition.pk == edition.pk
    assert import_state() == before


# --------------------------------------------------------------------------------------------
# Changes


def _change_first_task(document, number="2.3"):
    task = body_block(section_doc(document, number), "task_matrix")["uitvoerend"]["basis"][0]
    old = task["text"]
    task["text"] = "Heet nieuwe vrijwilligers persoonlijk welkom op hun eerste dag."
    return old, task["text"], task["id"]


def _task_text(page, task_id):
    for block in page.body:
        if block.block_type == "task_matrix":
            for entry in block.value["uitvoerend"]["basis"].bound_blocks:
                if str(entry.id) == task_id:
                    return entry.value["text"]
    return None


def test_changing_one_task_creates_a_draft_revision_of_exactly_that_page(
    client, edition, section, document
):
    old, new, task_id = _change_first_task(document)
    before = revision_counts(edition)
    competencies_before = import_state()["competenties"]

    result = import_edition(document, publish=False)

    assert not result.created
    assert result.changes == ["Taakgebied gewijzigd: 2.3 Matchen (inhoud)"]
    after = revision_counts(edition)
    changed = {pk for pk in after if after[pk] != before[pk]}
    assert changed == {section.pk}
    assert after[section.pk] == before[section.pk] + 1

    page = TaakgebiedPage.objects.get(pk=section.pk)
    assert page.has_unpublished_changes
    assert _task_text(page, task_id) == old  # the published page is untouched
    assert _task_text(page.get_latest_revision_as_object(), task_id) == new
    html = client.get(page.url).content.decode()
    assert escape(old) in html and escape(new) not in html
    assert import_state()["competenties"] == competencies_before

    # The draft is what the next export shows, and importing the same document again is a no-op.
    exported = export_edition(edition)
    assert _change_first_task(copy.deepcopy(exported))[0] == new
    again = import_edition(document, publish=False)
    assert again.changes == []
    assert revision_counts(edition) == after


def test_changing_one_task_with_publish_shows_it(client, edition, section, document):
    old, new, task_id = _change_first_task(document)
    result = import_edition(document, publish=True)
    assert len(result.changes) == 1 and "Matchen" in result.changes[0]
    page = TaakgebiedPage.objects.get(pk=section.pk)
    assert not page.has_unpublished_changes
    assert _task_text(page, task_id) == new
    assert escape(new) in client.get(page.url).content.decode()


def test_changing_a_competency_reports_it_and_keeps_the_pages(edition, document):
    comp = document["competenties"][0]
    comp["text"] = comp["text"] + " en deelt die kennis"
    pages_before = revision_counts(edition)
    result = import_edition(document, publish=True)
    assert result.changes == [f"Competentie gewijzigd: {comp['text']}"]
    assert revision_counts(edition) == pages_before
    assert Competentie.objects.get(edition=edition, uid=comp["uid"]).text == comp["text"]


def test_dry_run_reports_changes_but_writes_nothing(client, edition, section, document):
    old, new, task_id = _change_first_task(document)
    document["competenties"][1]["text"] += " (gewijzigd)"
    before = import_state()

    result = import_edition(document, publish=True, dry_run=True)

    assert result.dry_run
    assert len(result.changes) == 2
    assert any("Matchen" in change for change in result.changes)
    assert any("Competentie gewijzigd" in change for change in result.changes)
    assert import_state() == before
    page = TaakgebiedPage.objects.get(pk=section.pk)
    assert not page.has_unpublished_changes
    assert _task_text(page, task_id) == old
    assert escape(new) not in client.get(page.url).content.decode()


def test_dry_run_of_a_new_edition_creates_nothing(document):
    document["edition"].update(uid=str(uuid.uuid4()), label="2030", slug="editie-2030")
    before = import_state()
    result = import_edition(document, publish=True, dry_run=True)
    assert result.created and result.dry_run
    assert result.changes
    assert import_state() == before
    assert not FrameworkPage.objects.filter(edition_label="2030").exists()


def test_a_second_edition_with_the_same_label_is_refused(document):
    document["edition"].update(uid=str(uuid.uuid4()), slug="editie-2025-kopie")
    before = import_state()
    with pytest.raises(DocumentError) as info:
        import_edition(document, publish=True)
    assert [p.where for p in info.value.problems] == ["$.edition.label"]
    assert "2025" in info.value.problems[0].message
    assert import_state() == before


# --------------------------------------------------------------------------------------------
# Validation


def assert_refused(data, where, *words):
    """Importing ``data`` fails with a Dutch problem at ``where``, and nothing is written."""
    before = import_state()
    with pytest.raises(DocumentError) as info:
        document = parse(data) if isinstance(data, bytes | str) else data
        import_edition(document, publish=True)
    problems = info.value.problems
    assert problems, "DocumentError without problems"
    places = [p.where for p in problems]
    assert where in places, places
    problem = problems[places.index(where)]
    for word in words:
        assert word in problem.message, problem.message
    assert import_state() == before
    return problems


def test_broken_json(document):
    data = dumps(document)
    cut = data[: data.index('"sections"') + 12]  # ends in the middle of the document
    line, column = cut.count("\n") + 1, len(cut) - cut.rfind("\n")
    problems = assert_refused(cut.encode("utf-8"), f"regel {line}, kolom {column}")
    assert "geen geldige JSON" in problems[0].message


def test_broken_json_points_at_the_line_of_the_error():
    data = b'{\n  "format": "beroepsprofiel-cvw/editie",\n  "format_version": 1,,\n}'
    assert_refused(data, "regel 3, kolom 23", "Dit is geen geldige JSON")


def test_non_utf8_bytes():
    data = fixture_bytes().replace("coördinator".encode(), "coördinator".encode("latin-1"), 1)
    position = fixture_bytes().index("coördinator".encode()) + 2
    problems = assert_refused(data, "bestand", "geen UTF-8")
    assert f"byte {position}" in problems[0].message


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("format", "beroepsprofiel-cvw/iets-anders", "beroepsprofiel-cvw/editie"),
        ("format_version", 2, "1"),
    ],
)
def test_wrong_format_or_version(document, field, value, expected):
    document[field] = value
    assert_refused(document, f"$.{field}", "Ongeldige waarde", expected)


def test_not_an_object():
    assert_refused(b"[1, 2, 3]", "$", "JSON-object")


def test_missing_required_field_at_the_top(document):
    del document["edition"]["title"]
    assert_refused(document, "$.edition", "Verplicht veld ontbreekt: title")


def test_missing_required_field_of_a_competency(document):
    del document["competenties"][5]["text"]
    assert_refused(document, "$.competenties[5]", "Verplicht veld ontbreekt: text")


def test_missing_required_field_of_a_task_names_the_task(document):
    # A document has hundreds of tasks: the problem must say which one, not just "section 2".
    section = section_doc(document, "2.3")
    matrix = body_index(section, "task_matrix")
    del section["body"][matrix]["uitvoerend"]["aanvullend"][1]["text"]
    where = f"{section_path(document, '2.3')}.body[{matrix}].uitvoerend.aanvullend[1]"
    problems = assert_refused(document, where, "Verplicht veld ontbreekt: text")
    assert len(problems) == 1, problems


def test_missing_title_of_a_task_area_names_the_task_area(document):
    del section_doc(document, "3.2")["title"]
    problems = assert_refused(document, section_path(document, "3.2"), "Verplicht veld", "title")
    assert len(problems) == 1, problems


def test_unknown_competency_reference(document):
    section = section_doc(document, "2.3")
    block = body_index(section, "competenties")
    unknown = str(uuid.uuid4())
    section["body"][block]["items"][2]["competentie"] = unknown
    where = f"{section_path(document, '2.3')}.body[{block}].items[2].competentie"
    assert_refused(document, where, "Onbekende competentie", unknown)


def test_unknown_sub_competency_reference(document):
    section = section_doc(document, "2.3")
    block = body_index(section, "competenties")
    item = next(i for i, c in enumerate(section["body"][block]["items"]) if c.get("children"))
    section["body"][block]["items"][item]["children"][0]["competentie"] = str(uuid.uuid4())
    where = f"{section_path(document, '2.3')}.body[{block}].items[{item}].children[0].competentie"
    assert_refused(document, where, "Onbekende competentie")


def test_unknown_competency_area(document):
    document["competenties"][0]["area"] = str(uuid.uuid4())
    assert_refused(document, "$.competenties[0].area", "Onbekend competentiegebied")


def test_duplicate_identifier(document):
    first = section_doc(document, "2.3")
    second = section_doc(document, "2.4")
    m1, m2 = body_index(first, "task_matrix"), body_index(second, "task_matrix")
    original = first["body"][m1]["uitvoerend"]["basis"][0]["id"]
    second["body"][m2]["uitvoerend"]["aanvullend"][0]["id"] = original
    first_where = f"{section_path(document, '2.3')}.body[{m1}].uitvoerend.basis[0]"
    where = f"{section_path(document, '2.4')}.body[{m2}].uitvoerend.aanvullend[0]"
    problems = assert_refused(document, where, "komt al voor", original, first_where)
    assert len(problems) == 1


def test_duplicate_competency_uid(document):
    document["competenties"][7]["uid"] = document["competenties"][3]["uid"]
    assert_refused(
        document, "$.competenties[7]", "komt al voor bij Competentie 4 ‘", "($.competenties[3])"
    )


def test_malformed_uuid_of_the_edition(document):
    document["edition"]["uid"] = "80c9edd9-eb8c-5c88-850d"
    assert_refused(document, "$.edition.uid", "Geen geldige identificatie (UUID)")


def test_malformed_uuid_of_a_task_names_the_task(document):
    section = section_doc(document, "4.4")
    matrix = body_index(section, "task_matrix")
    section["body"][matrix]["uitvoerend"]["basis"][0]["id"] = "taak-1"
    where = f"{section_path(document, '4.4')}.body[{matrix}].uitvoerend.basis[0].id"
    problems = assert_refused(document, where, "Geen geldige identificatie (UUID)", "taak-1")
    assert len(problems) == 1, problems


def test_uppercase_uuid_is_refused(document):
    document["competenties"][0]["uid"] = document["competenties"][0]["uid"].upper()
    assert_refused(document, "$.competenties[0].uid", "Geen geldige identificatie (UUID)")


def test_section_with_two_task_matrices(document):
    section = section_doc(document, "2.3")
    matrix = copy.deepcopy(body_block(section, "task_matrix"))
    matrix["id"] = str(uuid.uuid4())
    for level in ("uitvoerend", "tactisch_strategisch"):
        for kind in ("basis", "aanvullend"):
            for task in matrix[level][kind]:
                task["id"] = str(uuid.uuid4())
    section["body"].append(matrix)
    where = f"{section_path(document, '2.3')}.body[{len(section['body']) - 1}]"
    problems = assert_refused(document, where, "hoogstens één blok", "task_matrix")
    assert len(problems) == 1, problems


def test_unknown_block_type(document):
    section = section_doc(document, "2.1")
    section["body"].append({"type": "video", "id": str(uuid.uuid4()), "url": "x"})
    where = f"{section_path(document, '2.1')}.body[{len(section['body']) - 1}]"
    assert_refused(document, where, "onbekende of onvolledige soort", "video")


def test_every_problem_is_reported_at_once(document):
    document["format_version"] = 3
    del document["competenties"][0]["text"]
    problems = validate_document(document)
    assert {p.where for p in problems} >= {"$.format_version", "$.competenties[0]"}


def test_validation_of_the_fixture_finds_nothing(document):
    assert validate_document(document) == []
    assert json.loads(fixture_bytes()) == document

"""manage.py export_framework and import_framework: files in and out, dry run, refusals."""

import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from framework_pages.exchange.document import dumps, export_edition, without_timestamp
from framework_pages.models import Competentie, FrameworkPage, TaakgebiedPage

from ..framework_pages.factories import body_block, fixture_document, import_state, section_doc

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write(tmp_path, document, name="editie.json"):
    path = tmp_path / name
    path.write_text(dumps(document), encoding="utf-8")
    return path


def change_first_task(document):
    task = body_block(section_doc(document, "2.3"), "task_matrix")["uitvoerend"]["basis"][0]
    task["text"] = "Heet nieuwe vrijwilligers persoonlijk welkom op hun eerste dag."
    return task["text"]


# --------------------------------------------------------------------------------------------
# Export


def test_export_writes_the_current_edition_by_default(tmp_path, edition):
    path = tmp_path / "uit.json"
    run("export_framework", "--output", str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["edition"]["label"] == "2025"
    assert without_timestamp(exported) == fixture_document()


def test_export_to_stdout(edition):
    exported = json.loads(run("export_framework", "--edition", "2025", "--output", "-"))
    assert without_timestamp(exported) == fixture_document()


def test_export_as_case(edition):
    package = json.loads(run("export_framework", "--output", "-", "--format", "case"))
    assert package["CFDocument"]["identifier"] == str(edition.uid)
    assert package["CFDocument"]["version"] == "2025"


def test_unknown_edition_label_is_refused(tmp_path, edition):
    path = tmp_path / "uit.json"
    with pytest.raises(CommandError, match="Er is geen editie met label ‘1999’") as info:
        run("export_framework", "--edition", "1999", "--output", str(path))
    assert "2025" in str(info.value)  # names the editions that do exist
    assert not path.exists()


# --------------------------------------------------------------------------------------------
# Import


def test_export_then_import_into_an_empty_database_gives_the_same_document(tmp_path, edition):
    path = tmp_path / "editie-2025.json"
    run("export_framework", "--edition", "2025", "--output", str(path))
    first = json.loads(path.read_text(encoding="utf-8"))
    FrameworkPage.objects.get(pk=edition.pk).delete()
    assert FrameworkPage.objects.count() == 0 and Competentie.objects.count() == 0

    out = run("import_framework", str(path))

    assert "Editie 2025 aangemaakt als concept" in out
    assert "Taakgebied nieuw: 2.3 Matchen" in out
    imported = FrameworkPage.objects.get()
    assert not imported.live  # without --publish a new edition is a draft
    again = without_timestamp(export_edition(imported))
    # The status is the edition's lifecycle here: a concept until it is published.
    assert (first["edition"].pop("status"), again["edition"].pop("status")) == (
        "vastgesteld",
        "concept",
    )
    assert again == without_timestamp(first)


def test_import_with_publish_makes_the_new_edition_live(tmp_path, edition):
    path = tmp_path / "editie-2025.json"
    run("export_framework", "--output", str(path))
    FrameworkPage.objects.get(pk=edition.pk).delete()
    run("import_framework", str(path), "--publish")
    imported = FrameworkPage.objects.get()
    assert imported.live
    assert TaakgebiedPage.objects.descendant_of(imported).not_live().count() == 0


def test_importing_the_same_edition_again_says_nothing_changed(tmp_path, edition):
    before = import_state()
    out = run("import_framework", str(write(tmp_path, fixture_document())))
    assert "niets gewijzigd" in out
    assert import_state() == before


def test_import_of_a_change_lists_it_and_makes_a_draft(tmp_path, edition, section):
    document = fixture_document()
    new = change_first_task(document)
    out = run("import_framework", str(write(tmp_path, document)))
    assert "Taakgebied gewijzigd: 2.3 Matchen (inhoud)" in out
    page = TaakgebiedPage.objects.get(pk=section.pk)
    assert page.has_unpublished_changes
    assert new in json.dumps(export_edition(edition), ensure_ascii=False)


def test_dry_run_lists_the_changes_and_writes_nothing(tmp_path, edition, section):
    document = fixture_document()
    new = change_first_task(document)
    before = import_state()

    out = run("import_framework", str(write(tmp_path, document)), "--dry-run", "--publish")

    assert "Proefimport" in out and "niets opgeslagen" in out
    assert "Taakgebied gewijzigd: 2.3 Matchen (inhoud)" in out
    assert import_state() == before
    assert not TaakgebiedPage.objects.get(pk=section.pk).has_unpublished_changes
    assert new not in json.dumps(export_edition(edition), ensure_ascii=False)


def test_a_broken_file_lists_every_problem_and_changes_nothing(tmp_path, edition):
    document = fixture_document()
    change_first_task(document)  # a valid change that must not be applied either
    task = body_block(section_doc(document, "2.3"), "task_matrix")["uitvoerend"]["basis"][1]
    del task["text"]
    document["competenties"][0]["area"] = str(uuid.uuid4())
    before = import_state()

    with pytest.raises(CommandError) as info:
        run("import_framework", str(write(tmp_path, document)))

    message = str(info.value)
    assert "niet geïmporteerd" in message and "niets gewijzigd" in message
    assert "Verplicht veld ontbreekt: text" in message
    assert "uitvoerend.basis[1]" in message
    assert import_state() == before


def test_a_file_that_is_no_json_is_refused_with_its_line(tmp_path, edition):
    path = tmp_path / "kapot.json"
    path.write_text('{"format": "beroepsprofiel-cvw/editie",\n  "edition": }\n', encoding="utf-8")
    before = import_state()
    with pytest.raises(CommandError, match="regel 2, kolom"):
        run("import_framework", str(path))
    assert import_state() == before


def test_a_schema_error_is_found_after_the_size_check_passes(tmp_path, edition):
    document = fixture_document()
    document["competenties"][0]["area"] = str(uuid.uuid4())
    with pytest.raises(CommandError, match=r"\$\.competenties\[0\]\.area: Onbekend"):
        run("import_framework", str(write(tmp_path, document)))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path, edition, settings, monkeypatch
):
    settings.FRAMEWORK_IMPORT_MAX_BYTES = 1000
    path = write(tmp_path, fixture_document())

    def must_not_parse(data):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(
        "framework_pages.exchange.management.commands.import_framework.parse", must_not_parse
    )
    before = import_state()
    with pytest.raises(CommandError, match="groter dan") as info:
        run("import_framework", str(path))
    assert "groter dan 1000 bytes" in str(info.value)
    assert import_state() == before


def test_a_missing_file_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        run("import_framework", str(tmp_path / "bestaat-niet.json"))


def test_a_new_edition_whose_slug_is_taken_is_a_problem_not_a_crash(tmp_path, edition):
    document = fixture_document()
    document["edition"].update(uid=str(uuid.uuid4()), label="2030")  # slug stays editie-2025
    before = import_state()
    with pytest.raises(CommandError) as info:
        run("import_framework", str(write(tmp_path, document)), "--publish")
    message = str(info.value)
    assert "$.edition.slug" in message
    assert "‘editie-2025’ is al in gebruik" in message
    assert import_state() == before
    assert not FrameworkPage.objects.filter(edition_label="2030").exists()

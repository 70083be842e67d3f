"""Competencies and task items as CSV and XLSX: export, preview, import, and its safety."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Revision

from framework_pages import items
from framework_pages.exchange.spreadsheets import competencies as sheet_competencies
from framework_pages.exchange.spreadsheets import files as sheet_files
from framework_pages.exchange.spreadsheets import tasks as sheet_tasks
from framework_pages.models import Competentie, TaakgebiedPage
from portal.exports import unneutralise

pytestmark = pytest.mark.django_db

COMPETENTIES_URL = "spreadsheets-competenties:index"
TAKEN_URL = "spreadsheets-taken:index"


def rows_of(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def to_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def task_count(edition):
    pages = TaakgebiedPage.objects.descendant_of(edition)
    return sum(
        len(cell) for page in pages for row in items.matrix(page).values() for cell in row.values()
    )


def revision_count():
    return Revision.objects.count()


# export


def test_competency_export_has_every_competency_of_the_edition_in_csv_and_xlsx(edition):
    competencies = Competentie.objects.filter(edition=edition)
    assert competencies.count() == 56
    rows = rows_of(sheet_competencies.export_competencies(edition, "csv"))
    assert {r["identificatie"] for r in rows} == {str(c.uid) for c in competencies}
    assert {r["editie"] for r in rows} == {"2025"}
    assert list(rows[0]) == list(sheet_competencies.COLUMNS)

    sheet = load_workbook(
        io.BytesIO(sheet_competencies.export_competencies(edition, "xlsx"))
    ).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == sheet_competencies.COLUMNS
    assert {v[0] for v in values[1:]} == {str(c.uid) for c in competencies}


def test_competency_export_says_where_each_is_used(edition, section):
    rows = rows_of(sheet_competencies.export_competencies(edition, "csv"))
    used_in_section = {item.uid for item in items.section_competencies(section)}
    for row in rows:
        numbers = row["gebruikt_in"].split(", ")
        assert (section.number in numbers) == (row["identificatie"] in used_in_section)


def test_task_export_has_every_task_item_in_its_cell_and_order(edition, section):
    rows = rows_of(sheet_tasks.export_tasks(edition, "csv"))
    assert len(rows) == task_count(edition) > 100
    first = items.matrix(section)["uitvoerend"]["basis"][0]
    row = next(r for r in rows if r["identificatie"] == first.uid)
    assert (row["onderdeel"], row["niveau"], row["soort"], row["volgorde"]) == (
        "2.3",
        "uitvoerend",
        "basis",
        "1",
    )
    assert row["tekst"] == first.text

    sheet = load_workbook(io.BytesIO(sheet_tasks.export_tasks(edition, "xlsx"))).active
    assert sheet.max_row - 1 == len(rows)


# unchanged re-import


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reimporting_an_unchanged_competency_export_changes_nothing(edition, admin, fmt):
    content = sheet_competencies.export_competencies(edition, fmt)
    before = (revision_count(), Competentie.objects.count())
    preview = sheet_competencies.import_competencies(
        edition, sheet_files.read(content, fmt), user=admin, dry_run=False
    )
    assert preview.counts == {"new": 0, "changed": 0, "unchanged": 56, "error": 0}
    assert (revision_count(), Competentie.objects.count()) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reimporting_an_unchanged_task_export_changes_nothing(edition, admin, fmt):
    content = sheet_tasks.export_tasks(edition, fmt)
    before = revision_count()
    preview = sheet_tasks.import_tasks(
        edition, sheet_files.read(content, fmt), user=admin, dry_run=False
    )
    assert preview.count("unchanged") == task_count(edition)
    assert preview.count("changed") == preview.count("new") == preview.count("error") == 0
    assert revision_count() == before


# changes


def test_one_changed_competency_is_previewed_first_and_written_only_on_apply(edition, admin):
    rows = rows_of(sheet_competencies.export_competencies(edition, "csv"))
    target = rows[30]
    target["tekst"] = "Kan een nieuwe zin importeren"
    dataset = sheet_files.read(to_csv(rows), "csv")
    before = revision_count()

    preview = sheet_competencies.import_competencies(edition, dataset, user=admin, dry_run=True)
    assert preview.counts == {"new": 0, "changed": 1, "unchanged": 55, "error": 0}
    first = preview.sorted_rows[0]
    assert (first.identificatie, first.status, first.changes) == (
        target["identificatie"],
        "changed",
        ["tekst"],
    )
    competentie = Competentie.objects.get(edition=edition, uid=target["identificatie"])
    assert competentie.text != "Kan een nieuwe zin importeren"
    assert revision_count() == before

    sheet_competencies.import_competencies(edition, dataset, user=admin, dry_run=False)
    competentie.refresh_from_db()
    assert competentie.text == "Kan een nieuwe zin importeren"
    assert competentie.live and not competentie.has_unpublished_changes
    assert competentie.revisions.count() >= 1
    assert revision_count() == before + 1  # exactly that competency got a revision
    assert Competentie.objects.filter(edition=edition).count() == 56


def test_an_editor_who_may_not_publish_imports_a_draft_revision(edition, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("spreadsheet-editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    editor = django_user_model.objects.get(pk=editor.pk)  # fresh permission cache
    rows = rows_of(sheet_competencies.export_competencies(edition, "csv"))
    rows[5]["notitie"] = "Conceptnotitie"
    sheet_competencies.import_competencies(
        edition, sheet_files.read(to_csv(rows), "csv"), user=editor, dry_run=False
    )
    competentie = Competentie.objects.get(edition=edition, uid=rows[5]["identificatie"])
    assert competentie.note != "Conceptnotitie"  # the live row is unchanged
    assert competentie.has_unpublished_changes
    assert competentie.get_latest_revision_as_object().note == "Conceptnotitie"
    # Re-importing the export, which shows the draft, changes nothing more.
    again = sheet_competencies.export_competencies(edition, "csv")
    preview = sheet_competencies.import_competencies(
        edition, sheet_files.read(again, "csv"), user=editor, dry_run=True
    )
    assert preview.count("unchanged") == 56


def test_a_competency_row_without_identificatie_adds_one_to_the_edition(edition, admin):
    rows = rows_of(sheet_competencies.export_competencies(edition, "csv"))
    rows.append(dict(rows[0], identificatie="", tekst="Werkt met spreadsheets", notitie=""))
    sheet_competencies.import_competencies(
        edition, sheet_files.read(to_csv(rows), "csv"), user=admin, dry_run=False
    )
    new = Competentie.objects.get(edition=edition, text="Werkt met spreadsheets")
    assert new.area.name == rows[0]["competentiegebied"]
    assert str(new.uid) not in {r["identificatie"] for r in rows}


def test_a_new_task_row_becomes_a_draft_revision_in_the_right_cell(edition, section, admin):
    rows = rows_of(sheet_tasks.export_tasks(edition, "csv"))
    live_before = items.matrix(section)["tactisch_strategisch"]["aanvullend"]
    rows.append(
        {
            "identificatie": "",
            "editie": "2025",
            "onderdeel": "2.3",
            "niveau": "tactisch_strategisch",
            "soort": "aanvullend",
            "volgorde": "1",
            "tekst": "Zet een nieuwe taak via een spreadsheet",
            "notitie": "proef",
        }
    )
    revisions_before = section.revisions.count()
    preview = sheet_tasks.import_tasks(
        edition, sheet_files.read(to_csv(rows), "csv"), user=admin, dry_run=False
    )
    assert preview.count("new") == 1 and preview.count("changed") == 0

    section.refresh_from_db()
    assert section.revisions.count() == revisions_before + 1
    draft = section.get_latest_revision_as_object()
    cell = items.matrix(draft)["tactisch_strategisch"]["aanvullend"]
    assert cell[0].text == "Zet een nieuwe taak via een spreadsheet"
    assert cell[0].note == "proef"
    assert [i.uid for i in cell[1:]] == [i.uid for i in live_before]
    # A draft: the live page is as it was.
    assert items.matrix(section)["tactisch_strategisch"]["aanvullend"] == live_before
    # Other pages were not touched.
    assert preview.count("unchanged") == len(rows) - 1


def test_a_task_moved_and_reworded_keeps_its_identity(edition, section, admin):
    rows = rows_of(sheet_tasks.export_tasks(edition, "csv"))
    moved = next(r for r in rows if r["onderdeel"] == "2.3" and r["soort"] == "basis")
    moved.update(soort="aanvullend", volgorde="99", tekst=moved["tekst"] + " (herzien)")
    preview = sheet_tasks.import_tasks(
        edition, sheet_files.read(to_csv(rows), "csv"), user=admin, dry_run=False
    )
    changed = [r for r in preview.rows if r.status == "changed"]
    assert [r.identificatie for r in changed][:1] == [moved["identificatie"]]
    draft = TaakgebiedPage.objects.get(pk=section.pk).get_latest_revision_as_object()
    cell = items.matrix(draft)[moved["niveau"]]["aanvullend"]
    assert (cell[-1].uid, cell[-1].text) == (moved["identificatie"], moved["tekst"])
    assert moved["identificatie"] not in {
        i.uid for i in items.matrix(draft)[moved["niveau"]]["basis"]
    }


# errors


def test_task_rows_with_errors_are_all_reported_and_nothing_is_written(edition, admin):
    rows = rows_of(sheet_tasks.export_tasks(edition, "csv"))
    rows[0]["onderdeel"] = "9.9"
    rows[1]["niveau"] = "hoog"
    rows[2]["soort"] = "extra"
    rows[3]["tekst"] = ""
    rows[5]["identificatie"] = rows[4]["identificatie"]
    rows[6]["tekst"] = "Wordt niet opgeslagen"
    before = revision_count()
    preview = sheet_tasks.import_tasks(
        edition, sheet_files.read(to_csv(rows), "csv"), user=admin, dry_run=False
    )
    errors = {r.number: " ".join(r.errors) for r in preview.rows if r.status == "error"}
    assert set(errors) == {1, 2, 3, 4, 6}
    assert "Onderdeel ‘9.9’ bestaat niet" in errors[1]
    assert "Niveau ‘hoog’ bestaat niet" in errors[2]
    assert "Soort ‘extra’ bestaat niet" in errors[3]
    assert "tekst is leeg" in errors[4]
    assert "al in een eerdere rij" in errors[6]
    assert preview.sorted_rows[0].status == "error"
    assert revision_count() == before


def test_competency_rows_with_errors_are_reported_in_dutch_and_nothing_is_written(edition, admin):
    rows = rows_of(sheet_competencies.export_competencies(edition, "csv"))
    rows[0]["competentiegebied"] = "Onbekend gebied"
    rows[1]["editie"] = "1999"
    rows[2]["tekst"] = "Wordt niet opgeslagen"
    before = revision_count()
    preview = sheet_competencies.import_competencies(
        edition, sheet_files.read(to_csv(rows), "csv"), user=admin, dry_run=False
    )
    errors = {r.number: " ".join(r.errors) for r in preview.rows if r.status == "error"}
    assert set(errors) == {1, 2}
    assert "Competentiegebied ‘Onbekend gebied’ bestaat niet in editie 2025" in errors[1]
    assert "Editie ‘1999’ bestaat niet" in errors[2]
    assert revision_count() == before
    assert not Competentie.objects.filter(text="Wordt niet opgeslagen").exists()


def test_a_non_utf8_csv_is_refused_with_a_clear_message(edition):
    content = sheet_competencies.export_competencies(edition, "csv").decode("utf-8-sig")
    with pytest.raises(sheet_files.SpreadsheetError, match="niet in UTF-8"):
        sheet_files.read(content.encode("cp1252", errors="replace"), "csv")


def test_a_csv_posing_as_xlsx_is_refused(edition):
    with pytest.raises(sheet_files.SpreadsheetError, match="geen XLSX"):
        sheet_files.read(sheet_tasks.export_tasks(edition, "csv"), "xlsx")


@override_settings(FRAMEWORK_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused_before_reading(client, admin, edition):
    client.force_login(admin)
    big = SimpleUploadedFile("taken.csv", b"identificatie\n" + b"x" * 2000)
    response = client.post(
        reverse(TAKEN_URL),
        {"edition": edition.pk, "format": "csv", "file": big, "action": "voorbeeld"},
    )
    assert response.status_code == 200
    assert "groter dan 1000 bytes" in response.content.decode()
    with pytest.raises(sheet_files.SpreadsheetError, match="groter dan"):
        sheet_files.read(b"x" * 2000, "csv")


def test_formula_cells_are_neutralised_in_csv_and_xlsx_and_restored_on_import(
    edition, section, admin
):
    rows = rows_of(sheet_tasks.export_tasks(edition, "csv"))
    row = next(r for r in rows if r["onderdeel"] == "2.3")
    row["tekst"] = '=HYPERLINK("http://example.org")'
    row["notitie"] = "@SUM(A1)"
    sheet_tasks.import_tasks(
        edition, sheet_files.read(to_csv(rows), "csv"), user=admin, dry_run=False
    )

    exported = rows_of(sheet_tasks.export_tasks(edition, "csv"))
    cell = next(r for r in exported if r["identificatie"] == row["identificatie"])
    assert cell["tekst"] == '\'=HYPERLINK("http://example.org")'
    assert cell["notitie"] == "'@SUM(A1)"
    sheet = load_workbook(io.BytesIO(sheet_tasks.export_tasks(edition, "xlsx"))).active
    values = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    assert values[row["identificatie"]][6] == '\'=HYPERLINK("http://example.org")'
    assert sheet.cell(row=2, column=7).data_type == "s"
    # Re-importing the neutralised export restores the text and changes nothing.
    preview = sheet_tasks.import_tasks(
        edition,
        sheet_files.read(sheet_tasks.export_tasks(edition, "xlsx"), "xlsx"),
        user=admin,
        dry_run=True,
    )
    assert preview.count("changed") == 0
    # An apostrophe before an ordinary character is content, not an escape.
    assert unneutralise("'t Gooi") == "'t Gooi"


# the admin screens


def test_admin_preview_then_apply_changes_one_competency(client, admin, edition):
    client.force_login(admin)
    url = reverse(COMPETENTIES_URL)
    assert client.get(url).status_code == 200
    download = client.get(url, {"edition": edition.pk, "format": "csv"})
    assert download["Content-Disposition"].endswith('competenties-2025.csv"')
    rows = rows_of(download.content)
    rows[3]["tekst"] = "Gewijzigd via de beheeromgeving"
    upload = SimpleUploadedFile("competenties.csv", to_csv(rows), content_type="text/csv")

    preview = client.post(
        url, {"edition": edition.pk, "format": "csv", "file": upload, "action": "voorbeeld"}
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "1 nieuw" not in html and "1 gewijzigd" in html
    assert html.index("Gewijzigd via de beheeromgeving") < html.index(rows[0]["tekst"][:30])
    competentie = Competentie.objects.get(edition=edition, uid=rows[3]["identificatie"])
    assert competentie.text != "Gewijzigd via de beheeromgeving"

    token = preview.context["token"]
    applied = client.post(url, {"action": "toepassen", "token": token}, follow=True)
    assert "Import voltooid" in applied.content.decode()
    competentie.refresh_from_db()
    assert competentie.text == "Gewijzigd via de beheeromgeving"
    # The stored upload is gone: applying twice is refused.
    again = client.post(url, {"action": "toepassen", "token": token}, follow=True)
    assert "verlopen" in again.content.decode()


def test_admin_preview_shows_row_errors_and_offers_no_apply(client, admin, edition):
    client.force_login(admin)
    rows = rows_of(sheet_tasks.export_tasks(edition, "csv"))
    rows[0]["niveau"] = "hoog"
    upload = SimpleUploadedFile("taken.csv", to_csv(rows))
    response = client.post(
        reverse(TAKEN_URL),
        {"edition": edition.pk, "format": "csv", "file": upload, "action": "voorbeeld"},
    )
    html = response.content.decode()
    assert "Niveau ‘hoog’ bestaat niet" in html
    assert 'value="toepassen"' not in html


def test_admin_refuses_a_non_utf8_csv(client, admin, edition):
    client.force_login(admin)
    upload = SimpleUploadedFile("taken.csv", "identificatie;tekst\n;Café".encode("latin-1"))
    response = client.post(
        reverse(TAKEN_URL),
        {"edition": edition.pk, "format": "csv", "file": upload, "action": "voorbeeld"},
    )
    assert "niet in UTF-8" in response.content.decode()


def test_spreadsheet_screens_are_in_the_admin_menu(client, admin):
    client.force_login(admin)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(COMPETENTIES_URL) in html and reverse(TAKEN_URL) in html

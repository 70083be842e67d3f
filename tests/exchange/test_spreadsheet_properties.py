"""Property-based tests of the spreadsheet import (CSV and XLSX): any upload ends in a clear
SpreadsheetError or a preview with per-row errors, never another exception; an apply with
errors writes nothing, and an apply without errors writes exactly the file.
"""

import csv
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import event, given, note, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.models import Page

from framework_pages.exchange.spreadsheets import competencies as sheet_competencies
from framework_pages.exchange.spreadsheets import files as sheet_files
from framework_pages.exchange.spreadsheets import tasks as sheet_tasks
from framework_pages.models import Competentie

from ..framework_pages.factories import import_state

pytestmark = pytest.mark.django_db

FAST = settings(max_examples=25)  # the rest: the profile in tests/conftest.py


def rows_of(content):
    return [list(r) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))]


@pytest.fixture
def competency_rows(edition):
    """[header, row, ...] of the competency export."""
    return rows_of(sheet_competencies.export_competencies(edition, "csv"))


@pytest.fixture
def task_rows(edition):
    return rows_of(sheet_tasks.export_tasks(edition, "csv"))


# --- files ---------------------------------------------------------------------------------


def to_file(rows, fmt, delimiter=","):
    if fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def cell_values(uids):
    return st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "",
                " ",
                "=1+1",
                '\'=HYPERLINK("http://x")',
                "+31",
                "-",
                "@SUM(A1)",
                "\x00",
                "2.3",
                "99.9",
                "uitvoerend",
                "Tactisch/strategisch",
                "basis",
                "AANVULLEND",
                "0",
                "-1",
                "1.5",
                "9" * 30,
                "2024",
                "x" * 3000,
                str(uuid.uuid4()),
                "not-a-uuid",
            ]
        ),
        st.sampled_from(uids),
        st.sampled_from(uids).map(str.upper),
        st.integers(-5, 10**6).map(str),
    )


@st.composite
def mutated_rows(draw, rows):
    """A sample of the export's rows, then changed cells, deleted columns, added rows."""
    header, body = list(rows[0]), [list(r) for r in rows[1:]]
    sample = draw(st.lists(st.sampled_from(range(len(body))), max_size=8, unique=True))
    body = [body[i] for i in sorted(sample)]
    uids = [r[0] for r in rows[1:]]
    values = cell_values(uids)
    for _ in range(draw(st.integers(0, 4))):
        how = draw(
            st.sampled_from(["cell"] * 4 + ["row", "copy", "copy", "column", "header", "ragged"])
        )
        event(how)
        if how == "cell" and any(body):
            row = draw(st.sampled_from([r for r in body if r]))
            row[draw(st.integers(0, len(row) - 1))] = draw(values)
        elif how == "row":
            body.append(draw(st.lists(values, min_size=0, max_size=len(header) + 2)))
        elif how == "copy" and any(body):
            copied = list(draw(st.sampled_from([r for r in body if r])))
            copied[0] = draw(st.sampled_from(["", copied[0]]))
            body.append(copied)
        elif how == "column" and header:
            index = draw(st.integers(0, len(header) - 1))
            for row in [header, *body]:
                if index < len(row):
                    del row[index]
        elif how == "header" and header:
            header[draw(st.integers(0, len(header) - 1))] = draw(values)
        elif how == "ragged" and body:
            row = draw(st.sampled_from(body))
            del row[draw(st.integers(0, len(row))) :]
    return [header, *body]


@st.composite
def uploads(draw, rows):
    fmt = draw(st.sampled_from(["csv", "xlsx"]))
    table = draw(mutated_rows(rows))
    note(f"rows: {table!r}")
    content = to_file(table, fmt, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    if draw(st.integers(0, 5)) == 0:  # damage the bytes
        # A place drawn independently of the length: XLSX files carry a timestamp.
        at = draw(st.integers(0, 2**20)) % (len(content) + 1)
        content = content[:at] + draw(st.binary(max_size=20)) + content[at + 1 :]
    if fmt == "csv" and draw(st.booleans()):
        content = b"\xef\xbb\xbf" + content
    other = "xlsx" if fmt == "csv" else "csv"
    return draw(st.sampled_from([fmt, fmt, fmt, fmt, other])), content


# --- checks --------------------------------------------------------------------------------


def read_or_refusal(content, fmt):
    try:
        dataset = sheet_files.read(content, fmt)
    except sheet_files.SpreadsheetError as exc:
        assert str(exc).strip()
        event("unreadable")
        return None
    return dataset


def run(importer, edition, dataset, user, dry_run):
    """The Preview, or None after a SpreadsheetError with a message."""
    try:
        preview = importer(edition, dataset, user=user, dry_run=dry_run)
    except sheet_files.SpreadsheetError as exc:
        assert str(exc).strip()
        event("refused")
        return None
    for row in preview.rows:
        assert row.status in ("new", "changed", "unchanged", "error")
        if row.status == "error":
            assert row.errors and all(str(e).strip() for e in row.errors), row
    event("errors" if preview.has_errors else "clean")
    return preview


def check_import(importer, edition, admin, fmt, content, after_apply):
    before = import_state()
    dataset = read_or_refusal(content, fmt)
    if dataset is None:
        return
    dry = run(importer, edition, dataset, admin, dry_run=True)
    assert import_state() == before, "a preview wrote something"
    with transaction.atomic():
        applied = run(importer, edition, sheet_files.read(content, fmt), admin, dry_run=False)
        if applied is None or applied.has_errors:
            assert import_state() == before, "an apply with errors wrote something"
        else:
            assert dry is not None and dry.counts == applied.counts
            after_apply(before, content, fmt, applied)
        transaction.set_rollback(True)


# --- properties ----------------------------------------------------------------------------


@FAST
@given(content=st.binary(max_size=300), fmt=st.sampled_from(["csv", "xlsx", "ods", ""]))
def test_arbitrary_bytes_are_refused_or_previewed(edition, admin, content, fmt):
    before = import_state()
    dataset = read_or_refusal(content, fmt)
    if dataset is not None:
        run(sheet_competencies.import_competencies, edition, dataset, admin, dry_run=True)
        dataset = sheet_files.read(content, fmt)
        run(sheet_tasks.import_tasks, edition, dataset, admin, dry_run=True)
    assert import_state() == before


@FAST
@given(data=st.data())
def test_a_mutated_competency_export_is_refused_previewed_or_applied_exactly(
    edition, admin, competency_rows, data
):
    fmt, content = data.draw(uploads(competency_rows))

    def exactly(before, content, fmt, applied):
        count = Competentie.objects.count()
        assert count == len(before["competenties"]) + applied.count("new")
        # What was written is what the file says: importing it again changes nothing.
        again = sheet_competencies.import_competencies(
            edition, sheet_files.read(content, fmt), user=admin, dry_run=True
        )
        assert again.count("changed") == 0 and again.count("error") == 0, again.rows
        assert again.count("new") == applied.count("new")  # rows without identificatie

    check_import(sheet_competencies.import_competencies, edition, admin, fmt, content, exactly)


@FAST
@given(data=st.data())
def test_a_mutated_task_export_is_refused_previewed_or_applied_exactly(
    edition, admin, task_rows, data
):
    fmt, content = data.draw(uploads(task_rows))

    def exactly(before, content, fmt, applied):
        revision_before = {pk: rev for pk, rev, _live in before["pages"]}
        changed_pages = [
            pk for pk, rev, _live in import_state()["pages"] if rev != revision_before.get(pk)
        ]
        # Pages get a new revision exactly when the preview announced a new or changed row.
        assert bool(changed_pages) == bool(applied.count("new") + applied.count("changed"))
        dataset = sheet_files.read(content, fmt)
        places = [
            (r.get("onderdeel"), r.get("volgorde")) for r in dataset.dict if r.get("volgorde")
        ]
        if applied.count("new") or len(places) != len(set(places)):
            # New rows are added again; two rows asking one place take turns. Not idempotent.
            return
        # Rows with an identificatie now match the pages: importing again changes none of them.
        again = sheet_tasks.import_tasks(edition, dataset, user=admin, dry_run=True)
        known = [r for r in again.rows if r.identificatie]
        assert all(r.status == "unchanged" for r in known), [
            (r.number, r.status, r.changes, r.errors) for r in known if r.status != "unchanged"
        ]

    check_import(sheet_tasks.import_tasks, edition, admin, fmt, content, exactly)


@settings(FAST, max_examples=12)
@given(data=st.data(), kind=st.sampled_from(["competenties", "taken"]))
def test_the_admin_screens_never_fail_on_an_upload(
    client, edition, admin, competency_rows, task_rows, data, kind
):
    """Upload, preview, apply through the admin: a page or a redirect, never a 500."""
    client.force_login(admin)
    url = reverse(f"spreadsheets-{kind}:index")
    fmt, content = data.draw(uploads(competency_rows if kind == "competenties" else task_rows))
    before = import_state()
    with transaction.atomic():
        upload = SimpleUploadedFile(f"{kind}.{fmt}", content)
        response = client.post(
            url, {"edition": edition.pk, "format": fmt, "file": upload, "action": "voorbeeld"}
        )
        assert response.status_code == 200
        assert import_state() == before
        token = response.context.get("token")
        preview = response.context.get("preview")
        if token is None:
            assert response.context["import_form"].errors  # the reason, with the form
        else:
            applied = client.post(url, {"action": "toepassen", "token": token})
            assert applied.status_code in (200, 302)
            if preview.has_errors:
                assert import_state() == before
        # A forged or stale token is refused with a message, nothing written.
        stale = client.post(url, {"action": "toepassen", "token": "0" * 64})
        assert stale.status_code == 302
        transaction.set_rollback(True)


# --- found by the properties: what the import accepts but cannot keep ----------------------


def _one_row(rows, **changes):
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    first.update(changes)
    return [header, [first[h] for h in header]]


@pytest.mark.parametrize("kind", ["competenties", "taken"])
def test_a_nul_character_in_a_text_cell_is_a_row_error(
    edition, admin, competency_rows, task_rows, kind
):
    rows = competency_rows if kind == "competenties" else task_rows
    importer = (
        sheet_competencies.import_competencies
        if kind == "competenties"
        else sheet_tasks.import_tasks
    )
    content = to_file(_one_row(rows, tekst="Bevat een\x00NUL-teken"), "csv")
    preview = importer(edition, sheet_files.read(content, "csv"), user=admin, dry_run=True)
    assert preview.has_errors


@pytest.mark.parametrize("kind", ["competenties", "taken"])
def test_a_text_the_edition_document_cannot_hold_is_refused(
    edition, admin, competency_rows, task_rows, kind
):
    from framework_pages.exchange.document import export_edition
    from framework_pages.exchange.validation import validate_document

    rows = competency_rows if kind == "competenties" else task_rows
    importer = (
        sheet_competencies.import_competencies
        if kind == "competenties"
        else sheet_tasks.import_tasks
    )
    content = to_file(_one_row(rows, tekst="Lang " * 500), "csv")  # 2500 characters
    with transaction.atomic():
        preview = importer(edition, sheet_files.read(content, "csv"), user=admin, dry_run=False)
        problems = validate_document(export_edition(Page.objects.get(pk=edition.pk).specific))
        transaction.set_rollback(True)
    # Either refused as a row error, or the edition still exports as a valid document.
    assert preview.has_errors or problems == []


def test_an_xlsx_with_damaged_compressed_data_is_refused_clearly(edition, admin, client):
    """Found by the properties: a damaged deflate stream raised zlib.error (a 500)."""
    import zipfile

    content = bytearray(to_file([["identificatie", "tekst"], ["", "x" * 500]], "xlsx"))
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo("xl/worksheets/sheet1.xml")
    data_start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(data_start + 5, data_start + 25):
        content[i] ^= 0xFF
    with pytest.raises(sheet_files.SpreadsheetError):
        sheet_files.read(bytes(content), "xlsx")
    client.force_login(admin)
    upload = SimpleUploadedFile("taken.xlsx", bytes(content))
    response = client.post(
        reverse("spreadsheets-taken:index"),
        {"edition": edition.pk, "format": "xlsx", "file": upload, "action": "voorbeeld"},
    )
    assert response.status_code == 200
    assert "kan niet worden gelezen" in response.content.decode()

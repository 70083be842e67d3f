"""Uploads cannot exhaust the server's memory: oversized, compressed and nested attacks.

Every malicious file here is refused with a Dutch message, without a server error, without
changing the database, and while the Python heap (tracemalloc) stays far below what the
attack would need if it were read naively. Peak memory is a count, not a timing.
"""

import io
import json
import os
import tracemalloc
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from framework_pages.exchange.parsing import parse
from framework_pages.exchange.problems import DocumentError
from framework_pages.exchange.spreadsheets import competencies as sheet_competencies
from framework_pages.exchange.spreadsheets import files as sheet_files

from ..framework_pages.factories import import_state

pytestmark = pytest.mark.django_db

COMPETENTIES_URL = "spreadsheets-competenties:index"
TAKEN_URL = "spreadsheets-taken:index"
MB = 1024 * 1024
# Far below what any attack here unpacks or builds when read naively (hundreds of MB or more).
PEAK_LIMIT = 100 * MB
BOMB_SIZE = 400 * MB  # what the zip bomb's sheet unpacks to

BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)


def peak_of(action):
    """(result or raised exception, peak bytes allocated on the Python heap while running)."""
    tracemalloc.start()
    try:
        try:
            outcome = action()
        except Exception as exc:  # the caller asserts which
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def post_upload(client, admin, edition, url_name, name, content, fmt):
    client.force_login(admin)
    upload = SimpleUploadedFile(name, content)
    return client.post(
        reverse(url_name),
        {"edition": edition.pk, "format": fmt, "file": upload, "action": "voorbeeld"},
    )


def assert_refused_on_screen(client, admin, edition, url_name, name, content, fmt, message):
    """The admin screen shows the message, offers nothing to apply and writes nothing."""
    before = import_state()
    response, peak = peak_of(
        lambda: post_upload(client, admin, edition, url_name, name, content, fmt)
    )
    assert not isinstance(response, Exception), repr(response)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(message) in html
    assert 'value="toepassen"' not in html  # no preview, so nothing to apply
    assert import_state() == before
    assert peak < PEAK_LIMIT, f"piek {peak / MB:.0f} MB"
    return html


def workbook_with(edition, replace):
    """A real competency export whose members are replaced: {name: bytes or a writer function}."""
    original = zipfile.ZipFile(io.BytesIO(sheet_competencies.export_competencies(edition, "xlsx")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        names = original.namelist() + [n for n in replace if n not in original.namelist()]
        for name in names:
            if name not in replace:
                bomb.writestr(name, original.read(name))
            elif callable(replace[name]):
                with bomb.open(name, "w", force_zip64=True) as member:
                    replace[name](member)
            else:
                bomb.writestr(name, replace[name])
    return out.getvalue()


def write_zip_bomb_sheet(member):
    """A sheet XML of BOMB_SIZE bytes, written in chunks (never all in memory)."""
    member.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet><sheetData>')
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 4000 + b"</t></is></c></row>"
    chunk = row * 256
    for _ in range(BOMB_SIZE // len(chunk) + 1):
        member.write(chunk)
    member.write(b"</sheetData></worksheet>")


@pytest.fixture(scope="module")
def zip_bomb(django_db_setup, django_db_blocker):
    from framework_pages.models import FrameworkPage

    with django_db_blocker.unblock():
        edition = FrameworkPage.objects.get(edition_label="2025")
        return workbook_with(edition, {"xl/worksheets/sheet1.xml": write_zip_bomb_sheet})


# --- size --------------------------------------------------------------------------------


def test_an_xlsx_over_the_byte_limit_is_refused_by_its_size(client, admin, edition):
    limit = settings.FRAMEWORK_IMPORT_MAX_BYTES
    big = workbook_with(edition, {"xl/media/filler.bin": os.urandom(limit + 1024)})
    assert len(big) > limit
    assert_refused_on_screen(
        client,
        admin,
        edition,
        COMPETENTIES_URL,
        "groot.xlsx",
        big,
        "xlsx",
        f"Het bestand is groter dan {limit // 1024} kB.",
    )
    with pytest.raises(sheet_files.SpreadsheetError, match="groter dan"):
        sheet_files.read(big, "xlsx")


# --- XLSX: compression and XML entities ----------------------------------------------------


def test_a_zip_bomb_under_the_byte_limit_is_refused_before_it_is_unpacked(
    client, admin, edition, zip_bomb
):
    assert len(zip_bomb) < settings.FRAMEWORK_IMPORT_MAX_BYTES  # passes the size check
    declared = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(zip_bomb)).infolist())
    assert declared > BOMB_SIZE
    message = (
        "Het XLSX-bestand is uitgepakt groter dan 50 MB of ongewoon sterk gecomprimeerd; "
        "het wordt niet gelezen."
    )
    for url_name in (COMPETENTIES_URL, TAKEN_URL):
        assert_refused_on_screen(
            client, admin, edition, url_name, "bom.xlsx", zip_bomb, "xlsx", message
        )


def test_a_strongly_compressed_member_under_the_unpacked_limit_is_refused(edition):
    """Ten MB of one repeated byte: within 50 MB unpacked, but compressed ~1000:1."""
    content = workbook_with(edition, {"xl/worksheets/sheet1.xml": b" " * (10 * MB)})
    with pytest.raises(sheet_files.SpreadsheetError, match="ongewoon sterk gecomprimeerd"):
        sheet_files.read(content, "xlsx")


def understate(content, name, size):
    """The zip with the central directory claiming ``size`` unpacked bytes for member ``name``."""
    content = bytearray(content)
    position = content.index(b"PK\x01\x02")  # the first central directory entry
    while position >= 0:
        name_length = int.from_bytes(content[position + 28 : position + 30], "little")
        if content[position + 46 : position + 46 + name_length] == name.encode():
            content[position + 24 : position + 28] = size.to_bytes(4, "little")
            return bytes(content)
        position = content.find(b"PK\x01\x02", position + 46)
    raise AssertionError(f"{name} not in the central directory")


def test_a_zip_bomb_whose_directory_understates_its_size_is_not_unpacked_beyond_it(zip_bomb):
    """The central directory claims 2 MB; zipfile never hands out more, and the CRC fails."""
    forged = understate(zip_bomb, "xl/worksheets/sheet1.xml", 2 * MB)
    info = zipfile.ZipFile(io.BytesIO(forged)).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size == 2 * MB  # passes the size and ratio checks
    outcome, peak = peak_of(lambda: sheet_files.read(forged, "xlsx"))
    assert isinstance(outcome, sheet_files.SpreadsheetError), repr(outcome)
    assert "kan niet worden gelezen" in str(outcome)
    assert peak < PEAK_LIMIT, f"piek {peak / MB:.0f} MB"


@pytest.mark.parametrize(
    "member", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml"]
)
def test_billion_laughs_entities_in_the_workbook_xml_are_refused(client, admin, edition, member):
    if member == "xl/sharedStrings.xml":
        xml = BILLION_LAUGHS + (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
        )
    elif member == "xl/worksheets/sheet1.xml":
        xml = BILLION_LAUGHS + (
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
            b"</sheetData></worksheet>"
        )
    else:
        xml = BILLION_LAUGHS + b"<Types>&lol9;</Types>"
    content = workbook_with(edition, {member: xml})
    message = (
        "Het XLSX-bestand bevat een DTD-declaratie (<!DOCTYPE of <!ENTITY>); "
        "zo'n bestand wordt om veiligheidsredenen niet gelezen."
    )
    assert_refused_on_screen(
        client, admin, edition, COMPETENTIES_URL, "lach.xlsx", content, "xlsx", message
    )


def test_entities_in_utf16_xml_are_refused_too(edition):
    xml = (
        BILLION_LAUGHS.replace(b"UTF-8", b"UTF-16")
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    ).decode("ascii")
    content = workbook_with(edition, {"xl/worksheets/sheet1.xml": xml.encode("utf-16")})
    with pytest.raises(sheet_files.SpreadsheetError, match="DTD-declaratie"):
        sheet_files.read(content, "xlsx")


def test_a_sheet_declaring_huge_dimensions_is_not_padded_to_them(edition):
    """openpyxl pads rows to the declared dimension (16384 columns × a million rows)."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>'
        for r in range(1, 4001)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        + rows
        + '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>laatste</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    content = workbook_with(edition, {"xl/worksheets/sheet1.xml": sheet})
    dataset, peak = peak_of(lambda: sheet_files.read(content, "xlsx"))
    assert not isinstance(dataset, Exception), repr(dataset)
    assert dataset.headers == ["x1"]
    assert dataset.height == 4000  # 3999 rows plus the one at the very bottom
    assert dataset[-1] == ("laatste",)
    assert peak < PEAK_LIMIT, f"piek {peak / MB:.0f} MB"


def test_a_sheet_with_more_rows_than_allowed_is_refused(edition):
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, sheet_files.MAX_ROWS + 3)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + rows + "</sheetData></worksheet>"
    ).encode()
    content = workbook_with(edition, {"xl/worksheets/sheet1.xml": sheet})
    with pytest.raises(sheet_files.SpreadsheetError, match="meer dan 5000 rijen"):
        sheet_files.read(content, "xlsx")


def test_damaged_sheet_xml_is_a_clear_message_not_a_server_error(client, admin, edition):
    content = workbook_with(edition, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"})
    assert_refused_on_screen(
        client,
        admin,
        edition,
        TAKEN_URL,
        "kapot.xlsx",
        content,
        "xlsx",
        "Het XLSX-bestand kan niet worden gelezen.",
    )


# --- CSV ----------------------------------------------------------------------------------


def test_a_csv_with_one_enormous_field_is_refused(client, admin, edition):
    content = b'identificatie,competentiegebied,tekst\n,Matchen,"' + b"x" * (4 * MB) + b'"\n'
    assert len(content) < settings.FRAMEWORK_IMPORT_MAX_BYTES
    assert_refused_on_screen(
        client,
        admin,
        edition,
        COMPETENTIES_URL,
        "veld.csv",
        content,
        "csv",
        "Het CSV-bestand kan niet worden gelezen (regel 2): een cel is te lang of de "
        "aanhalingstekens kloppen niet.",
    )


def test_a_csv_with_an_unclosed_quote_is_refused(edition):
    content = b'identificatie,tekst\n,"' + b"x\n" * 200_000
    with pytest.raises(sheet_files.SpreadsheetError, match="aanhalingstekens"):
        sheet_files.read(content, "csv")


def test_a_csv_with_millions_of_rows_is_refused(client, admin, edition):
    content = b"identificatie\n" + b"x\n" * ((settings.FRAMEWORK_IMPORT_MAX_BYTES - 100) // 2)
    assert content.count(b"\n") > 2_000_000
    assert_refused_on_screen(
        client,
        admin,
        edition,
        TAKEN_URL,
        "rijen.csv",
        content,
        "csv",
        "Het bestand heeft meer dan 5000 rijen; splits het op.",
    )


def test_millions_of_empty_lines_do_not_hide_the_rows_after_them(edition):
    content = b"identificatie,tekst\n" + b"\n" * (2 * MB) + b",echt\n"
    dataset = sheet_files.read(content, "csv")
    assert dataset.headers == ["identificatie", "tekst"]
    assert list(dataset) == [("", "echt")]


def test_a_csv_with_a_million_columns_is_cut_to_the_columns_read(client, admin, edition):
    header = b"identificatie,competentiegebied,tekst" + b",x" * 1_000_000
    row = b",Matchen,tekst" + b"," * 1_000_000
    content = header + b"\n" + (row + b"\n") * 2
    assert len(content) < settings.FRAMEWORK_IMPORT_MAX_BYTES
    dataset, peak = peak_of(lambda: sheet_files.read(content, "csv"))
    assert not isinstance(dataset, Exception), repr(dataset)
    assert len(dataset.headers) == sheet_files.MAX_COLUMNS
    assert dataset.height == 2
    assert peak < PEAK_LIMIT, f"piek {peak / MB:.0f} MB"


# --- edition document (JSON) --------------------------------------------------------------


def assert_document_refused(data, message):
    error, peak = peak_of(lambda: parse(data))
    assert isinstance(error, DocumentError), repr(error)
    assert message in str(error)
    assert peak < PEAK_LIMIT, f"piek {peak / MB:.0f} MB"


def test_a_deeply_nested_edition_document_is_a_clear_error():
    # Far too deep for Python's own json (RecursionError).
    assert_document_refused(b"[" * 100_000 + b"]" * 100_000, "dieper genest dan 32 niveaus")
    assert_document_refused(b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "dieper genest dan 32")
    # Parsed fine by json, but deeper than any edition document.
    nested = b'{"a":' * 500 + b"1" + b"}" * 500
    assert json.loads(nested)
    assert_document_refused(nested, "dieper genest dan 32 niveaus")


@pytest.mark.parametrize(
    "element", [b"[]", b"{}", b'"x"', b"1.5"], ids=["arrays", "objects", "strings", "floats"]
)
def test_an_edition_document_that_is_huge_after_parsing_is_refused(element):
    count = (settings.FRAMEWORK_IMPORT_MAX_BYTES - 100) // (len(element) + 1)
    data = b'{"sections": [' + b",".join([element] * count) + b"]}"
    assert len(data) < settings.FRAMEWORK_IMPORT_MAX_BYTES
    assert_document_refused(data, "lijsten, objecten of waarden")


def test_an_edition_document_over_the_byte_limit_is_refused_before_parsing():
    data = b'{"x": "' + b"x" * settings.FRAMEWORK_IMPORT_MAX_BYTES + b'"}'
    assert_document_refused(data, "Het bestand is groter dan")


def test_the_real_edition_document_is_well_within_the_bounds():
    data = (settings.BASE_DIR / "fixtures" / "framework-2025.json").read_bytes()
    document = parse(data)
    assert document["edition"]["label"] == "2025"


def test_import_framework_reports_a_nested_document_and_changes_nothing(tmp_path, edition):
    path = tmp_path / "genest.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    before = import_state()
    with pytest.raises(CommandError, match="niet geïmporteerd; er is niets gewijzigd"):
        call_command("import_framework", str(path), stdout=io.StringIO())
    assert import_state() == before


def test_a_number_too_long_for_python_is_a_clear_error_not_a_crash():
    # Python refuses to read integers of more than 4300 digits (a ValueError, which the
    # admin's import screen turned into a 500).
    data = b'{"format_version": ' + b"9" * 5000 + b"}"
    assert_document_refused(data, "getal dat te lang is")

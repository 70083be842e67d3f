"""Reading uploaded spreadsheets safely, and writing them: the file side of the spreadsheets.

An upload is checked by size first (``portal.uploads``), its format by content, not by name;
an XLSX is a zip whose unpacked size and XML are checked before openpyxl reads it. Exports are
written by the portal's one table writer (``portal.exports``), every cell neutralised.
"""

import csv
import io
import zipfile
import zlib

import tablib
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from portal.exports import CONTENT_TYPES, CSV, XLSX, table_file, unneutralise
from portal.uploads import TooLarge, check_size

FORMATS = (CSV, XLSX)
MAX_ROWS = 5000
# Columns read per row; the widest sheet has eight. Cells further right are ignored.
MAX_COLUMNS = 64
# Excel's own row limit: rows further down (and the empty rows before them) are never read.
MAX_SHEET_ROWS = 1_048_576
XLSX_MAGIC = b"PK\x03\x04"
# An XLSX is a zip: what it unpacks to is checked before anything is unpacked, so that a small
# file cannot grow into hundreds of megabytes in memory (a "zip bomb").
MAX_XLSX_UNPACKED = 50 * 1024 * 1024
MAX_XLSX_MEMBERS = 1000
# Worksheet XML compresses about 10:1; repeated bytes compress a thousandfold.
MAX_XLSX_RATIO = 100


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is for the editor."""


def cell_text(value):
    """A cell as text: XLSX gives numbers and empty cells as None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value)).strip()


def render(dataset, fmt):
    """The dataset as file content (bytes), every cell neutralised against formula injection.

    CSV with commas, as these files always were; the import reads ",", ";" and tabs alike.
    """
    return table_file(dataset.headers, list(dataset), fmt, delimiter=",")


def content_type(fmt):
    return CONTENT_TYPES[fmt]


def read(content, fmt):
    """A tablib dataset of text cells from uploaded bytes; SpreadsheetError if unreadable.

    The format is checked by content, not by the file name; rows are capped at MAX_ROWS.
    """
    try:
        check_size(len(content))
    except TooLarge as exc:
        raise SpreadsheetError(str(exc)) from exc
    is_zip = content.startswith(XLSX_MAGIC)
    if fmt == XLSX:
        if not is_zip:
            raise SpreadsheetError(_("Dit is geen XLSX-bestand (Excel-werkmap)."))
        rows = _xlsx_rows(content)
    elif fmt == CSV:
        if is_zip:
            raise SpreadsheetError(_("Dit is een XLSX-bestand; kies het formaat XLSX."))
        rows = _csv_rows(content)
    else:
        raise SpreadsheetError(_("Onbekend formaat."))
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise SpreadsheetError(_("Het bestand is leeg."))
    header_row = list(rows[0])
    while header_row and header_row[-1] in (None, ""):
        header_row.pop()  # XLSX rows come padded to the columns read
    headers = [cell_text(h).lower() for h in header_row]
    if len(rows) - 1 > MAX_ROWS:
        raise SpreadsheetError(
            _("Het bestand heeft meer dan %(max)s rijen; splits het op.") % {"max": MAX_ROWS}
        )
    dataset = tablib.Dataset(headers=headers)
    for row in rows[1:]:
        row = list(row)[: len(headers)]
        row += [None] * (len(headers) - len(row))
        dataset.append([cell_text(v) for v in row])
    return dataset


def _csv_rows(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _(
                "Het CSV-bestand is niet in UTF-8 opgeslagen. Sla het op als ‘CSV UTF-8’ "
                "en probeer het opnieuw."
            )
        ) from exc
    # Excel writes ";" in Dutch locales: take the delimiter the header row uses most.
    # (csv.Sniffer also guesses quoting and gets doubled quotes wrong.)
    header = text[: text.find("\n")] if "\n" in text[:100_000] else text[:100_000]
    delimiter = max(",;\t", key=header.count)
    rows = []
    # csv refuses fields longer than csv.field_size_limit() (128 kB): far more than any cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if not any(row):
                continue  # empty lines do not count as rows
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS + 1:
                _too_many_rows()
    except csv.Error as exc:
        raise SpreadsheetError(
            _(
                "Het CSV-bestand kan niet worden gelezen (regel %(line)s): een cel is te lang "
                "of de aanhalingstekens kloppen niet."
            )
            % {"line": reader.line_num}
        ) from exc
    return rows


def _too_many_rows():
    raise SpreadsheetError(
        _("Het bestand heeft meer dan %(max)s rijen; splits het op.") % {"max": MAX_ROWS}
    )


def _check_xlsx_zip(content):
    """Refuse a zip that unpacks to too much, or whose XML declares a DTD, before openpyxl reads it.

    zipfile never hands out more than a member's declared size, so checking the declared sizes
    bounds what openpyxl can unpack. A DTD (``<!DOCTYPE``, ``<!ENTITY``) has no place in a
    workbook; entities in it can expand a few bytes into gigabytes ("billion laughs").
    """
    unreadable = SpreadsheetError(_("Het XLSX-bestand kan niet worden gelezen."))
    too_big = SpreadsheetError(
        _(
            "Het XLSX-bestand is uitgepakt groter dan %(max)s MB of ongewoon sterk gecomprimeerd; "
            "het wordt niet gelezen."
        )
        % {"max": MAX_XLSX_UNPACKED // (1024 * 1024)}
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise unreadable from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_XLSX_MEMBERS:
            raise unreadable
        if sum(m.file_size for m in members) > MAX_XLSX_UNPACKED:
            raise too_big
        for member in members:
            if member.file_size > 1024 * 1024 and (
                member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
            ):
                raise too_big
        for member in members:
            if not member.filename.startswith("xl/media/") and _declares_dtd(archive, member):
                raise SpreadsheetError(
                    _(
                        "Het XLSX-bestand bevat een DTD-declaratie (<!DOCTYPE of <!ENTITY>); "
                        "zo'n bestand wordt om veiligheidsredenen niet gelezen."
                    )
                )


def _declares_dtd(archive, member):
    """Whether a member contains ``<!DOCTYPE`` or ``<!ENTITY``, also when UTF-16 encoded."""
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(64 * 1024):
                # Dropping NUL bytes reads UTF-16 and UTF-32 markup as ASCII.
                window = tail + chunk.replace(b"\x00", b"").upper()
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    return True
                tail = window[-16:]
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        OSError,
    ) as exc:
        raise SpreadsheetError(_("Het XLSX-bestand kan niet worden gelezen.")) from exc
    return False


def _xlsx_rows(content):
    _check_xlsx_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip or not a workbook at all
        raise SpreadsheetError(_("Het XLSX-bestand kan niet worden gelezen.")) from exc
    try:
        rows = []
        # Bounds given explicitly: the sheet's own (declared) dimensions would make openpyxl pad
        # every row to them, 16384 columns wide and a million rows long.
        sheet_rows = workbook.worksheets[0].iter_rows(
            max_row=MAX_SHEET_ROWS, max_col=MAX_COLUMNS, values_only=True
        )
        for row in sheet_rows:
            if not any(cell not in (None, "") for cell in row):
                continue
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                _too_many_rows()
        return rows
    except SpreadsheetError:
        raise
    except Exception as exc:  # damaged sheet XML, refused entities (defusedxml), ...
        raise SpreadsheetError(_("Het XLSX-bestand kan niet worden gelezen.")) from exc
    finally:
        workbook.close()


def check_headers(dataset, columns, required):
    missing = [c for c in required if c not in dataset.headers]
    if missing:
        raise SpreadsheetError(
            _("Deze kolommen ontbreken: %(missing)s. Verwacht: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(columns)}
        )

"""Tables people download and open in a spreadsheet program: one writer, made safe.

Every export (a self-assessment's answers, the association's statistics, the competency and
task spreadsheets) is written by ``table_file``: CSV (UTF-8 with a byte order mark, so that
Excel reads the accents) or XLSX, every text cell neutralised so that no spreadsheet program
runs it as a formula.
"""

import csv
import io

import tablib
from django.http import HttpResponse
from django.utils.http import content_disposition_header

CSV, XLSX, PDF = "csv", "xlsx", "pdf"
# A cell starting with one of these is read as a formula (or a command) by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PDF: "application/pdf",
}


def neutralise(value):
    """A cell value no spreadsheet program runs as a formula: such text gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def yes_no(value):
    """A yes/no cell as a person reads it in a Dutch table: "ja" or "nee" (not True/False)."""
    return "ja" if value else "nee"


def unneutralise(value):
    """The text ``neutralise`` was given, for a cell read back from an exported file."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in FORMULA_START:
        return value[1:]
    return value


def table_file(headers, rows, fmt=CSV, delimiter=";"):
    """``rows`` (sequences in the order of ``headers``) as the bytes of a CSV or XLSX file.

    CSV uses ``delimiter``: ";" is what Excel expects in Dutch settings.
    """
    safe = [[neutralise(value) for value in row] for row in rows]
    if fmt == XLSX:
        dataset = tablib.Dataset(*safe, headers=list(headers))
        return dataset.export("xlsx")
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(safe)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def file_response(content, filename, fmt, as_attachment=True):
    """A download of ``content`` (bytes) as ``filename``; ``as_attachment`` off: shown in the
    browser (a PDF), still with its file name for saving."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response

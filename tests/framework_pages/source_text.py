"""The checkbox items of the association's source text, read independently of the fixture.

The source is the PDF's text extraction (fixtures/source/). Lines are joined, words split by a
line-break hyphen are joined, white space is collapsed; list punctuation at the end of an item
does not count (shared competencies are stored without it).
"""

import re
from pathlib import Path

SOURCE = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "source"
    / "uitwerking-grondhouding-taakgebieden-competentiegebieden.txt"
)
STOP = re.compile(
    r"^\s*(\d\.(\d)?\s|Basistaken Aanvullende|Uitvoerend|Tactisch en|niveau$|strategisch$"
    r"|Bijbehorende|Ecolog|Sociaal-agog|Competenties ten|Vakontwikkeling, eigen"
    r"|Uitwerking Grondhouding|Kerntaken|•)"
)

# Which source lines belong to which section: page breaks interleave 4.3 and 4.4, and print
# 4.1's matrix before its heading (see the sections' editorial notes).
SECTION_LINES = {
    "1": [(55, 195)],
    "2.1": [(198, 399)],
    "2.2": [(400, 547)],
    "2.3": [(548, 778)],
    "2.4": [(779, 987)],
    "2.5": [(988, 1173)],
    "2.6": [(1174, 1336)],
    "3.1": [(1339, 1586)],
    "3.2": [(1587, 1754)],
    "3.3": [(1755, 1914)],
    "4.1": [(1915, 2029)],
    "4.2": [(2030, 2173)],
    "4.3": [(2174, 2343), (2417, 2429)],
    "4.4": [(2344, 2416), (2430, 2504)],
}


def normalize(text):
    text = re.sub(r"(\w)-[ \t]*\n\s*(?=\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def key(text):
    return re.sub(r"\s+", " ", text).strip().rstrip(";:,. ").strip()


def checkboxes():
    """[(line_number, text)] for every ☐ of the source, in order."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    items, current = [], None
    for number, line in enumerate(lines, 1):
        parts = line.split("☐")
        if len(parts) > 1:
            if current:
                items.append(current)
            items.extend((number, [p]) for p in parts[1:-1])
            current = (number, [parts[-1]])
        elif current is not None:
            if STOP.match(line):
                items.append(current)
                current = None
            else:
                current[1].append(line)
    if current:
        items.append(current)
    result = []
    for number, parts in items:
        text = normalize("\n".join(parts))
        if len(text) > 300:  # prose printed after a page's last item was glued on
            text = text.split(". ", 1)[0] + "."
        result.append((number, text))
    return result


def section_of(line):
    for number, ranges in SECTION_LINES.items():
        if any(start <= line <= end for start, end in ranges):
            return number
    raise LookupError(f"line {line} belongs to no section")

"""Validate an edition document: every problem at once, each with its place.

First the JSON Schema (``schemas/edition.schema.json``, with the lengths of texts and notes
from ``framework_pages.limits``), then what a schema cannot say:
identifiers used once, known competencies and areas, numbers and slugs unique, texts that fit
the database. An empty list means the document can be imported.
"""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft202012Validator

from ..limits import ITEM_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, too_long_message
from ..models import Competentiegebied, FrameworkPage
from ..vocabulary import COMPETENTIE
from .document import iter_body_entries, iter_sections
from .problems import FIELD_WORDS, Problem, place_in_words, unique

SCHEMA_PATH = Path(__file__).parent / "schemas" / "edition.schema.json"


@cache
def _schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # An item's text and a note may be as long as the page editor allows, no longer.
    schema["$defs"]["text"]["maxLength"] = ITEM_TEXT_MAX_LENGTH
    schema["$defs"]["note"]["maxLength"] = NOTE_MAX_LENGTH
    return schema


@cache
def _validator():
    return Draft202012Validator(_schema())


@cache
def _pattern_names():
    """{pattern: name} of the schema's $defs that are a pattern (uuid, slug, number, …)."""
    return {d["pattern"]: name for name, d in _schema()["$defs"].items() if "pattern" in d}


def validate_document(document):
    """Every problem in the document, each with its place; an empty list means importable."""
    if not isinstance(document, dict):
        return [Problem("$", _("Het document moet een JSON-object zijn."))]
    problems = []
    errors = [
        leaf for error in _validator().iter_errors(document) for leaf in _branch_errors(error)
    ]
    for error in sorted(errors, key=lambda e: list(e.absolute_path)):
        problems.append(Problem(error.json_path, _schema_message(error)))
    if problems:
        return unique(problems)

    seen = {}

    def claim(uid, where):
        if uid in seen:
            problems.append(
                Problem(
                    where,
                    _("Identificatie %(uid)s komt al voor bij %(other)s.")
                    % {"uid": uid, "other": located(document, seen[uid])},
                )
            )
        else:
            seen[uid] = where

    _check_lengths(document, problems)
    _check_nul(document, "$", problems)
    claim(document["edition"]["uid"], "$.edition")
    area_uids = set()
    for i, area in enumerate(document["competentiegebieden"]):
        claim(area["uid"], f"$.competentiegebieden[{i}]")
        area_uids.add(area["uid"])
    competency_uids = set()
    for i, comp in enumerate(document["competenties"]):
        claim(comp["uid"], f"$.competenties[{i}]")
        competency_uids.add(comp["uid"])
        if comp["area"] not in area_uids:
            problems.append(
                Problem(
                    f"$.competenties[{i}].area",
                    _("Onbekend competentiegebied %(uid)s.") % {"uid": comp["area"]},
                )
            )
    numbers = {}
    slugs = {}
    for s, section in enumerate(document["sections"]):
        _claim_section(document, section, f"$.sections[{s}]", claim, numbers, slugs, problems)
        for t, sub in enumerate(section.get("taakgebieden", [])):
            path = f"$.sections[{s}].taakgebieden[{t}]"
            _claim_section(
                document, sub, path, claim, numbers, slugs.setdefault(section["uid"], {}), problems
            )
            _validate_body(sub["body"], path, claim, competency_uids, problems)
        if section["type"] == "grondhouding":
            _validate_body(section["body"], f"$.sections[{s}]", claim, competency_uids, problems)
    if not any(True for _ in iter_sections(document)):
        problems.append(Problem("$.sections", _("Het document bevat geen enkel taakgebied.")))
    return unique(problems)


def _check_nul(value, where, problems):
    """A NUL character cannot be stored (PostgreSQL refuses it in text and JSON)."""
    if isinstance(value, str):
        if "\x00" in value:
            problems.append(
                Problem(where, _("De tekst bevat een NUL-teken (\\u0000); haal het weg."))
            )
    elif isinstance(value, dict):
        for key, child in value.items():
            _check_nul(child, f"{where}.{key}", problems)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _check_nul(child, f"{where}[{index}]", problems)


def _check_lengths(document, problems):
    """Lines the schema allows (255) but whose database field is shorter."""
    limits = [("$.edition.label", document["edition"]["label"], FrameworkPage, "edition_label")]
    limits += [
        (f"$.competentiegebieden[{i}].name", area["name"], Competentiegebied, "name")
        for i, area in enumerate(document["competentiegebieden"])
    ]
    for where, value, model, name in limits:
        limit = model._meta.get_field(name).max_length
        if len(value) > limit:
            problems.append(Problem(where, too_long_message(len(value), limit)))


def located(document, where):
    """'Taakgebied 2.3 Matchen › titel ($.sections[1].taakgebieden[2].title)'."""
    words = place_in_words(document, where)
    return f"{words} ({where})" if words else where


def _claim_section(document, section, path, claim, numbers, slugs, problems):
    claim(section["uid"], path)
    if section["number"] in numbers:
        problems.append(
            Problem(
                f"{path}.number",
                _("Nummer %(n)s komt al voor bij %(other)s.")
                % {"n": section["number"], "other": located(document, numbers[section["number"]])},
            )
        )
    numbers[section["number"]] = path
    if isinstance(slugs, dict) and section["slug"] in slugs:
        problems.append(
            Problem(
                f"{path}.slug",
                _("Slug ‘%(slug)s’ komt al voor op hetzelfde niveau.") % {"slug": section["slug"]},
            )
        )
    if isinstance(slugs, dict):
        slugs[section["slug"]] = path


def _validate_body(body, path, claim, competency_uids, problems):
    counts = {}
    for b, block in enumerate(body):
        where = f"{path}.body[{b}]"
        counts[block["type"]] = counts.get(block["type"], 0) + 1
        if block["type"] != "intro" and counts[block["type"]] > 1:
            problems.append(
                Problem(
                    where,
                    _("Een sectie heeft hoogstens één blok ‘%(type)s’.") % {"type": block["type"]},
                )
            )
        claim(block["id"], where)
    for entry in iter_body_entries(body, path):
        claim(entry.doc["id"], entry.where)
        if entry.type == COMPETENTIE and entry.doc["competentie"] not in competency_uids:
            problems.append(
                Problem(
                    f"{entry.where}.competentie",
                    _("Onbekende competentie %(uid)s.") % {"uid": entry.doc["competentie"]},
                )
            )


def _branch_errors(error):
    """The errors to report for a schema error, each at the place of the mistake.

    Sections and blocks are a ``oneOf`` by ``type``: when one fails, report the errors of the
    alternative whose ``type`` matches (recursively), e.g. a task's missing text at the task,
    instead of one "incomplete section" problem for the whole section.
    """
    if error.validator != "oneOf" or not error.context:
        return [error]
    by_branch = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    matching = [
        errors
        for errors in by_branch.values()
        if not any(list(e.relative_path) == ["type"] for e in errors)
    ]
    if len(matching) != 1:  # no or an unknown type: the alternative cannot be told
        return [error]
    return [leaf for sub in matching[0] for leaf in _branch_errors(sub)]


JSON_TYPES = {
    "string": gettext_lazy("een tekst (tussen aanhalingstekens)"),
    "array": gettext_lazy("een lijst ([…])"),
    "object": gettext_lazy("een object ({…})"),
    "boolean": gettext_lazy("true of false"),
    "integer": gettext_lazy("een geheel getal"),
    "number": gettext_lazy("een getal"),
    "null": gettext_lazy("null"),
}
PATTERN_MESSAGES = {
    "uuid": gettext_lazy("Geen geldige identificatie (UUID): %(value)r."),
    "slug": gettext_lazy(
        "Geen geldig webadres (slug): %(value)r; alleen kleine letters, cijfers, - en _."
    ),
    "number": gettext_lazy("Geen geldig nummer: %(value)r; bijvoorbeeld ‘2’ of ‘2.3’."),
}
EMPTY = gettext_lazy("Deze tekst mag niet leeg zijn.")


def _types(value):
    names = value if isinstance(value, list) else [value]
    return _(" of ").join(str(JSON_TYPES.get(name, name)) for name in names)


def _schema_message(error):
    """The schema error in Dutch; jsonschema's own (English) message is never shown."""
    validator, value = error.validator, error.validator_value
    if validator == "required":
        missing = [p for p in value if isinstance(error.instance, dict) and p not in error.instance]
        return _("Verplicht veld ontbreekt: %(fields)s.") % {
            "fields": ", ".join(
                f"{name} ({FIELD_WORDS[name]})" if name in FIELD_WORDS else name for name in missing
            )
        }
    if validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        extra = sorted(k for k in error.instance if k not in allowed)
        return _("Onbekend veld: %(fields)s; dat hoort hier niet.") % {
            "fields": ", ".join(f"‘{k}’" for k in extra)
        }
    if validator == "pattern":
        defined = _pattern_names().get(value)
        if defined in PATTERN_MESSAGES:
            return PATTERN_MESSAGES[defined] % {"value": error.instance}
        if value == "\\S":  # a line or text with only white space
            return str(EMPTY)
        return _("Deze tekst heeft een ongeldige vorm: %(value)r.") % {"value": error.instance}
    if validator == "minLength":
        return str(EMPTY)
    if validator == "const":
        return _("Ongeldige waarde %(value)r; verwacht: %(expected)r.") % {
            "value": error.instance,
            "expected": value,
        }
    if validator == "enum":
        return _("Ongeldige waarde %(value)r; verwacht een van: %(expected)s.") % {
            "value": error.instance,
            "expected": ", ".join(repr(v) for v in value),
        }
    if validator == "oneOf":
        kind = error.instance.get("type") if isinstance(error.instance, dict) else None
        return _("Onderdeel van onbekende of onvolledige soort %(type)r.") % {"type": kind}
    if validator == "maxLength":
        return too_long_message(len(error.instance), value)
    if validator == "maxItems":
        return _("Te veel onderdelen: %(n)s, hoogstens %(max)s.") % {
            "n": len(error.instance),
            "max": value,
        }
    if validator == "minItems":
        return _("Hier hoort minstens %(min)s onderdeel.") % {"min": value}
    if validator == "type":
        return _("Verwacht %(type)s.") % {"type": _types(value)}
    return _("Ongeldige waarde op deze plaats (regel ‘%(rule)s’ van het schema).") % {
        "rule": validator
    }

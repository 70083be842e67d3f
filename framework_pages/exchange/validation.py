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
from jsonschema import Draft202012Validator

from ..limits import ITEM_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, too_long_message
from ..models import Competentiegebied, FrameworkPage
from ..vocabulary import COMPETENTIE
from .document import iter_body_entries, iter_sections
from .problems import Problem

SCHEMA_PATH = Path(__file__).parent / "schemas" / "edition.schema.json"


@cache
def _validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # An item's text and a note may be as long as the page editor allows, no longer.
    schema["$defs"]["text"]["maxLength"] = ITEM_TEXT_MAX_LENGTH
    schema["$defs"]["note"]["maxLength"] = NOTE_MAX_LENGTH
    return Draft202012Validator(schema)


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
        return problems

    seen = {}

    def claim(uid, where):
        if uid in seen:
            problems.append(
                Problem(
                    where,
                    _("Identificatie %(uid)s komt al voor bij %(other)s.")
                    % {"uid": uid, "other": seen[uid]},
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
        _claim_section(section, f"$.sections[{s}]", claim, numbers, slugs, problems)
        for t, sub in enumerate(section.get("taakgebieden", [])):
            path = f"$.sections[{s}].taakgebieden[{t}]"
            _claim_section(
                sub, path, claim, numbers, slugs.setdefault(section["uid"], {}), problems
            )
            _validate_body(sub["body"], path, claim, competency_uids, problems)
        if section["type"] == "grondhouding":
            _validate_body(section["body"], f"$.sections[{s}]", claim, competency_uids, problems)
    if not any(True for _ in iter_sections(document)):
        problems.append(Problem("$.sections", _("Het document bevat geen enkel taakgebied.")))
    return problems


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
            problems.append(
                Problem(
                    where,
                    _("Te lang: %(n)s tekens, hoogstens %(max)s.")
                    % {"n": len(value), "max": limit},
                )
            )


def _claim_section(section, path, claim, numbers, slugs, problems):
    claim(section["uid"], path)
    if section["number"] in numbers:
        problems.append(
            Problem(
                f"{path}.number",
                _("Nummer %(n)s komt al voor bij %(other)s.")
                % {"n": section["number"], "other": numbers[section["number"]]},
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


def _schema_message(error):
    validator = error.validator
    if validator == "required":
        missing = [
            p
            for p in error.validator_value
            if isinstance(error.instance, dict) and p not in error.instance
        ]
        return _("Verplicht veld ontbreekt: %(fields)s.") % {"fields": ", ".join(missing)}
    if validator == "additionalProperties":
        return _("Onbekend veld: %(detail)s.") % {"detail": error.message}
    if (
        validator == "pattern"
        and "uuid" in str(error.schema_path)
        or validator == "pattern"
        and "0-9a-f" in str(error.validator_value)
    ):
        return _("Geen geldige identificatie (UUID): %(value)r.") % {"value": error.instance}
    if validator in ("const", "enum"):
        return _("Ongeldige waarde %(value)r; verwacht: %(expected)s.") % {
            "value": error.instance,
            "expected": error.validator_value,
        }
    if validator == "oneOf":
        kind = error.instance.get("type") if isinstance(error.instance, dict) else None
        return _("Onderdeel van onbekende of onvolledige soort %(type)r.") % {"type": kind}
    if validator in ("minLength", "pattern"):
        return _("Deze tekst mag niet leeg zijn of heeft een ongeldige vorm.")
    if validator == "maxLength" and isinstance(error.instance, str):
        return too_long_message(len(error.instance), error.validator_value)
    if validator in ("maxLength", "maxItems"):
        return _("Te lang of te veel onderdelen (hoogstens %(max)s).") % {
            "max": error.validator_value
        }
    if validator == "type":
        return _("Verwacht een waarde van het type %(type)s.") % {"type": error.validator_value}
    return error.message

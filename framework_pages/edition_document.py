"""The edition document: one JSON file holding a whole edition, every item with its UUID.

``export_edition`` writes it, ``validate_document`` reports every problem with its place, and
``import_edition`` applies a valid document in one transaction: a new edition is created, an
existing one (same uid) gets a new revision of each changed page. See docs/edition-document.md.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "beroepsprofiel-cvw/editie"
FORMAT_VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schemas" / "edition.schema.json"
LEVELS = ("uitvoerend", "tactisch_strategisch")
KINDS = ("basis", "aanvullend")


class DocumentError(Exception):
    """The document cannot be imported; ``problems`` says where and why."""

    def __init__(self, problems):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


@dataclass
class ImportResult:
    edition: object = None
    created: bool = False
    changes: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self):
        return bool(self.changes)


# --------------------------------------------------------------------------------------------
# Export


def _item(list_entry, value):
    return {"id": list_entry["id"], **value}


def _strip(entry, keys=("note",)):
    """Leave out empty optional keys so the document stays readable in a diff."""
    for key in keys:
        if key in entry and not entry[key]:
            del entry[key]
    return entry


def body_to_document(raw_body, competency_uid_by_pk):
    blocks = []
    for block in raw_body:
        kind, value, block_id = block["type"], block["value"], block["id"]
        if kind == "intro":
            blocks.append({"type": "intro", "id": block_id, "html": value})
        elif kind == "kerntaken":
            items = []
            for entry in value.get("items", []):
                v = entry["value"]
                children = [
                    _strip(
                        {
                            "id": c["id"],
                            "text": c["value"]["text"],
                            "assessable": bool(c["value"].get("assessable")),
                            "note": c["value"].get("note") or "",
                        }
                    )
                    for c in v.get("children", [])
                ]
                items.append(
                    _strip(
                        {
                            "id": entry["id"],
                            "text": v["text"],
                            "assessable": bool(v.get("assessable")),
                            "note": v.get("note") or "",
                            "children": children,
                        },
                        ("note", "children"),
                    )
                )
            blocks.append(
                _strip(
                    {
                        "type": "kerntaken",
                        "id": block_id,
                        "intro": value.get("intro", ""),
                        "items": items,
                        "outro": value.get("outro") or "",
                    },
                    ("outro",),
                )
            )
        elif kind == "task_matrix":
            doc = {"type": "task_matrix", "id": block_id}
            for level in LEVELS:
                doc[level] = {
                    kind_: [
                        _strip(
                            {
                                "id": t["id"],
                                "text": t["value"]["text"],
                                "note": t["value"].get("note") or "",
                            }
                        )
                        for t in value.get(level, {}).get(kind_, [])
                    ]
                    for kind_ in KINDS
                }
            doc["note"] = value.get("note") or ""
            blocks.append(_strip(doc))
        elif kind == "competenties":
            items = []
            for entry in value.get("items", []):
                v = entry["value"]
                choice = {
                    "id": entry["id"],
                    "competentie": competency_uid_by_pk.get(v.get("competentie")),
                    "children": [
                        {"id": c["id"], "competentie": competency_uid_by_pk.get(c["value"])}
                        for c in v.get("children", [])
                        if competency_uid_by_pk.get(c["value"])
                    ],
                }
                if choice["competentie"]:  # a deleted competency leaves nothing to export
                    items.append(_strip(choice, ("children",)))
            blocks.append({"type": "competenties", "id": block_id, "items": items})
    return blocks


def _latest(page, use_latest_revision):
    if use_latest_revision and page.has_unpublished_changes:
        return page.get_latest_revision_as_object()
    return page


def _latest_objects(objects, use_latest_revision):
    """Each page or competency as its latest revision if it has unpublished changes, with
    all those revisions read in one query (``get_latest_revision_as_object`` costs two each)."""
    from wagtail.models import Revision

    if not use_latest_revision:
        return list(objects)
    pending = [o.latest_revision_id for o in objects if o.has_unpublished_changes]
    revisions = Revision.objects.in_bulk([pk for pk in pending if pk]) if pending else {}
    return [
        o.with_content_json(revisions[o.latest_revision_id].content)
        if o.has_unpublished_changes and o.latest_revision_id in revisions
        else o
        for o in objects
    ]


def export_edition(edition, use_latest_revision=True):
    """The edition as a document (dict). Drafts are included unless ``use_latest_revision`` is off."""
    from .models import (
        Competentie,
        Competentiegebied,
        GrondhoudingPage,
        HoofdtaakPage,
        TaakgebiedPage,
    )

    edition = _latest(edition.specific, use_latest_revision)
    areas = list(Competentiegebied.objects.filter(edition=edition).order_by("sort_order", "pk"))
    area_uid = {a.pk: str(a.uid) for a in areas}
    competencies = _latest_objects(
        Competentie.objects.filter(edition=edition).order_by("area__sort_order", "pk"),
        use_latest_revision,
    )
    competency_uid = {c.pk: str(c.uid) for c in competencies}

    def section_doc(page, type_):
        return _strip(
            {
                "type": type_,
                "uid": str(page.uid),
                "number": page.number,
                "title": page.title,
                "slug": page.slug,
                "notes": page.editorial_notes,
                "body": body_to_document(list(page.body.raw_data), competency_uid),
            },
            ("notes",),
        )

    # The whole tree in a fixed number of queries, whatever the number of sections.
    pages = _latest_objects(
        edition.get_descendants().specific().order_by("path"), use_latest_revision
    )
    children_of = {}
    for page in pages:
        children_of.setdefault(page.path[: -page.steplen], []).append(page)
    sections = []
    for child in children_of.get(edition.path, []):
        if isinstance(child, GrondhoudingPage):
            sections.append(section_doc(child, "grondhouding"))
        elif isinstance(child, HoofdtaakPage):
            sections.append(
                _strip(
                    {
                        "type": "hoofdtaak",
                        "uid": str(child.uid),
                        "number": child.number,
                        "title": child.title,
                        "slug": child.slug,
                        "intro": child.intro,
                        "taakgebieden": [
                            section_doc(p, "taakgebied")
                            for p in children_of.get(child.path, [])
                            if isinstance(p, TaakgebiedPage)
                        ],
                    },
                    ("intro",),
                )
            )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "edition": _strip(
            {
                "uid": str(edition.uid),
                "label": edition.edition_label,
                "title": edition.title,
                "slug": edition.slug,
                "status": edition.status,
                "intro": edition.intro,
            },
            ("intro",),
        ),
        "competentiegebieden": [{"uid": str(a.uid), "name": a.name} for a in areas],
        "competenties": [
            _strip({"uid": str(c.uid), "area": area_uid[c.area_id], "text": c.text, "note": c.note})
            for c in competencies
        ],
        "sections": sections,
    }


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def without_timestamp(document):
    return {k: v for k, v in document.items() if k != "exported_at"}


# --------------------------------------------------------------------------------------------
# Validation


@cache
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


# A parsed document may not grow far beyond its bytes: the 2025 edition has 748 arrays and
# objects, nests 11 deep and has some 170 kB. Counted on the text before parsing, so an upper bound.
MAX_DOCUMENT_CONTAINERS = 100_000
MAX_DOCUMENT_VALUES = 500_000
MAX_DOCUMENT_DEPTH = 32


def _too_large(message):
    return DocumentError([Problem(_("bestand"), message)])


def _check_shape(document):
    """DocumentError when the parsed document nests deeper than MAX_DOCUMENT_DEPTH."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DOCUMENT_DEPTH:
                raise _too_large(
                    _("Het document is dieper genest dan %(max)s niveaus.")
                    % {"max": MAX_DOCUMENT_DEPTH}
                )
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return document


def parse(data):
    """bytes or str → document, or DocumentError with a readable reason.

    Sizes are checked before parsing: the bytes (FRAMEWORK_IMPORT_MAX_BYTES), and upper bounds
    on the number of arrays, objects and values, so a small file cannot become a huge structure
    in memory; nesting deeper than MAX_DOCUMENT_DEPTH is refused.
    """
    from django.conf import settings

    limit = settings.FRAMEWORK_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise _too_large(_("Het bestand is groter dan %(max)s kB.") % {"max": limit // 1024})
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                [
                    Problem(
                        _("bestand"),
                        _("Het bestand is geen UTF-8-tekst (byte %(pos)s).") % {"pos": exc.start},
                    )
                ]
            ) from exc
    if data.count("[") + data.count("{") > MAX_DOCUMENT_CONTAINERS or (
        data.count(",") > MAX_DOCUMENT_VALUES
    ):
        raise _too_large(
            _(
                "Het document bevat veel meer lijsten, objecten of waarden dan een editie "
                "kan hebben; het wordt niet gelezen."
            )
        )
    try:
        return _check_shape(json.loads(data))
    except RecursionError as exc:
        raise _too_large(
            _("Het document is dieper genest dan %(max)s niveaus.") % {"max": MAX_DOCUMENT_DEPTH}
        ) from exc
    except json.JSONDecodeError as exc:
        raise DocumentError(
            [
                Problem(
                    _("regel %(line)s, kolom %(col)s") % {"line": exc.lineno, "col": exc.colno},
                    _("Dit is geen geldige JSON: %(msg)s.") % {"msg": exc.msg},
                )
            ]
        ) from exc


def iter_sections(document):
    for section in document.get("sections", []):
        if section.get("type") == "hoofdtaak":
            yield from section.get("taakgebieden", [])
        else:
            yield section


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
    from .models import Competentiegebied, FrameworkPage

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
        if block["type"] == "kerntaken":
            for i, item in enumerate(block["items"]):
                claim(item["id"], f"{where}.items[{i}]")
                for c, child in enumerate(item.get("children", [])):
                    claim(child["id"], f"{where}.items[{i}].children[{c}]")
        elif block["type"] == "task_matrix":
            for level in LEVELS:
                for kind in KINDS:
                    for i, task in enumerate(block[level][kind]):
                        claim(task["id"], f"{where}.{level}.{kind}[{i}]")
        elif block["type"] == "competenties":
            for i, choice in enumerate(block["items"]):
                refs = [(f"{where}.items[{i}]", choice)] + [
                    (f"{where}.items[{i}].children[{c}]", child)
                    for c, child in enumerate(choice.get("children", []))
                ]
                for ref_path, ref in refs:
                    claim(ref["id"], ref_path)
                    if ref["competentie"] not in competency_uids:
                        problems.append(
                            Problem(
                                f"{ref_path}.competentie",
                                _("Onbekende competentie %(uid)s.") % {"uid": ref["competentie"]},
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
    if validator in ("maxLength", "maxItems"):
        return _("Te lang of te veel onderdelen (hoogstens %(max)s).") % {
            "max": error.validator_value
        }
    if validator == "type":
        return _("Verwacht een waarde van het type %(type)s.") % {"type": error.validator_value}
    return error.message


# --------------------------------------------------------------------------------------------
# Import


def _list_entry(entry_id, value):
    return {"type": "item", "value": value, "id": entry_id}


def document_to_body(body, competency_pk_by_uid):
    """Document body → StreamField raw data, keeping every id."""
    raw = []
    for block in body:
        kind = block["type"]
        if kind == "intro":
            value = block["html"]
        elif kind == "kerntaken":
            value = {
                "intro": block["intro"],
                "items": [
                    _list_entry(
                        k["id"],
                        {
                            "text": k["text"],
                            "assessable": k.get("assessable", False),
                            "note": k.get("note", ""),
                            "children": [
                                _list_entry(
                                    c["id"],
                                    {
                                        "text": c["text"],
                                        "assessable": c.get("assessable", False),
                                        "note": c.get("note", ""),
                                    },
                                )
                                for c in k.get("children", [])
                            ],
                        },
                    )
                    for k in block["items"]
                ],
                "outro": block.get("outro", ""),
            }
        elif kind == "task_matrix":
            value = {
                level: {
                    kind_: [
                        _list_entry(t["id"], {"text": t["text"], "note": t.get("note", "")})
                        for t in block[level][kind_]
                    ]
                    for kind_ in KINDS
                }
                for level in LEVELS
            }
            value["note"] = block.get("note", "")
        else:  # competenties
            value = {
                "items": [
                    _list_entry(
                        c["id"],
                        {
                            "competentie": competency_pk_by_uid[c["competentie"]],
                            "children": [
                                _list_entry(ch["id"], competency_pk_by_uid[ch["competentie"]])
                                for ch in c.get("children", [])
                            ],
                        },
                    )
                    for c in block["items"]
                ]
            }
        raw.append({"type": kind, "value": value, "id": block["id"]})
    return raw


class _DryRun(Exception):
    pass


def import_edition(document, *, parent=None, publish=False, dry_run=False, user=None):
    """Validate, then apply in one transaction (or nothing). Returns an ImportResult."""
    problems = validate_document(document)
    if problems:
        raise DocumentError(problems)
    from .indexing import deferred_index_updates

    result = ImportResult(dry_run=dry_run)
    try:
        with transaction.atomic():
            with deferred_index_updates(apply=not dry_run):
                _apply(document, parent, publish, user, result)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _apply(document, parent, publish, user, result):
    from home.models import HomePage

    from .models import (
        Competentie,
        Competentiegebied,
        FrameworkPage,
        GrondhoudingPage,
        HoofdtaakPage,
        TaakgebiedPage,
    )

    meta = document["edition"]
    edition = FrameworkPage.objects.filter(uid=meta["uid"]).first()
    if edition is None:
        if FrameworkPage.objects.filter(edition_label=meta["label"]).exists():
            raise DocumentError(
                [
                    Problem(
                        "$.edition.label",
                        _("Er bestaat al een andere editie met label ‘%(label)s’.")
                        % {"label": meta["label"]},
                    )
                ]
            )
        parent = parent or HomePage.objects.first()
        if parent is None:
            raise DocumentError(
                [Problem("$", _("Er is nog geen startpagina om de editie onder te plaatsen."))]
            )
        # Wagtail would refuse a taken slug deep inside add_child; say where and why instead.
        if parent.get_children().filter(slug=meta["slug"]).exists():
            raise DocumentError(
                [
                    Problem(
                        "$.edition.slug",
                        _(
                            "De slug ‘%(slug)s’ is al in gebruik door een andere pagina onder "
                            "‘%(parent)s’; kies een andere slug voor deze editie."
                        )
                        % {"slug": meta["slug"], "parent": parent.title},
                    )
                ]
            )
        edition = FrameworkPage(uid=meta["uid"])
        result.created = True
    result.edition = edition
    edition_fields = {
        "title": meta["title"],
        "slug": meta["slug"],
        "edition_label": meta["label"],
        "status": meta.get("status", "concept"),
        "intro": meta.get("intro", ""),
    }
    _save_page(edition, edition_fields, parent, publish, user, result, _("editie"))

    # Areas and competencies: matched by uid within this edition.
    areas = {str(a.uid): a for a in Competentiegebied.objects.filter(edition=edition)}
    for order, area_doc in enumerate(document["competentiegebieden"]):
        area = areas.get(area_doc["uid"]) or Competentiegebied(edition=edition, uid=area_doc["uid"])
        if area.pk is None or (area.name, area.sort_order) != (area_doc["name"], order):
            result.changes.append(
                _("Competentiegebied ‘%(name)s’ %(how)s")
                % {
                    "name": area_doc["name"],
                    "how": _("nieuw") if area.pk is None else _("gewijzigd"),
                }
            )
            area.name, area.sort_order = area_doc["name"], order
            area.save()
        areas[area_doc["uid"]] = area
    competencies = {str(c.uid): c for c in Competentie.objects.filter(edition=edition)}
    new_competencies = []
    for comp_doc in document["competenties"]:
        comp = competencies.get(comp_doc["uid"])
        wanted = (areas[comp_doc["area"]].pk, comp_doc["text"], comp_doc.get("note", ""))
        if comp is None:
            comp = Competentie(edition=edition, uid=comp_doc["uid"])
            comp.area_id, comp.text, comp.note = wanted
            new_competencies.append(comp)
            result.changes.append(_("Competentie nieuw: %(text)s") % {"text": comp.text})
        else:
            current = comp.get_latest_revision_as_object() if comp.has_unpublished_changes else comp
            if (current.area_id, current.text, current.note) != wanted:
                current.area_id, current.text, current.note = wanted
                revision = current.save_revision(user=user)
                if publish:
                    revision.publish(user=user)
                result.changes.append(
                    _("Competentie gewijzigd: %(text)s") % {"text": comp_doc["text"]}
                )
        competencies[comp_doc["uid"]] = comp
    _create_competencies(new_competencies, publish, user)
    pk_by_uid = {uid: c.pk for uid, c in competencies.items()}

    existing = {str(p.uid): p for p in edition.get_descendants().specific()}
    for s, section_doc in enumerate(document["sections"]):
        if section_doc["type"] == "hoofdtaak":
            page = _page_for(existing, section_doc, HoofdtaakPage, f"$.sections[{s}]")
            fields = {
                "title": section_doc["title"],
                "slug": section_doc["slug"],
                "number": section_doc["number"],
                "intro": section_doc.get("intro", ""),
            }
            _save_page(page, fields, edition, publish, user, result, _("hoofdtaak"))
            for t, sub in enumerate(section_doc["taakgebieden"]):
                where = f"$.sections[{s}].taakgebieden[{t}]"
                child = _page_for(existing, sub, TaakgebiedPage, where)
                _save_page(
                    child,
                    _section_fields(sub, pk_by_uid),
                    page,
                    publish,
                    user,
                    result,
                    _("taakgebied"),
                )
        else:
            page = _page_for(existing, section_doc, GrondhoudingPage, f"$.sections[{s}]")
            _save_page(
                page,
                _section_fields(section_doc, pk_by_uid),
                edition,
                publish,
                user,
                result,
                _("grondhouding"),
            )


def _page_for(existing, doc, page_class, where):
    """The edition's page with the document's uid, or a new one; a page of another type
    (a taakgebied's uid given to a hoofdtaak) is refused rather than half overwritten."""
    page = existing.get(doc["uid"])
    if page is None:
        return page_class(uid=doc["uid"])
    if type(page) is not page_class:
        raise DocumentError(
            [
                Problem(
                    f"{where}.uid",
                    _(
                        "Identificatie %(uid)s hoort in deze editie bij %(kind)s ‘%(title)s’, "
                        "niet bij een %(wanted)s."
                    )
                    % {
                        "uid": doc["uid"],
                        "kind": page._meta.verbose_name,
                        "title": page.title,
                        "wanted": page_class._meta.verbose_name,
                    },
                )
            ]
        )
    return page


def _create_competencies(competencies, publish, user):
    """New competencies with their first revision (published if asked), in a handful of
    statements. Wagtail's save → save_revision → publish costs about fifteen queries per
    competency, which made importing a whole edition on PostgreSQL take several seconds.
    The result is what that path leaves (live and latest revision set, no log entries, as the
    import asks ``log_action=False``), and ``published`` is sent for each as Wagtail does."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex, Revision
    from wagtail.search.index import insert_or_update_object
    from wagtail.signals import published

    from .indexing import defer, is_deferring
    from .models import Competentie

    if not competencies:
        return
    now = timezone.now()
    for comp in competencies:
        comp.live = publish
        comp.has_unpublished_changes = not publish
        if publish:
            comp.first_published_at = comp.last_published_at = now
    Competentie.objects.bulk_create(competencies)
    content_type = ContentType.objects.get_for_model(Competentie)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(comp.pk),
                created_at=now,
                user=user,
                content=comp.serializable_data(),
                object_str=str(comp),
            )
            for comp in competencies
        ]
    )
    for comp, revision in zip(competencies, revisions, strict=True):
        comp.latest_revision = revision
        comp.live_revision = revision if publish else None
    Competentie.objects.bulk_update(competencies, ["latest_revision", "live_revision"])
    # bulk_create sends no post_save: queue the search and reference index updates here.
    for comp in competencies:
        if is_deferring():
            defer(Competentie, comp.pk)
        else:
            ReferenceIndex.create_or_update_for_object(comp)
            insert_or_update_object(comp)
    if publish:
        for comp, revision in zip(competencies, revisions, strict=True):
            published.send(sender=Competentie, instance=comp, revision=revision)


def _mark_published(page, revision):
    """A page just created, already live with this content: record its first revision as
    the live one. Wagtail's publish action would save the page again, with another
    full_clean, and look for comments, aliases and workflows a new page cannot have yet."""
    from wagtail.models import Page
    from wagtail.signals import page_published

    Page.objects.filter(pk=page.pk).update(live_revision=revision, has_unpublished_changes=False)
    page.live_revision, page.has_unpublished_changes = revision, False
    page_published.send(sender=page.specific_class, instance=page, revision=revision)


def _section_fields(doc, pk_by_uid):
    return {
        "title": doc["title"],
        "slug": doc["slug"],
        "number": doc["number"],
        "editorial_notes": doc.get("notes", ""),
        "body": document_to_body(doc["body"], pk_by_uid),
    }


def _comparable(page, name):
    value = getattr(page, name)
    if name == "body":
        return json.dumps(list(value.raw_data), sort_keys=True)
    return value


def _save_page(page, fields, parent, publish, user, result, label):
    """Create the page under ``parent``, or save a new revision when its content differs.

    What only the database can tell (a slug taken by a page the document leaves out) is
    refused as a DocumentError naming the page; the transaction then stores nothing.
    """
    from django.core.exceptions import ValidationError

    try:
        return _save_page_checked(page, fields, parent, publish, user, result, label)
    except ValidationError as exc:
        where = f"{label.capitalize()} {fields.get('number', '')} ‘{fields['title']}’"
        raise DocumentError([Problem(where, message) for message in exc.messages]) from exc


def _save_page_checked(page, fields, parent, publish, user, result, label):
    if page.pk is None:
        for name, value in fields.items():
            setattr(page, name, value)
        page.live = publish
        if publish:
            page.first_published_at = page.last_published_at = timezone.now()
        parent.add_child(instance=page)
        # add_child has just run full_clean on this very content.
        revision = page.save_revision(user=user, log_action=False, clean=False)
        if publish:
            _mark_published(page, revision)
        result.changes.append(
            _("%(label)s nieuw: %(title)s") % {"label": label.capitalize(), "title": page.title}
        )
        return page
    current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    before = {name: _comparable(current, name) for name in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    after = {name: _comparable(current, name) for name in fields}
    if before != after:
        revision = current.save_revision(user=user)
        if publish:
            revision.publish(user=user)
        changed = ", ".join(name for name in fields if before[name] != after[name])
        result.changes.append(
            _("%(label)s gewijzigd: %(title)s (%(fields)s)")
            % {"label": label.capitalize(), "title": current.title, "fields": changed}
        )
    return current

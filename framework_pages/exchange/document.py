"""The edition document: one JSON file holding a whole edition, every item with its UUID.

This module is the format: the mapping between a section's StreamField body and the
document's body (both ways), the export of an edition, the walk over a document's items, and
the published document, what a visitor may see of an edition in this format. Parsing
(``parsing``), validation (``validation``) and import (``importing``) build on it. See
docs/edition-document.md.
"""

import json
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Revision

from portal.page_cache import get_current, set_current

from ..models import (
    Competentie,
    Competentiegebied,
    FrameworkPage,
    GrondhoudingPage,
    HoofdtaakPage,
    TaakgebiedPage,
)
from ..visibility import visible_areas, visible_competencies, visible_pages
from ..vocabulary import COMPETENTIE, KERNTAAK, KIND_KEYS, LEVEL_KEYS, TASK

FORMAT = "beroepsprofiel-cvw/editie"
FORMAT_VERSION = 1
# Keys that hold editorial notes: for editors only, never in what the public gets.
NOTE_KEYS = ("note", "notes")


# --------------------------------------------------------------------------------------------
# Body ↔ document


def _strip(entry, keys=("note",)):
    """Leave out empty optional keys so the document stays readable in a diff."""
    for key in keys:
        if key in entry and not entry[key]:
            del entry[key]
    return entry


def _kerntaak_to_document(entry, with_children=True):
    value = entry["value"]
    doc = {
        "id": entry["id"],
        "text": value["text"],
        "assessable": bool(value.get("assessable")),
        "note": value.get("note") or "",
    }
    if with_children:
        doc["children"] = [_kerntaak_to_document(c, False) for c in value.get("children", [])]
        return _strip(doc, ("note", "children"))
    return _strip(doc)


def body_to_document(raw_body, competency_uid_by_pk):
    """StreamField raw data of a section body → the document's body, keeping every id.

    A choice of a competency that no longer exists (or is not in ``competency_uid_by_pk``)
    leaves nothing to export.
    """
    blocks = []
    for block in raw_body:
        kind, value, block_id = block["type"], block["value"], block["id"]
        if kind == "intro":
            blocks.append({"type": "intro", "id": block_id, "html": value})
        elif kind == "kerntaken":
            doc = {
                "type": "kerntaken",
                "id": block_id,
                "intro": value.get("intro", ""),
                "items": [_kerntaak_to_document(entry) for entry in value.get("items", [])],
                "outro": value.get("outro") or "",
            }
            blocks.append(_strip(doc, ("outro",)))
        elif kind == "task_matrix":
            doc = {"type": "task_matrix", "id": block_id}
            for level in LEVEL_KEYS:
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
                    for kind_ in KIND_KEYS
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
                if choice["competentie"]:
                    items.append(_strip(choice, ("children",)))
            blocks.append({"type": "competenties", "id": block_id, "items": items})
    return blocks


def _list_entry(entry_id, value):
    return {"type": "item", "value": value, "id": entry_id}


def _kerntaak_to_body(doc, with_children=True):
    value = {
        "text": doc["text"],
        "assessable": doc.get("assessable", False),
        "note": doc.get("note", ""),
    }
    if with_children:
        value["children"] = [_kerntaak_to_body(c, False) for c in doc.get("children", [])]
    return _list_entry(doc["id"], value)


def document_to_body(body, competency_pk_by_uid):
    """The document's body of a section → StreamField raw data, keeping every id."""
    raw = []
    for block in body:
        kind = block["type"]
        if kind == "intro":
            value = block["html"]
        elif kind == "kerntaken":
            value = {
                "intro": block["intro"],
                "items": [_kerntaak_to_body(k) for k in block["items"]],
                "outro": block.get("outro", ""),
            }
        elif kind == "task_matrix":
            value = {
                level: {
                    kind_: [
                        _list_entry(t["id"], {"text": t["text"], "note": t.get("note", "")})
                        for t in block[level][kind_]
                    ]
                    for kind_ in KIND_KEYS
                }
                for level in LEVEL_KEYS
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


# --------------------------------------------------------------------------------------------
# Walking a document


def iter_sections(document):
    """Every section with a body (the grondhouding and each taakgebied), in reading order."""
    for section, _where in iter_sections_with_place(document):
        yield section


def iter_sections_with_place(document):
    """(section, JSON path) of every section with a body, in reading order."""
    for s, section in enumerate(document.get("sections", [])):
        if section.get("type") == "hoofdtaak":
            for t, sub in enumerate(section.get("taakgebieden", [])):
                yield sub, f"$.sections[{s}].taakgebieden[{t}]"
        else:
            yield section, f"$.sections[{s}]"


@dataclass(frozen=True)
class DocumentEntry:
    """One kerntaak, task or competency choice of a document body, where it stands.

    ``doc`` is the entry as in the document: a kerntaak or task (``id``, ``text``, ...) or a
    competency choice (``id``, ``competentie``: the competency's uid). ``parent`` is the
    kerntaak or choice a sub-item belongs to.
    """

    type: str
    doc: dict
    where: str
    level: str = ""
    kind: str = ""
    parent: dict = None


def iter_body_entries(body, where="$"):
    """Every kerntaak (and sub-item), task and competency choice (and sub-competency) of a
    document body as DocumentEntry, in reading order, each with its JSON path."""
    for b, block in enumerate(body or []):
        at = f"{where}.body[{b}]"
        if block["type"] == "kerntaken":
            for i, kerntaak in enumerate(block["items"]):
                yield DocumentEntry(KERNTAAK, kerntaak, f"{at}.items[{i}]")
                for c, child in enumerate(kerntaak.get("children", [])):
                    yield DocumentEntry(
                        KERNTAAK, child, f"{at}.items[{i}].children[{c}]", parent=kerntaak
                    )
        elif block["type"] == "task_matrix":
            for level in LEVEL_KEYS:
                for kind in KIND_KEYS:
                    for i, task in enumerate(block[level][kind]):
                        yield DocumentEntry(
                            TASK, task, f"{at}.{level}.{kind}[{i}]", level=level, kind=kind
                        )
        elif block["type"] == "competenties":
            for i, choice in enumerate(block["items"]):
                yield DocumentEntry(COMPETENTIE, choice, f"{at}.items[{i}]")
                for c, child in enumerate(choice.get("children", [])):
                    yield DocumentEntry(
                        COMPETENTIE, child, f"{at}.items[{i}].children[{c}]", parent=choice
                    )


def iter_entries(document):
    """(section, DocumentEntry) of every entry of every section body, in reading order."""
    for section, where in iter_sections_with_place(document):
        for entry in iter_body_entries(section["body"], where):
            yield section, entry


# --------------------------------------------------------------------------------------------
# Export


def _latest(page, use_latest_revision):
    if use_latest_revision and page.has_unpublished_changes:
        return page.get_latest_revision_as_object()
    return page


def _latest_objects(objects, use_latest_revision):
    """Each page or competency as its latest revision if it has unpublished changes, with
    all those revisions read in one query (``get_latest_revision_as_object`` costs two each)."""
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
    edition = _latest(edition.specific, use_latest_revision)
    # Areas have drafts too: their latest revisions, in the order those give.
    areas = sorted(
        _latest_objects(
            Competentiegebied.objects.filter(edition=edition).order_by("sort_order", "pk"),
            use_latest_revision,
        ),
        key=lambda a: (a.sort_order, a.pk),
    )
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


def without_editorial_notes(value):
    """The document without its editorial notes, which are for editors only."""
    if isinstance(value, dict):
        return {k: without_editorial_notes(v) for k, v in value.items() if k not in NOTE_KEYS}
    if isinstance(value, list):
        return [without_editorial_notes(v) for v in value]
    return value


# --------------------------------------------------------------------------------------------
# What the public sees


def published_document(edition):
    """The edition's document as a visitor may see it (``visibility``): visible pages and
    published competencies only, choices of any other competency left out, no notes.

    The API, the CASE package it serves and the public "wat is er veranderd" page all read
    this. Cached under the public content version (``portal.page_cache``), which every
    publish and unpublish bumps: built once per publish, for all app servers, never stale.
    """
    key = f"published-document:{edition.pk}"
    version, document = get_current(key)
    if document is None:
        document = _build_published_document(edition)
        set_current(key, version, document)
    return document


def _build_published_document(edition):
    document = export_edition(edition, use_latest_revision=False)
    visible = {
        str(uid)
        for model in (HoofdtaakPage, TaakgebiedPage)  # TaakgebiedPage includes the grondhouding
        for uid in visible_pages(model.objects.descendant_of(edition)).values_list("uid", flat=True)
    }
    published = {
        str(uid)
        for uid in visible_competencies(Competentie.objects.filter(edition=edition)).values_list(
            "uid", flat=True
        )
    }
    sections = []
    for doc in document["sections"]:
        if doc["uid"] not in visible:
            continue
        if doc["type"] == "hoofdtaak":
            doc["taakgebieden"] = [s for s in doc["taakgebieden"] if s["uid"] in visible]
        sections.append(doc)
    document["sections"] = sections
    document["competenties"] = [c for c in document["competenties"] if c["uid"] in published]
    shown_areas = {
        str(uid)
        for uid in visible_areas(Competentiegebied.objects.filter(edition=edition)).values_list(
            "uid", flat=True
        )
    }
    document["competentiegebieden"] = [
        a for a in document["competentiegebieden"] if a["uid"] in shown_areas
    ]
    for section in iter_sections(document):
        for block in section["body"]:
            if block["type"] == "competenties":
                block["items"] = [
                    _strip(
                        dict(
                            choice,
                            children=[
                                child
                                for child in choice.get("children", [])
                                if child["competentie"] in published
                            ],
                        ),
                        ("children",),
                    )
                    for choice in block["items"]
                    if choice["competentie"] in published
                ]
    return without_editorial_notes(document)


def edition_by_label(label, published=False):
    """The edition with this label (one a visitor may see when ``published``), or None."""
    editions = FrameworkPage.objects.filter(edition_label=label)
    return (visible_pages(editions) if published else editions).first()

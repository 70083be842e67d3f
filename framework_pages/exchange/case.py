"""An edition as a 1EdTech CASE 1.1 CFPackage (JSON), for systems that read competency frameworks.

Built from the edition document, so every CFItem keeps the identifier the portal uses:
pages (grondhouding, hoofdtaken, taakgebieden) their ``uid``, tasks and kerntaken their
StreamField id, competencies and competency areas their ``uid``. Everything else (item types,
associations) gets a uuid5 from ``NAMESPACE``, so the same content always gives the same
package. Choices (see docs/api.md):

- The tree is ``isChildOf``: item → its section page → hoofdtaak → the CFDocument; a kerntaak's
  sub-item → that kerntaak. Every CFItem has exactly one parent.
- A competency is one CFItem, ``isChildOf`` its competentiegebied (itself a CFItem under the
  document), with one ``isRelatedTo`` per task area that chooses it. CASE consumers draw the
  hierarchy from ``isChildOf``; several ``isChildOf`` per competency would show it once per task
  area, as the PDF did, and hide that it is one item.
- A sub-competency is ``isPartOf`` the competency it is listed under.
- A task's level and kind go into ``conceptKeywords`` as codes (``niveau:uitvoerend``,
  ``soort:basis``), which consumers can filter on; a kerntaak that is a checkbox carries
  ``aankruisbaar``. Editorial notes stay out: they are for editors only.
"""

import uuid
from datetime import UTC, datetime
from pathlib import Path

from django.urls import reverse
from django.utils.html import strip_tags

from portal.addresses import public_origin

from ..models import Competentie, FrameworkPage, HoofdtaakPage, TaakgebiedPage
from ..vocabulary import COMPETENTIE, KERNTAAK, KIND_LABELS, LEVEL_LABELS, TASK
from .document import export_edition, iter_body_entries, iter_entries

SCHEMA_PATH = Path(__file__).parent / "schemas" / "case-1.1-cfpackage.schema.json"
NAMESPACE = uuid.UUID("6f0c3f5e-1d0a-5b7e-9c1e-3a2b8d4c5e60")
CASE_VERSION = "1.1"
CREATOR = "Brancheorganisatie coördinatoren vrijwilligerswerk"
LANGUAGE = "nl"
ADOPTION_STATUS = {"concept": "Draft", "vastgesteld": "Adopted", "vervallen": "Deprecated"}
# When the item type definitions below last changed; they live in code, not in the database.
ITEM_TYPES_CHANGED = "2026-11-29T00:00:00+00:00"

# key: (title, description, hierarchyCode)
ITEM_TYPES = {
    "grondhouding": ("Grondhouding", "De grondhouding van de coördinator (sectie 1).", "1"),
    "hoofdtaak": ("Hoofdtaak", "Een hoofdtaak, verdeeld in taakgebieden.", "1"),
    "taakgebied": ("Taakgebied", "Een taakgebied binnen een hoofdtaak.", "2"),
    "kerntaak": ("Kerntaak", "Een kerntaak van een taakgebied of de grondhouding.", "3"),
    "taak": ("Taak", "Een taak uit de takenmatrix van een taakgebied.", "3"),
    "competentiegebied": ("Competentiegebied", "Een groep samenhangende competenties.", "1"),
    "competentie": ("Competentie", "Een competentie, gekozen bij één of meer taakgebieden.", "2"),
}


def stable_uuid(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _timestamp(value):
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def change_times(edition, use_latest_revision):
    """{uid: ISO time} of the edition's pages and competencies: when what is exported last changed."""
    times = {}
    pages = [
        FrameworkPage.objects.filter(pk=edition.pk),
        HoofdtaakPage.objects.descendant_of(edition),
        TaakgebiedPage.objects.descendant_of(edition),
    ]
    for rows in pages:
        for uid, published, latest in rows.values_list(
            "uid", "last_published_at", "latest_revision_created_at"
        ):
            when = (latest or published) if use_latest_revision else (published or latest)
            times[str(uid)] = _timestamp(when)
    for uid, published, latest in Competentie.objects.filter(edition=edition).values_list(
        "uid", "last_published_at", "latest_revision__created_at"
    ):
        when = (latest or published) if use_latest_revision else (published or latest)
        times[str(uid)] = _timestamp(when)
    return times


def package_url(label, origin=None):
    """The package's address in the API: every URI in it starts here. ``origin``: the
    site's public address (``portal.addresses.public_origin``)."""
    return (origin or public_origin()) + reverse("framework_api:edition-case", args=[label])


def export_case(edition, use_latest_revision=True):
    """The edition as a CASE CFPackage (dict); drafts included unless ``use_latest_revision`` is off."""
    document = export_edition(edition, use_latest_revision=use_latest_revision)
    return build_package(
        document, change_times(edition.specific, use_latest_revision), public_origin(edition)
    )


def build_package(document, times=None, origin=None):
    """An edition document → CFPackage. ``times``: {uid: ISO time} of pages and competencies;
    ``origin``: the public address of the edition's site, which its URIs start with."""
    return _Builder(document, times or {}, origin).package()


class _Builder:
    def __init__(self, document, times, origin=None):
        self.document = document
        self.meta = document["edition"]
        self.base = package_url(self.meta["label"], origin)
        known = [t for t in times.values() if t]
        self.changed = max(known) if known else _timestamp(datetime.now(UTC))
        self.times = times
        self.items, self.associations = [], []
        self.links = {}  # identifier → LinkURI of every CFItem (and the document)
        self.item_times = {}

    def uri(self, identifier):
        return f"{self.base}#{identifier}"

    def time(self, uid):
        return self.times.get(uid) or self.changed

    def link(self, identifier, title):
        return {"title": title, "identifier": identifier, "uri": self.uri(identifier)}

    def package(self):
        doc_id = self.meta["uid"]
        self.doc_link = {"title": self.meta["title"], "identifier": doc_id, "uri": self.base}
        self.links[doc_id] = self.doc_link
        self.type_links = {
            key: self.link(stable_uuid("CFItemType", key), title)
            for key, (title, _description, _code) in ITEM_TYPES.items()
        }
        sequence = 0
        for section in self.document["sections"]:
            sequence += 1
            if section["type"] == "hoofdtaak":
                self.page_item(section, "hoofdtaak", doc_id, sequence)
                for t, sub in enumerate(section["taakgebieden"], start=1):
                    self.page_item(sub, "taakgebied", section["uid"], t)
                    self.body_items(sub)
            else:
                self.page_item(section, "grondhouding", doc_id, sequence)
                self.body_items(section)
        self.competency_items(sequence)
        return {
            "CFDocument": self.cf_document(),
            "CFItems": self.items,
            "CFAssociations": self.associations,
            "CFDefinitions": {
                "CFConcepts": [],
                "CFSubjects": [],
                "CFLicenses": [],
                "CFItemTypes": [self.item_type(key) for key in ITEM_TYPES],
                "CFAssociationGroupings": [],
            },
            "CFRubrics": [],
        }

    def cf_document(self):
        document = {
            "identifier": self.meta["uid"],
            "uri": self.base,
            "caseVersion": CASE_VERSION,
            "creator": CREATOR,
            "publisher": CREATOR,
            "title": self.meta["title"],
            "lastChangeDateTime": self.changed,
            "version": self.meta["label"],
            "language": LANGUAGE,
            "adoptionStatus": ADOPTION_STATUS[self.meta.get("status", "concept")],
            "CFPackageURI": self.doc_link,
        }
        description = " ".join(strip_tags(self.meta.get("intro", "")).split())
        if description:
            document["description"] = description
        return document

    def item_type(self, key):
        title, description, code = ITEM_TYPES[key]
        return {
            "identifier": self.type_links[key]["identifier"],
            "uri": self.type_links[key]["uri"],
            "title": title,
            "description": description,
            "hierarchyCode": code,
            "typeCode": key,
            "lastChangeDateTime": ITEM_TYPES_CHANGED,
        }

    def add_item(self, identifier, type_key, statement, changed, **extra):
        item = {
            "identifier": identifier,
            "uri": self.uri(identifier),
            "fullStatement": statement,
            **extra,
            "CFItemType": ITEM_TYPES[type_key][0],
            "CFItemTypeURI": self.type_links[type_key],
            "language": LANGUAGE,
            "lastChangeDateTime": changed,
            "CFDocumentURI": self.doc_link,
        }
        self.items.append(item)
        self.item_times[identifier] = changed
        title = (
            f"{extra['humanCodingScheme']} {statement}"
            if "humanCodingScheme" in extra
            else statement
        )
        self.links[identifier] = self.link(identifier, title)

    def associate(self, kind, origin, destination, sequence=None):
        association = {
            "identifier": stable_uuid("CFAssociation", kind, origin, destination),
            "associationType": kind,
            "uri": None,
            "originNodeURI": self.links[origin],
            "destinationNodeURI": self.links[destination],
            "CFDocumentURI": self.doc_link,
            "lastChangeDateTime": self.item_times[origin],
        }
        association["uri"] = self.uri(association["identifier"])
        if sequence is not None:
            association["sequenceNumber"] = sequence
        self.associations.append(association)

    def page_item(self, section, type_key, parent, sequence):
        uid = section["uid"]
        self.add_item(
            uid,
            type_key,
            section["title"],
            self.time(uid),
            humanCodingScheme=section["number"],
            abbreviatedStatement=section["title"],
        )
        self.associate("isChildOf", uid, parent, sequence)

    def body_items(self, section):
        page, changed = section["uid"], self.time(section["uid"])
        sequence, sub_sequence = 0, {}
        for entry in iter_body_entries(section["body"]):
            doc = entry.doc
            if entry.type == KERNTAAK and entry.parent is not None:
                parent = entry.parent["id"]
                sub_sequence[parent] = sub_sequence.get(parent, 0) + 1
                self.kerntaak(doc, parent, changed, sub_sequence[parent])
            elif entry.type == KERNTAAK:
                sequence += 1
                self.kerntaak(doc, page, changed, sequence)
            elif entry.type == TASK:
                sequence += 1
                self.add_item(
                    doc["id"],
                    "taak",
                    doc["text"],
                    changed,
                    conceptKeywords=[f"niveau:{entry.level}", f"soort:{entry.kind}"],
                    notes=f"{LEVEL_LABELS[entry.level]}, {KIND_LABELS[entry.kind]}",
                )
                self.associate("isChildOf", doc["id"], page, sequence)

    def kerntaak(self, kerntaak, parent, changed, sequence):
        extra = {"conceptKeywords": ["aankruisbaar"]} if kerntaak.get("assessable") else {}
        self.add_item(kerntaak["id"], "kerntaak", kerntaak["text"], changed, **extra)
        self.associate("isChildOf", kerntaak["id"], parent, sequence)

    def competency_items(self, sequence):
        doc_id = self.meta["uid"]
        for area in self.document["competentiegebieden"]:
            sequence += 1
            self.add_item(area["uid"], "competentiegebied", area["name"], self.changed)
            self.associate("isChildOf", area["uid"], doc_id, sequence)
        in_area = {}
        for competency in self.document["competenties"]:
            uid = competency["uid"]
            self.add_item(uid, "competentie", competency["text"], self.time(uid))
            in_area[competency["area"]] = in_area.get(competency["area"], 0) + 1
            self.associate("isChildOf", uid, competency["area"], in_area[competency["area"]])
        # Where each competency is used, and which competency a sub-competency belongs to.
        seen = set()
        for section, entry in iter_entries(self.document):
            if entry.type != COMPETENTIE:
                continue
            pairs = [("isRelatedTo", entry.doc["competentie"], section["uid"])]
            if entry.parent is not None:
                pairs.append(("isPartOf", entry.doc["competentie"], entry.parent["competentie"]))
            for pair in pairs:
                if pair not in seen:
                    seen.add(pair)
                    self.associate(*pair)

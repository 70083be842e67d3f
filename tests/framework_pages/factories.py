"""Helpers for the framework_pages tests: the fixture document, parsed pages, bigger bodies."""

import copy
import itertools
import json
import uuid
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "framework-2025.json"


@cache
def _fixture_bytes():
    return FIXTURE.read_bytes()


def fixture_bytes():
    return _fixture_bytes()


def fixture_document():
    """A fresh copy of the edition document the test database was loaded from."""
    return json.loads(_fixture_bytes().decode("utf-8"))


def document_sections(document):
    """[section dict] of every section page (grondhouding and taakgebieden) in reading order."""
    result = []
    for section in document["sections"]:
        if section["type"] == "hoofdtaak":
            result.extend(section["taakgebieden"])
        else:
            result.append(section)
    return result


def section_doc(document, number):
    return next(s for s in document_sections(document) if s["number"] == number)


def section_path(document, number):
    """The JSON path of a section in the document, as validation reports it."""
    for s, section in enumerate(document["sections"]):
        if section["number"] == number:
            return f"$.sections[{s}]"
        for t, sub in enumerate(section.get("taakgebieden", [])):
            if sub["number"] == number:
                return f"$.sections[{s}].taakgebieden[{t}]"
    raise LookupError(number)


def body_block(section, block_type):
    return next(b for b in section["body"] if b["type"] == block_type)


def body_index(section, block_type):
    return next(i for i, b in enumerate(section["body"]) if b["type"] == block_type)


def chosen_competency_uids(section):
    """Competency uids a section chooses (top level and sub-competencies), in page order."""
    uids = []
    for block in section["body"]:
        if block["type"] == "competenties":
            for choice in block["items"]:
                uids.append(choice["competentie"])
                uids.extend(child["competentie"] for child in choice.get("children", []))
    return uids


def sections_using(document, competency_uid):
    """Numbers of the sections whose page chooses the competency, in reading order."""
    return [
        s["number"]
        for s in document_sections(document)
        if competency_uid in chosen_competency_uids(s)
    ]


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def new_id():
    return str(uuid.uuid4())


def _renumbered(entry, n):
    """A copy of a ListBlock entry (and its nested list entries) with fresh ids."""
    entry = copy.deepcopy(entry)
    entry["id"] = new_id()
    value = entry["value"]
    if isinstance(value, dict):
        if "text" in value:
            value["text"] = f"{value['text']} (extra {n})"
        for key in ("children",):
            if key in value:
                value[key] = [dict(child, id=new_id()) for child in value[key]]
    return entry


def enlarged_body(raw_body, competency_pks, factor=5):
    """The raw StreamField data with every list ``factor`` times as long.

    Every cell of the matrix and the kerntaken get (factor - 1) copies of each item with fresh
    ids; the competencies block gets (factor - 1) × as many extra choices, cycling through
    ``competency_pks``, each extra choice with two sub-competencies.
    """
    raw_body = copy.deepcopy(list(raw_body))
    for block in raw_body:
        value = block["value"]
        if block["type"] == "task_matrix":
            for level in ("uitvoerend", "tactisch_strategisch"):
                for kind in ("basis", "aanvullend"):
                    cell = value[level][kind]
                    value[level][kind] = cell + [
                        _renumbered(entry, n) for n in range(1, factor) for entry in cell
                    ]
        elif block["type"] == "kerntaken":
            items = value["items"]
            value["items"] = items + [
                _renumbered(entry, n) for n in range(1, factor) for entry in items
            ]
        elif block["type"] == "competenties":
            items = value["items"]
            pool = itertools.cycle(competency_pks)
            extra = []
            for _ in range((factor - 1) * len(items)):
                extra.append(
                    {
                        "type": "item",
                        "id": new_id(),
                        "value": {
                            "competentie": next(pool),
                            "children": [
                                {"type": "item", "id": new_id(), "value": next(pool)},
                                {"type": "item", "id": new_id(), "value": next(pool)},
                            ],
                        },
                    }
                )
            value["items"] = items + extra
    return raw_body


def count_items(raw_body):
    """Number of list entries (tasks, kerntaken, competency choices) in a raw body."""
    total = 0
    for block in raw_body:
        value = block["value"]
        if block["type"] == "task_matrix":
            total += sum(
                len(value[level][kind])
                for level in ("uitvoerend", "tactisch_strategisch")
                for kind in ("basis", "aanvullend")
            )
        elif block["type"] in ("kerntaken", "competenties"):
            total += len(value["items"])
    return total


def publish_body(page, raw_body, user=None):
    """Save ``raw_body`` as a new revision of the page and publish it; the fresh page."""
    page.body = raw_body
    page.save_revision(user=user).publish(user=user)
    return type(page).objects.get(pk=page.pk)


def import_state():
    """Everything an import could change: pages with their latest revision and live flag,
    revisions, competencies with their texts and areas, areas. Equal before and after means
    nothing was written."""
    from wagtail.models import Page, Revision

    from framework_pages.models import Competentie, Competentiegebied

    return {
        "pages": sorted(Page.objects.values_list("pk", "latest_revision_id", "live")),
        "revisions": Revision.objects.count(),
        "competenties": sorted(
            Competentie.objects.values_list(
                "pk", "uid", "area_id", "text", "note", "live", "latest_revision_id"
            )
        ),
        "gebieden": sorted(Competentiegebied.objects.values_list("pk", "name", "sort_order")),
    }


def move_task(section, uid, level, kind):
    """Save and publish a revision of the section with the task moved to the end of another
    cell, same id and value, as the page editor's "Verplaats naar…" stores it; returns the
    revision."""
    page = section.get_latest_revision_as_object()
    raw = copy.deepcopy(list(page.body.raw_data))
    matrix = next(b for b in raw if b["type"] == "task_matrix")["value"]
    moved = None
    for row in ("uitvoerend", "tactisch_strategisch"):
        for cell in ("basis", "aanvullend"):
            moved = next((e for e in matrix[row][cell] if e["id"] == uid), moved)
            matrix[row][cell] = [e for e in matrix[row][cell] if e["id"] != uid]
    matrix[level][kind].append(moved)
    page.body = raw
    revision = page.save_revision()
    revision.publish()
    return revision


def draft_choosing(page, competentie):
    """The latest version of section ``page`` with ``competentie`` added to its competencies
    (not saved)."""
    page = page.get_latest_revision_as_object()
    raw = list(page.body.raw_data)
    block = next(b for b in raw if b["type"] == "competenties")
    block["value"]["items"].append(
        {"type": "item", "id": new_id(), "value": {"competentie": competentie.pk, "children": []}}
    )
    page.body = raw
    return page


def user_in(username, *groups):
    """An account (no password) in the named groups."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, f"{username}@example.org")
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user

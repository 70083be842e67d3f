"""The read-only JSON API: published editions, their documents and CASE packages."""

import json

import pytest

from framework_pages.exchange.document import without_editorial_notes, without_timestamp
from framework_pages.models import FrameworkPage, HoofdtaakPage, TaakgebiedPage

from ..framework_pages.factories import body_block, fixture_document

pytestmark = pytest.mark.django_db

NEW_TEXT = "Heet nieuwe vrijwilligers persoonlijk welkom op hun eerste dag."


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response, json.loads(response.content.decode("utf-8"))


def save_draft_of_changed_task(section):
    """Change the first basic task of the section in a draft revision, not published."""
    raw = list(section.body.raw_data)
    matrix = next(block for block in raw if block["type"] == "task_matrix")
    matrix["value"]["uitvoerend"]["basis"][0]["value"]["text"] = NEW_TEXT
    section.body = raw
    section.save_revision()


def test_the_list_shows_live_editions_and_which_is_current(client, edition):
    response, data = get_json(client, "/api/edities/")
    assert response["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    (entry,) = data["edities"]
    assert entry == {
        "label": "2025",
        "title": "Beroepsprofiel coördinator vrijwilligerswerk 2025",
        "status": "vastgesteld",
        "uid": str(edition.uid),
        "url": entry["url"],
        "pdf": entry["pdf"],
        "current": True,
    }
    assert entry["pdf"] == "http://testserver/publicatie/editie-2025.pdf"
    assert entry["url"].startswith("http") and entry["url"].endswith(edition.url)


def test_an_unpublished_edition_is_not_listed_nor_served(client, edition):
    edition.unpublish()
    assert get_json(client, "/api/edities/")[1] == {"edities": []}
    get_json(client, "/api/edities/2025/", status=404)
    get_json(client, "/api/edities/2025/case/", status=404)


def test_the_edition_document_is_the_published_content(client, edition):
    response, data = get_json(client, "/api/edities/2025/")
    assert response["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    assert without_timestamp(data) == without_editorial_notes(fixture_document())


def test_a_draft_change_does_not_appear(client, edition, section):
    save_draft_of_changed_task(section)
    _, document = get_json(client, "/api/edities/2025/")
    _, package = get_json(client, "/api/edities/2025/case/")
    assert NEW_TEXT not in json.dumps(document, ensure_ascii=False)
    assert NEW_TEXT not in json.dumps(package, ensure_ascii=False)
    assert without_timestamp(document) == without_editorial_notes(fixture_document())


def test_a_page_that_was_never_published_does_not_appear(client, edition):
    hoofdtaak = HoofdtaakPage.objects.child_of(edition).get(number="2")
    draft = TaakgebiedPage(title="Nieuw taakgebied", slug="nieuw", number="2.9", live=False)
    hoofdtaak.add_child(instance=draft)
    _, document = get_json(client, "/api/edities/2025/")
    _, package = get_json(client, "/api/edities/2025/case/")
    assert "Nieuw taakgebied" not in json.dumps(document, ensure_ascii=False)
    assert str(draft.uid) not in {item["identifier"] for item in package["CFItems"]}


def test_the_case_package_of_the_published_edition(client, edition, section):
    from .test_case import errors

    _, package = get_json(client, "/api/edities/2025/case/")
    assert errors(package) == []
    assert package["CFDocument"]["identifier"] == str(edition.uid)
    assert package["CFDocument"]["uri"].endswith("/api/edities/2025/case/")
    items = {item["identifier"]: item for item in package["CFItems"]}
    assert items[str(section.uid)]["fullStatement"] == "Matchen"
    task = body_block(
        next(s for t in fixture_document()["sections"] for s in t.get("taakgebieden", [])),
        "task_matrix",
    )["uitvoerend"]["basis"][0]
    assert items[task["id"]]["fullStatement"] == task["text"]


@pytest.mark.parametrize("url", ["/api/edities/1999/", "/api/edities/1999/case/"])
def test_an_unknown_label_is_a_json_404_in_dutch(client, edition, url):
    _, data = get_json(client, url, status=404)
    assert data == {"error": "Er is geen gepubliceerde editie met label ‘1999’."}


def test_only_reading_is_allowed(client, edition):
    assert client.post("/api/edities/").status_code == 405
    assert FrameworkPage.objects.count() == 1


def test_public_document_leaves_out_editorial_notes(client, edition):
    from framework_pages.exchange.validation import validate_document

    response = client.get(f"/api/edities/{edition.edition_label}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '"note"' not in body and '"notes"' not in body
    assert validate_document(response.json()) == []

"""A number too long to read never gives a 500: every entry point that parses JSON or numbers
(the page editor's rich text, the self-assessment, query strings, a JSON body, the edition
import) refuses it with a Dutch 400, and nothing is stored."""

import json

import pytest
from django.urls import reverse
from wagtail.models import Revision

pytestmark = pytest.mark.django_db

LONG = "9" * 5000  # Python reads at most 4300 digits as an integer
OUT_OF_RANGE = "9" * 4000  # readable, but beyond any database id
REFUSED = "Er stond een getal in van meer dan 4300 cijfers"


def contentstate(depth):
    """Draftail's JSON, as the page editor posts a rich text field."""
    block = {"key": "a1b2c", "type": "unstyled", "depth": 0, "text": "Inleiding"}
    block.update(inlineStyleRanges=[], entityRanges=[])
    return json.dumps({"blocks": [block], "entityMap": {}}).replace(
        '"depth": 0', f'"depth": {depth}'
    )


def assert_refused(response, text=REFUSED):
    html = response.content.decode()
    assert response.status_code == 400
    assert text in html, html[:2000]
    assert "Er is niets opgeslagen." in html or text != REFUSED


def test_the_page_editors_rich_text_json_with_a_long_number_is_refused(client, admin, edition):
    client.force_login(admin)
    revisions = Revision.objects.count()
    data = {
        "title": edition.title,
        "slug": edition.slug,
        "edition_label": edition.edition_label,
        "status": edition.status,
        "intro": contentstate(LONG),
    }
    response = client.post(reverse("wagtailadmin_pages:edit", args=[edition.pk]), data)
    assert_refused(response)
    assert Revision.objects.count() == revisions


def test_a_long_number_in_an_admin_address_is_refused(client, admin, section):
    client.force_login(admin)
    url = f"/admin/pages/{section.pk}/revisions/compare/{LONG}...{LONG}/"
    assert_refused(client.get(url))


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("edities-downloaden:index", {"edition": OUT_OF_RANGE, "format": "editie"}),
        ("edities-vergelijken:index", {"old": OUT_OF_RANGE, "new": OUT_OF_RANGE}),
        ("spreadsheets-taken:index", {"edition": OUT_OF_RANGE, "format": "csv"}),
        ("edities-publiceren:index", {"edition": OUT_OF_RANGE}),
    ],
)
def test_an_edition_number_beyond_any_id_is_an_unknown_choice(client, admin, url, query):
    client.force_login(admin)
    response = client.get(reverse(url), query)
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_a_self_assessment_save_with_a_long_number_is_refused(client, section):
    started = client.post("/zelfscan/", {"scope": section.pk})
    token = started["Location"].strip("/").split("/")[-1]
    step = f"/zelfscan/{token}/stap/1/"
    for data in ({"revision": LONG}, {"revision": section.live_revision_id, "state": LONG}):
        assert_refused(client.post(step, data))
        # The autosave gets what its script shows ("errors"), not a page it cannot read.
        autosave = client.post(step, data, headers={"x-requested-with": "fetch"})
        assert autosave.status_code == 400
        assert autosave.json()["saved"] is False
        assert REFUSED in autosave.json()["errors"][0]
    plan = f"/zelfscan/{token}/ontwikkelplan/"
    assert_refused(client.post(plan, {"form-0-loaded": json.dumps({"note": 1}).replace("1", LONG)}))


def test_a_json_body_with_a_long_number_is_refused(client):
    body = f'{{"scope": {LONG}}}'
    assert_refused(client.post("/zelfscan/", body, content_type="application/json"))
    assert_refused(client.get("/api/edities/", {"p": LONG}))


def test_the_edition_import_keeps_its_own_message_for_a_long_number(client, admin, edition):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin)
    data = b'{"format": "beroepsprofiel-cvw/editie", "format_version": ' + LONG.encode() + b"}"
    upload = SimpleUploadedFile("editie.json", data, content_type="application/json")
    response = client.post(
        reverse("edities-importeren:index"), {"file": upload, "action": "voorbeeld"}
    )
    assert_refused(response, "Het document bevat een getal dat te lang is om te lezen")


@pytest.mark.parametrize("edition", [OUT_OF_RANGE, "²", "12a"])
def test_the_competency_chooser_ignores_an_edition_that_is_no_id(client, admin, edition):
    client.force_login(admin)
    url = reverse("wagtailsnippetchoosers_framework_pages_competentie:choose")
    assert client.get(url, {"editie": edition}).status_code == 200

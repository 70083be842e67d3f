"""Downloading an edition (edition document, CASE package) and importing an edition document
in the admin: preview first, then apply, and every bad upload refused with nothing written."""

import io
import json
import tempfile
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape
from jsonschema import Draft202012Validator, FormatChecker
from wagtail.models import Page, Revision

from framework_pages.exchange.case import SCHEMA_PATH as CASE_SCHEMA_PATH
from framework_pages.exchange.document import dumps, without_timestamp
from framework_pages.models import Competentie, FrameworkPage

from ..framework_pages.factories import (
    body_block,
    body_index,
    import_state,
    section_doc,
    section_path,
)

pytestmark = pytest.mark.django_db

EXPORT_URL = "edities-downloaden:index"
IMPORT_URL = "edities-importeren:index"


def make_user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def hoofdredacteur(django_user_model):
    return make_user(django_user_model, "hoofd-transfer", "Hoofdredacteur")


@pytest.fixture
def redacteur(django_user_model):
    return make_user(django_user_model, "red-transfer", "Redacteur")


@pytest.fixture
def hoofd_client(client, hoofdredacteur):
    client.force_login(hoofdredacteur)
    return client


def download(client, edition, fmt):
    response = client.get(reverse(EXPORT_URL), {"edition": edition.pk, "format": fmt})
    assert response.status_code == 200, response.status_code
    return response


def command_output(*args):
    out = io.StringIO()
    call_command("export_framework", "--edition", "2025", "--output", "-", *args, stdout=out)
    return out.getvalue()


def exported_document(client, edition):
    return json.loads(download(client, edition, "editie").content.decode("utf-8"))


def preview(client, content, name="editie.json"):
    upload = SimpleUploadedFile(name, content, content_type="application/json")
    return client.post(reverse(IMPORT_URL), {"file": upload, "action": "voorbeeld"})


def apply(client, token, follow=True):
    return client.post(reverse(IMPORT_URL), {"action": "toepassen", "token": token}, follow=follow)


# --------------------------------------------------------------------------------------------
# Download


def test_json_download_is_what_export_framework_writes(hoofd_client, edition):
    response = download(hoofd_client, edition, "editie")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="editie-2025.json"'
    downloaded = json.loads(response.content.decode("utf-8"))
    assert downloaded["exported_at"]
    assert without_timestamp(downloaded) == without_timestamp(json.loads(command_output()))
    # Byte for byte the same layout as the command (the same dumps), apart from the timestamp.
    lines = response.content.decode("utf-8").splitlines()
    expected = command_output().splitlines()
    assert len(lines) == len(expected)
    assert [x for x in lines if "exported_at" not in x] == [
        x for x in expected if "exported_at" not in x
    ]


def test_case_download_is_a_valid_case_package_as_export_framework_writes(hoofd_client, edition):
    response = download(hoofd_client, edition, "case")
    assert response["Content-Disposition"] == 'attachment; filename="editie-2025-case.json"'
    package = json.loads(response.content.decode("utf-8"))
    schema = json.loads(CASE_SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    assert list(validator.iter_errors(package)) == []
    assert package["CFDocument"]["title"] == edition.title
    assert package == json.loads(command_output("--format", "case"))


def test_download_screen_offers_both_formats(hoofd_client):
    html = hoofd_client.get(reverse(EXPORT_URL)).content.decode()
    assert "Editiedocument (JSON)" in html and "CASE 1.1-pakket" in html
    assert "Downloaden" in html


def test_an_unknown_format_or_edition_gives_the_form_again(hoofd_client, edition):
    response = hoofd_client.get(reverse(EXPORT_URL), {"edition": edition.pk, "format": "xml"})
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    response = hoofd_client.get(reverse(EXPORT_URL), {"edition": 999999, "format": "editie"})
    assert response.status_code == 400


# --------------------------------------------------------------------------------------------
# Preview and apply


def test_preview_lists_a_changed_competency_and_writes_nothing(hoofd_client, edition):
    document = exported_document(hoofd_client, edition)
    competency = document["competenties"][4]
    old_text = competency["text"]
    competency["text"] = "Kan vrijwilligers werven via de beheeromgeving"
    before = import_state()

    response = preview(hoofd_client, dumps(document).encode("utf-8"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Voorbeeld voor editie 2025" in html
    assert "Competentie gewijzigd: Kan vrijwilligers werven via de beheeromgeving" in html
    assert "Pagina's met een nieuwe conceptrevisie: 0" in html
    assert "Competenties met een nieuwe conceptrevisie: 1" in html
    assert "Nieuwe pagina's: 0" in html and "Nieuwe competenties: 0" in html
    assert 'value="toepassen"' in html
    assert import_state() == before
    stored = Competentie.objects.get(edition=edition, uid=competency["uid"])
    assert stored.text == old_text and not stored.has_unpublished_changes


def test_apply_creates_a_draft_revision_and_keeps_the_live_text(hoofd_client, edition):
    document = exported_document(hoofd_client, edition)
    competency = document["competenties"][4]
    old_text = competency["text"]
    competency["text"] = "Kan vrijwilligers werven via de beheeromgeving"
    token = preview(hoofd_client, dumps(document).encode("utf-8")).context["token"]
    pages_before, revisions_before = Page.objects.count(), Revision.objects.count()

    response = apply(hoofd_client, token)

    assert "Editie 2025 is bijgewerkt: 1 wijziging(en)" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_explore", args=[edition.pk])
    assert Page.objects.count() == pages_before
    assert Revision.objects.count() == revisions_before + 1
    stored = Competentie.objects.get(edition=edition, uid=competency["uid"])
    assert stored.live and stored.text == old_text  # visitors still see the live text
    assert stored.has_unpublished_changes
    draft = stored.get_latest_revision_as_object()
    assert draft.text == "Kan vrijwilligers werven via de beheeromgeving"
    assert stored.latest_revision.user.username == "hoofd-transfer"
    # Applying the same preview twice is refused.
    again = apply(hoofd_client, token)
    assert "Dit voorbeeld is verlopen; laad het bestand opnieuw." in again.content.decode()
    assert Revision.objects.count() == revisions_before + 1


def test_a_changed_task_gives_its_page_a_draft_revision(hoofd_client, edition, section):
    document = exported_document(hoofd_client, edition)
    sec = section_doc(document, "2.3")
    task = body_block(sec, "task_matrix")["uitvoerend"]["basis"][0]
    task["text"] = "Voert intakegesprekken met nieuwe vrijwilligers"
    response = preview(hoofd_client, dumps(document).encode("utf-8"))
    html = response.content.decode()
    assert f"Taakgebied gewijzigd: {section.number} {section.title} (inhoud)" in html
    assert "Pagina's met een nieuwe conceptrevisie: 1" in html
    assert "Competenties met een nieuwe conceptrevisie: 0" in html
    apply(hoofd_client, response.context["token"])
    page = section.__class__.objects.get(pk=section.pk)
    assert page.has_unpublished_changes
    assert "Voert intakegesprekken met nieuwe vrijwilligers" in json.dumps(
        list(page.get_latest_revision_as_object().body.raw_data)
    )
    assert "Voert intakegesprekken met nieuwe vrijwilligers" not in json.dumps(
        list(page.body.raw_data)
    )


def test_an_unchanged_document_changes_nothing_and_offers_no_apply(hoofd_client, edition):
    content = download(hoofd_client, edition, "editie").content
    before = import_state()
    response = preview(hoofd_client, content)
    html = response.content.decode()
    assert "Het document is gelijk aan editie 2025: er verandert niets." in html
    assert 'value="toepassen"' not in html
    assert import_state() == before


def test_preview_of_a_new_edition_creates_nothing_and_apply_makes_a_draft(hoofd_client, edition):
    document = exported_document(hoofd_client, edition)
    document["edition"].update(
        uid=str(uuid.uuid4()), label="2031", slug="editie-2031", title="Beroepsprofiel 2031"
    )
    pages = 1 + sum(1 + len(s.get("taakgebieden", [])) for s in document["sections"])
    before = import_state()

    response = preview(hoofd_client, dumps(document).encode("utf-8"))

    html = response.content.decode()
    assert (
        "Nieuwe editie 2031 (‘Beroepsprofiel 2031’)" in html
        and "wordt aangemaakt als concept" in html
    )
    assert f"met {pages} pagina's en 56 competenties" in html
    assert import_state() == before
    assert not FrameworkPage.objects.filter(edition_label="2031").exists()

    followed = apply(hoofd_client, response.context["token"])
    assert "Editie 2031 is geïmporteerd als concept" in followed.content.decode()
    new = FrameworkPage.objects.get(edition_label="2031")
    assert not new.live
    assert Competentie.objects.filter(edition=new).count() == 56


def test_a_wrong_token_or_an_empty_session_is_refused(hoofd_client, hoofdredacteur, edition):
    document = exported_document(hoofd_client, edition)
    document["competenties"][0]["text"] += " (gewijzigd)"
    token = preview(hoofd_client, dumps(document).encode("utf-8")).context["token"]
    before = import_state()

    wrong = apply(hoofd_client, "0" * 64)
    assert "Dit voorbeeld is verlopen; laad het bestand opnieuw." in wrong.content.decode()
    assert import_state() == before

    # A new session (e.g. logged in again, or expired): the token alone applies nothing.
    hoofd_client.logout()
    hoofd_client.force_login(hoofdredacteur)
    expired = apply(hoofd_client, token)
    assert "Dit voorbeeld is verlopen" in expired.content.decode()
    assert import_state() == before


# --------------------------------------------------------------------------------------------
# Bad input: a Dutch error on the form, nothing written


def assert_refused(client, content, *texts, where=None):
    before = import_state()
    response = preview(client, content)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Het document is niet geïmporteerd; er is niets gewijzigd." in html
    for text in texts:
        assert text in html, text
    if where is not None and where.startswith("$"):
        assert f"<code>{where}</code>" in html, where
    elif where is not None:  # no JSON path: the place in words (a line of the file)
        assert f'<span class="edition-import-place">{where}</span>' in html, where
    assert 'value="toepassen"' not in html
    assert import_state() == before
    return html


def test_broken_json_is_refused_with_its_line(hoofd_client, edition):
    data = b'{\n  "format": "beroepsprofiel-cvw/editie",\n  "format_version": 1,,\n}'
    assert_refused(hoofd_client, data, "Dit is geen geldige JSON", where="regel 3, kolom 23")


def test_a_5000_digit_number_is_refused_not_a_server_error(hoofd_client, edition):
    data = b'{"format": "beroepsprofiel-cvw/editie", "format_version": ' + b"1" * 5000 + b"}"
    assert_refused(hoofd_client, data, "getal dat te lang is", where="bestand")


def test_a_non_utf8_file_is_refused(hoofd_client, edition):
    content = download(hoofd_client, edition, "editie").content
    latin = content.replace("coördinator".encode(), "coördinator".encode("latin-1"), 1)
    assert_refused(hoofd_client, latin, "Het bestand is geen UTF-8-tekst", where="bestand")


def test_a_case_package_is_refused_as_the_wrong_schema(hoofd_client, edition):
    package = download(hoofd_client, edition, "case").content
    assert_refused(hoofd_client, package, "Verplicht veld ontbreekt", where="$")


def test_a_wrong_format_value_is_refused(hoofd_client, edition):
    document = exported_document(hoofd_client, edition)
    document["format_version"] = 2
    assert_refused(
        hoofd_client, dumps(document).encode(), "Ongeldige waarde 2", where="$.format_version"
    )


def test_missing_sections_are_refused(hoofd_client, edition):
    document = exported_document(hoofd_client, edition)
    del document["sections"]
    assert_refused(hoofd_client, dumps(document).encode(), "Verplicht veld ontbreekt: sections")


def test_an_unknown_competency_reference_names_its_section(hoofd_client, edition):
    document = exported_document(hoofd_client, edition)
    sec = section_doc(document, "2.3")
    b = body_index(sec, "competenties")
    unknown = str(uuid.uuid4())
    sec["body"][b]["items"][0]["competentie"] = unknown
    where = f"{section_path(document, '2.3')}.body[{b}].items[0].competentie"
    html = assert_refused(
        hoofd_client, dumps(document).encode(), "Onbekende competentie", unknown, where=where
    )
    # The place in words, then the JSON path.
    place = f"Taakgebied 2.3 {escape(sec['title'])} › Bijbehorende competenties › competentie 1"
    assert f'<span class="edition-import-place">{place} › gekozen competentie</span>' in html


def test_a_duplicate_identifier_is_refused_with_both_places(hoofd_client, edition):
    document = exported_document(hoofd_client, edition)
    document["competenties"][7]["uid"] = document["competenties"][3]["uid"]
    assert_refused(
        hoofd_client,
        dumps(document).encode(),
        "komt al voor bij Competentie 4 ‘",
        "($.competenties[3])",
        where="$.competenties[7]",
    )


def test_every_problem_is_listed_at_once(hoofd_client, edition):
    document = exported_document(hoofd_client, edition)
    document["competenties"][0]["area"] = str(uuid.uuid4())
    document["competenties"][5]["area"] = str(uuid.uuid4())
    html = assert_refused(hoofd_client, dumps(document).encode(), "2 probleem/problemen")
    assert html.count('class="edition-import-problem"') == 2


def test_a_new_edition_with_a_taken_label_is_refused(hoofd_client, edition):
    document = exported_document(hoofd_client, edition)
    document["edition"].update(uid=str(uuid.uuid4()), slug="editie-2025-kopie")
    assert_refused(
        hoofd_client,
        dumps(document).encode(),
        "Er bestaat al een andere editie met label ‘2025’.",
        where="$.edition.label",
    )


def test_a_50_mb_upload_is_refused_by_its_size(hoofd_client, settings):
    assert settings.FRAMEWORK_IMPORT_MAX_BYTES < 50 * 1024 * 1024
    before = import_state()
    with tempfile.NamedTemporaryFile(suffix=".json") as big:
        big.truncate(50 * 1024 * 1024)  # sparse on disk
        big.seek(0)
        response = hoofd_client.post(reverse(IMPORT_URL), {"file": big, "action": "voorbeeld"})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Het bestand is groter dan {settings.FRAMEWORK_IMPORT_MAX_BYTES // 1024} kB." in html
    assert 'value="toepassen"' not in html
    assert import_state() == before


@override_settings(FRAMEWORK_IMPORT_MAX_BYTES=1000)
def test_the_size_limit_follows_the_setting(hoofd_client, edition):
    content = download(hoofd_client, edition, "editie").content
    before = import_state()
    response = preview(hoofd_client, content)
    assert "Het bestand is groter dan 1000 bytes." in response.content.decode()
    assert import_state() == before


def test_an_upload_without_a_file_is_refused(hoofd_client):
    response = hoofd_client.post(reverse(IMPORT_URL), {"action": "voorbeeld"})
    assert response.status_code == 400
    assert "Dit is een verplicht veld." in response.content.decode()


# --------------------------------------------------------------------------------------------
# Who may


@pytest.mark.parametrize("url_name", [EXPORT_URL, IMPORT_URL])
def test_anonymous_users_are_sent_to_the_login_page(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_redacteur_may_download_but_not_import(client, redacteur, edition):
    client.force_login(redacteur)
    assert client.get(reverse(EXPORT_URL)).status_code == 200
    assert download(client, edition, "editie")["Content-Disposition"].endswith('2025.json"')
    document = exported_document(client, edition)
    document["competenties"][0]["text"] += " (gewijzigd)"
    before = import_state()
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    refused = client.get(reverse(IMPORT_URL))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    upload = SimpleUploadedFile("editie.json", dumps(document).encode())
    posted = client.post(reverse(IMPORT_URL), {"file": upload, "action": "voorbeeld"})
    assert posted.status_code == 302 and posted["Location"] == reverse("wagtailadmin_home")
    assert (
        client.post(reverse(IMPORT_URL), {"action": "toepassen", "token": "x"}).status_code == 302
    )
    assert import_state() == before
    # An AJAX request gets the plain 403.
    ajax = client.get(reverse(IMPORT_URL), headers={"x-requested-with": "XMLHttpRequest"})
    assert ajax.status_code == 403
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(EXPORT_URL) in home and reverse(IMPORT_URL) not in home


def test_a_hoofdredacteur_may_import(hoofd_client):
    response = hoofd_client.get(reverse(IMPORT_URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and "Voorbeeld" in html
    home = hoofd_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(EXPORT_URL) in home and reverse(IMPORT_URL) in home


def test_a_superuser_may_import(client, django_user_model):
    client.force_login(make_user(django_user_model, "super-transfer", is_superuser=True))
    assert client.get(reverse(IMPORT_URL)).status_code == 200


def test_an_admin_account_without_a_role_may_neither(client, django_user_model):
    client.force_login(make_user(django_user_model, "nobody-transfer"))
    for name in (EXPORT_URL, IMPORT_URL):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] != reverse(name)


ENGLISH = ("should", "Additional", "was unexpected", "is not", "Expecting", "is too", "string")


def test_each_problem_is_listed_once_in_dutch_with_its_place_in_words(hoofd_client, edition):
    from ..framework_pages.factories import text

    document = exported_document(hoofd_client, edition)
    sec = section_doc(document, "2.3")
    b = body_index(sec, "task_matrix")
    task_path = f"{section_path(document, '2.3')}.body[{b}].uitvoerend.basis[2]"
    tasks = sec["body"][b]["uitvoerend"]["basis"]
    tasks[2]["text"] = ""  # too short and no visible character: one problem
    tasks[2]["tekst"] = "x"  # an unknown field
    kerntaak = body_block(sec, "kerntaken")["items"][0]
    kerntaak["assessable"] = "ja"
    document["competentiegebieden"] = []
    html = assert_refused(hoofd_client, dumps(document).encode(), "4 probleem/problemen")
    rows = {
        row.select_one("code").get_text(): (
            text(row.select_one(".edition-import-place")),
            text(row.find_all("td")[1]),
        )
        for row in soup_rows(html)
    }
    assert len(rows) == len(soup_rows(html)) == 4  # each once
    place = "Taakgebied 2.3 Matchen › Uitvoerend niveau — Basistaken › taak 3"
    assert rows[f"{task_path}.text"] == (f"{place} › tekst", "Deze tekst mag niet leeg zijn.")
    assert rows[task_path] == (place, "Onbekend veld: ‘tekst’; dat hoort hier niet.")
    kerntaak_path = f"{section_path(document, '2.3')}.body[{body_index(sec, 'kerntaken')}]"
    assert rows[f"{kerntaak_path}.items[0].assessable"] == (
        "Taakgebied 2.3 Matchen › Kerntaken › kerntaak 1 › aanvinkbaar",
        "Verwacht true of false.",
    )
    assert rows["$.competentiegebieden"][1] == "Hier hoort minstens 1 onderdeel."
    assert not [word for word in ENGLISH if word in text(soup_page(html))]


def soup_page(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").select_one("main") or BeautifulSoup(
        html, "html.parser"
    )


def soup_rows(html):
    return soup_page(html).select("tr.edition-import-problem")


@pytest.mark.parametrize(
    "data, message",
    [
        (b'{"format": "beroepsprofiel-cvw/editie",}', "hier wordt een veldnaam tussen dubbele"),
        (b'{"format" "x"}', "hier wordt een dubbele punt (:) verwacht"),
        (b'{"format": "beroepsprofiel', "een tekst die hier begint, wordt niet afgesloten"),
        (b"{} {}", "na het einde van het document staat nog meer"),
    ],
)
def test_broken_json_is_explained_in_dutch(hoofd_client, edition, data, message):
    html = assert_refused(hoofd_client, data, "Dit is geen geldige JSON: " + message)
    assert "Expecting" not in html and "Extra data" not in html and "Unterminated" not in html


def test_the_preview_names_each_changed_task_and_its_cell(hoofd_client, edition, section):
    from ..framework_pages.factories import soup, text

    document = exported_document(hoofd_client, edition)
    task = body_block(section_doc(document, "2.3"), "task_matrix")["uitvoerend"]["basis"][2]
    task["text"] = "Voert intakegesprekken met nieuwe vrijwilligers"
    page = soup(preview(hoofd_client, dumps(document).encode("utf-8")))
    assert "Taakgebied gewijzigd: 2.3 Matchen (inhoud)" in text(page)
    assert "(body)" not in text(page)
    items = page.select_one(".edition-import-items")
    group = next(s for s in items.select("section.comparison-group") if "2.3 Matchen" in text(s.h3))
    change = group.select_one("li.comparison-change--reworded")
    assert "(Uitvoerend niveau — Basistaken)" in text(change)
    assert "intakegesprekken" in text(change.find("ins"))

"""Error pages are Dutch, say what happened and what to do; an oversized form post in the
admin (too many bytes or fields) gets the Dutch 400 page, never Django's English one."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.views.defaults import permission_denied, server_error

pytestmark = pytest.mark.django_db

ENGLISH = ("Bad Request", "Forbidden", "Server Error", "CSRF verification failed", "Not Found")


def assert_dutch(response, status, *texts):
    html = response.content.decode() if hasattr(response, "content") else response
    assert response.status_code == status
    assert '<html lang="nl">' in html
    for text in texts:
        assert text in html, text
    for english in ENGLISH:
        assert english not in html, english
    return html


@pytest.fixture
def edit_url(section):
    return reverse("wagtailadmin_pages:edit", args=[section.pk])


def test_an_admin_post_over_the_byte_limit_gets_the_dutch_400_page(
    client, admin, edit_url, settings
):
    client.force_login(admin)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(edit_url, {"title": "Matchen", "body-0-value": "x" * 20_000})
    html = assert_dutch(response, 400, "Het formulier is niet verwerkt", "Er is niets opgeslagen.")
    assert "knop Terug (Vorige) van je browser" in html


def test_an_admin_post_with_too_many_fields_gets_the_dutch_400_page(
    client, admin, edit_url, settings
):
    client.force_login(admin)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.post(edit_url, {f"body-{i}-value": "x" for i in range(100)})
    assert_dutch(response, 400, "Het formulier is niet verwerkt", "Je wijzigingen terughalen")


def test_a_self_assessment_post_with_too_many_fields_gets_the_dutch_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.post(reverse("checklists:start"), {f"i-{i}": "on" for i in range(100)})
    assert_dutch(response, 400, "Het formulier is niet verwerkt")


def test_an_oversized_autosave_gets_a_dutch_error_its_script_shows(client, section, settings):
    started = client.post(reverse("checklists:start"), {"scope": section.pk})
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.post(
        f"{started['Location']}stap/1/",
        {f"i-{i}": "on" for i in range(100)},
        headers={"x-requested-with": "fetch"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "errors": [
            "Wat je verstuurde was te groot of bevatte te veel velden; er is niets opgeslagen."
        ],
    }


def test_an_oversized_admin_autosave_gets_wagtails_error_answer_with_the_reason(
    client, admin, edit_url, settings
):
    # Wagtail's autosave asks for JSON only; with this answer its footer says why it paused,
    # instead of "Er heeft zich een serverfout voorgedaan".
    client.force_login(admin)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.post(
        edit_url,
        {f"body-{i}-value": "x" for i in range(100)},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error_code": "validation_error",
        "error_message": (
            "Wat je verstuurde was te groot of bevatte te veel velden; er is niets opgeslagen."
        ),
    }


def test_a_post_without_its_csrf_token_gets_the_dutch_403_page():
    response = Client(enforce_csrf_checks=True).post(reverse("checklists:start"), {"scope": "1"})
    assert_dutch(response, 403, "Het formulier is verlopen", "Er is niets opgeslagen.")


def test_permission_denied_and_server_error_pages_are_dutch(rf):
    assert_dutch(permission_denied(rf.get("/"), PermissionDenied()), 403, "Geen toegang")
    assert_dutch(server_error(rf.get("/")), 500, "Er ging iets mis")


def test_page_not_found_is_dutch(client):
    assert_dutch(client.get("/bestaat-niet/"), 404, "Pagina niet gevonden")


def test_a_host_not_allowed_gets_the_dutch_400_page(client, edition):
    # Django answers it with handler400; the page's navigation must not ask for the host again.
    response = client.get("/", headers={"host": "elders.example"})
    assert_dutch(response, 400, "Het formulier is niet verwerkt")

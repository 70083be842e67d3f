import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_home_page_leads_to_framework_and_self_assessment(client, edition):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html  # skip link and its target
    assert f'href="{edition.url}"' in html
    assert 'href="/zelfscan/"' in html


EXTERNAL_ASSET = re.compile(
    r"<(?:link|script|img|iframe|source)\b[^>]*\b(?:href|src)=\"(?:https?:)?//", re.I
)


def test_pages_load_nothing_from_other_hosts(client, edition, section):
    for url in ("/", edition.url, section.url, "/privacy/"):
        html = client.get(url).content.decode()
        assert not EXTERNAL_ASSET.search(html), f"{url} loads an asset from another host"
        assert "/static/css/portal.css" in html


def test_demo_editor_can_log_in_to_the_admin(client):
    call_command("create_demo_accounts", stdout=__import__("io").StringIO())
    response = client.post(
        "/admin/login/", {"username": "redacteur", "password": "demo-redacteur-2025"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_password_is_refused_in_dutch(client):
    call_command("create_demo_accounts", stdout=__import__("io").StringIO())
    response = client.post("/admin/login/", {"username": "redacteur", "password": "fout"})
    assert response.status_code == 200
    assert "gebruikersnaam" in response.content.decode().lower()
    assert client.get("/admin/").status_code == 302


def test_unknown_url_gives_a_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_load_initial_data_twice_changes_nothing():
    from io import StringIO

    out = StringIO()
    call_command("load_initial_data", stdout=out)
    assert "niets gewijzigd" in out.getvalue()

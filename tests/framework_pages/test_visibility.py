"""What a visitor may see of an edition is decided once (framework_pages.visibility), and every
public route agrees: a competency that was never published, chosen on a live page, shows
nowhere. Before, the JSON API (and CASE) kept it while the changes page dropped it, and the
page itself and the self-assessment showed it."""

import re

import pytest
from django.test import RequestFactory

from checklists.structure import live_section_items
from framework_pages.exchange.editions import copy_edition, publish_edition
from framework_pages.items import section_items
from framework_pages.models import Competentie, Competentiegebied, TaakgebiedPage

from .factories import draft_choosing

WORD = "Zeldzaamwoordje"
TEXT = f"Kan een {WORD} uitleggen aan vrijwilligers"


def choose_unpublished_competency(section):
    """A new competency, saved as a draft only, chosen on ``section``, whose page is published."""
    area = Competentiegebied.objects.filter(edition=section.edition).first()
    competentie = Competentie(edition=section.edition, area=area, text=TEXT, live=False)
    competentie.save()
    competentie.save_revision()
    page = draft_choosing(section, competentie)
    page.save_revision().publish()
    return competentie


def uids_in(value):
    return set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", value))


@pytest.fixture
def hidden(section):
    competentie = choose_unpublished_competency(section)
    section.refresh_from_db()
    return competentie


def test_the_page_and_its_competency_page_do_not_show_it(client, section, hidden):
    html = client.get(section.url).content.decode()
    assert "Bijbehorende competenties" in html
    assert WORD not in html
    edition = section.edition
    assert client.get(f"{edition.url}competenties/{hidden.uid}/").status_code == 404


def test_the_self_assessment_does_not_ask_it(client, section, hidden):
    assert str(hidden.uid) not in {i.uid for i in section_items(section)}
    assert str(hidden.uid) not in {i.uid for i in live_section_items(section)}
    overview = client.post("/zelfscan/", {"scope": section.pk})["Location"]
    html = client.get(f"{overview}stap/1/").content.decode()
    assert WORD not in html
    assert f"i-{hidden.uid}-c" not in html


def test_search_does_not_find_it(client, section, hidden):
    html = client.get(f"{section.edition.url}zoeken/", {"q": WORD}).content.decode()
    assert f"Geen taakgebieden gevonden voor ‘{WORD}’" in html
    assert f"Geen competenties gevonden voor ‘{WORD}’" in html
    assert f"competenties/{hidden.uid}/" not in html


def test_the_api_and_case_leave_it_out(client, section, hidden):
    label = section.edition.edition_label
    document = client.get(f"/api/edities/{label}/").content.decode()
    assert str(hidden.uid) not in uids_in(document)
    assert WORD not in document
    case = client.get(f"/api/edities/{label}/case/").content.decode()
    assert str(hidden.uid) not in uids_in(case)
    assert WORD not in case


def test_the_changes_page_does_not_call_it_new(client, edition, admin):
    new = copy_edition(edition, "2026", user=admin).edition
    publish_edition(new, user=admin)
    section = TaakgebiedPage.objects.descendant_of(new).get(number="2.3").specific
    choose_unpublished_competency(section)
    html = client.get(f"{new.url}wat-is-er-veranderd/").content.decode()
    assert "Wat is er veranderd" in html
    assert WORD not in html
    document = client.get("/api/edities/2026/").content.decode()
    assert WORD not in document


def test_editors_preview_shows_it_marked_as_a_draft(section, hidden, admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    for mode in ("", "checklist"):
        response = section.make_preview_request(request, mode)
        html = response.content.decode()
        assert WORD in html, mode
        assert "nog niet gepubliceerd" in html, mode


def test_a_page_restricted_to_logged_in_users_is_left_out_everywhere(client, section):
    """A view restriction makes a live page not public: the same rule everywhere, and a page
    cached before the restriction is not served from the cache after it."""
    from wagtail.models import PageViewRestriction

    edition = section.edition
    assert client.get(section.url).status_code == 200  # now cached
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(section.url).status_code == 302  # to the login page
    assert section.url not in client.get(edition.url).content.decode()  # the outline
    results = client.get(f"{edition.url}zoeken/", {"q": "matchen"}).content.decode()
    assert section.url not in results
    document = client.get(f"/api/edities/{edition.edition_label}/").content.decode()
    assert str(section.uid) not in uids_in(document)
    assert client.post("/zelfscan/", {"scope": section.pk}).status_code == 400  # refused

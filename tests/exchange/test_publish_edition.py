"""'Editie in één keer publiceren' shows what would go live and publishes only what passes the
editor's full validation and what the moderator chose.

Before, it published every pending draft of the edition at once, a Redacteur's unapproved one
and one with an empty task (which Wagtail accepts as a draft) included, and it preselected an
edition.
"""

import pytest

from framework_pages.items import section_items
from framework_pages.models import Competentie, TaakgebiedPage

from ..framework_pages.factories import draft_choosing, user_in

pytestmark = pytest.mark.django_db

URL = "/admin/edities/publiceren/"
REWORDED = "Zorgt voor een warm welkom voor elke nieuwe vrijwilliger"


def draft(page, user, text):
    """A draft revision of ``page`` whose first basic task reads ``text`` ("" = empty)."""
    page = page.get_latest_revision_as_object()
    raw = list(page.body.raw_data)
    matrix = next(b for b in raw if b["type"] == "task_matrix")
    matrix["value"]["uitvoerend"]["basis"][0]["value"]["text"] = text
    page.body = raw
    page.save_revision(user=user)
    return page


@pytest.fixture
def world(edition):
    red = user_in("red", "Redacteur", "Editors")
    hoofd = user_in("hoofd", "Hoofdredacteur", "Moderators")
    sections = {
        s.number: s.specific
        for s in TaakgebiedPage.objects.descendant_of(edition).filter(
            number__in=["2.3", "2.4", "2.5"]
        )
    }
    draft(sections["2.3"], red, "")  # fails validation
    draft(sections["2.4"], red, REWORDED + " (redacteur)")  # valid, not approved
    draft(sections["2.5"], hoofd, REWORDED)  # the moderator's own
    competentie = Competentie.objects.filter(edition=edition, live=True).first()
    competentie.text = "Een competentie, herschreven door de redacteur"
    competentie.save_revision(user=red)
    keys = {n: f"pagina-{s.pk}" for n, s in sections.items()}
    keys["competentie"] = f"competentie-{competentie.pk}"
    return {"red": red, "hoofd": hoofd, "sections": sections, "keys": keys}


def first_task(section):
    section.refresh_from_db()
    return next(i.text for i in section_items(section) if i.type == "task")


def test_no_edition_is_chosen_for_the_moderator(client, world):
    client.force_login(world["hoofd"])
    html = client.get(URL).content.decode()
    assert '<option value="" selected>— Kies een editie —</option>' in html


def test_the_screen_shows_what_would_go_live_and_proposes_only_approved_valid_content(
    client, edition, world
):
    from framework_pages.exchange.editions import pending_publication

    client.force_login(world["hoofd"])
    html = client.get(URL, {"edition": edition.pk}).content.decode()
    keys = world["keys"]
    rows = {p.key: p for p in pending_publication(edition)}
    assert set(keys.values()) <= set(rows)
    assert rows[keys["2.3"]].problems and not rows[keys["2.3"]].proposed
    assert not rows[keys["2.4"]].proposed and not rows[keys["2.4"]].problems
    assert rows[keys["2.5"]].proposed
    assert not rows[keys["competentie"]].proposed
    assert f'value="{keys["2.5"]}" id="kies-{keys["2.5"]}" checked' in html
    assert f'value="{keys["2.4"]}" id="kies-{keys["2.4"]}">' in html
    assert f'value="{keys["2.3"]}" id="kies-{keys["2.3"]}" disabled' in html
    assert "lege taak" in html and "concept van een redacteur" in html


def test_publishing_takes_only_what_was_ticked_and_passes_validation(client, edition, world):
    sections, keys = world["sections"], world["keys"]
    before = {n: first_task(s) for n, s in sections.items()}
    client.force_login(world["hoofd"])
    # What an old form sent: the edition alone. Nothing goes live without a choice.
    response = client.post(URL, {"edition": edition.pk})
    assert response.status_code == 400
    assert {n: first_task(s) for n, s in sections.items()} == before

    # The empty task is refused even when ticked by hand, and then nothing is published.
    response = client.post(URL, {"edition": edition.pk, "kies": [keys["2.3"], keys["2.5"]]})
    assert response.status_code == 400
    assert "Er is niets gepubliceerd" in response.content.decode()
    assert {n: first_task(s) for n, s in sections.items()} == before

    # The proposed item and the Redacteur's draft by the moderator's explicit decision.
    response = client.post(URL, {"edition": edition.pk, "kies": [keys["2.5"], keys["2.4"]]})
    assert response.status_code == 302
    assert first_task(sections["2.5"]) == REWORDED
    assert first_task(sections["2.4"]) == REWORDED + " (redacteur)"
    assert first_task(sections["2.3"]) == before["2.3"] != ""
    competentie = Competentie.objects.get(pk=int(keys["competentie"].split("-")[1]))
    assert competentie.text != "Een competentie, herschreven door de redacteur"
    # The public page never shows an empty item.
    public = client.get(sections["2.3"].url).content.decode()
    assert before["2.3"] in public


def test_a_page_choosing_a_competency_that_stays_unpublished_is_refused(client, edition, world):
    from framework_pages.models import Competentiegebied

    section = world["sections"]["2.5"]
    area = Competentiegebied.objects.filter(edition=edition).first()
    hidden = Competentie.objects.create(
        edition=edition, area=area, text="Nog nooit gepubliceerd", live=False
    )
    hidden.save_revision(user=world["red"])
    page = draft_choosing(section, hidden)
    page.save_revision(user=world["hoofd"])
    client.force_login(world["hoofd"])
    key = world["keys"]["2.5"]
    response = client.post(URL, {"edition": edition.pk, "kies": [key]})
    assert response.status_code == 400
    assert "Nog nooit gepubliceerd" in response.content.decode()
    # Ticking the competency too publishes both.
    response = client.post(URL, {"edition": edition.pk, "kies": [key, f"competentie-{hidden.pk}"]})
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.live
    assert "Nog nooit gepubliceerd" in client.get(section.url).content.decode()

"""Search: what it finds, how it shows it, and what it never finds."""

import pytest
from bs4 import BeautifulSoup

from framework_pages.models import Competentie

pytestmark = pytest.mark.django_db

NOTE_WORD = "Notitiewoordje"


def search_html(client, edition, query):
    response = client.get(f"{edition.url}zoeken/", {"q": query})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def put_word_in_every_note(section, word):
    """The word in the notes of a task, the matrix, a kerntaak, a kerntaak sub-item and the
    page's editorial notes, and in the note of a competency the page chooses; published."""
    page = section.get_latest_revision_as_object()
    raw = list(page.body.raw_data)
    matrix = next(b for b in raw if b["type"] == "task_matrix")["value"]
    matrix["note"] = f"Matrix {word}"
    matrix["uitvoerend"]["basis"][0]["value"]["note"] = f"Taak {word}"
    kerntaken = next(b for b in raw if b["type"] == "kerntaken")["value"]["items"]
    kerntaken[0]["value"]["note"] = f"Kerntaak {word}"
    with_children = next(k for k in kerntaken if k["value"].get("children"))
    with_children["value"]["children"][0]["value"]["note"] = f"Onderdeel {word}"
    page.body = raw
    page.editorial_notes = f"Redactie {word}"
    page.save_revision().publish()
    chosen = next(b for b in raw if b["type"] == "competenties")["value"]["items"][0]
    competentie = Competentie.objects.get(pk=chosen["value"]["competentie"])
    competentie.note = f"Competentie {word}"
    competentie.save_revision().publish()


def test_words_that_stand_only_in_editorial_notes_find_nothing(client, section):
    put_word_in_every_note(section, NOTE_WORD)
    html = search_html(client, section.edition, NOTE_WORD)
    assert section.url not in str(html)
    assert f"Geen taakgebieden gevonden voor ‘{NOTE_WORD}’" in html.get_text()
    assert f"Geen competenties gevonden voor ‘{NOTE_WORD}’" in html.get_text()
    # The page itself is still found by the words it shows.
    assert section.url in str(search_html(client, section.edition, "Startpakket"))

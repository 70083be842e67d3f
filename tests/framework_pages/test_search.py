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


def hits(html):
    return html.select(".search-hit")


def test_a_result_names_the_item_its_section_and_quadrant_and_links_to_it(client, section):
    html = search_html(client, section.edition, "werven")
    hit = next(h for h in hits(html) if "Wervingsproces opzetten" in h.get_text())
    assert hit.select_one("mark").get_text() == "Wervingsproces"
    where = " ".join(hit.select_one(".search-hit__where").get_text().split())
    assert where == "Taak · 2.3 Matchen · Uitvoerend niveau — Aanvullende taken"
    url, anchor = hit.a["href"].split("#")
    assert url == section.url
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert "Wervingsproces opzetten" in page.find(id=anchor).get_text()
    # The section is still listed too.
    assert section.url in [a["href"] for a in html.select("h2 + ul a")]


def test_a_competency_is_listed_once_with_its_area(client, edition):
    html = search_html(client, edition, "privacy bewaken")
    found = [h for h in hits(html) if "Kan privacy bewaken" in h.get_text()]
    assert len(found) == 1
    area = Competentie.objects.get(edition=edition, text__startswith="Kan privacy bewaken").area
    where = " ".join(found[0].select_one(".search-hit__where").get_text().split())
    assert where.startswith("Competentie · ")
    assert f" · {area.name}" in where


def test_an_item_holding_every_word_comes_before_one_holding_some(client, edition):
    first = hits(search_html(client, edition, "werving plaatsing"))[0]
    assert "Beheer van de werving en plaatsing van vrijwilligers" in first.get_text()


def test_a_synonym_an_editor_adds_applies_at_once(client, edition):
    from framework_pages.models import Synoniem

    assert not hits(search_html(client, edition, "welkomstpakket"))
    Synoniem.objects.create(words="welkomstpakket, startpakket")
    found = hits(search_html(client, edition, "welkomstpakket"))
    assert any("Startpakket voor nieuwe vrijwilligers" in h.get_text() for h in found)


def test_a_synonym_needs_two_meaningful_phrases_with_a_dutch_message():
    from django.core.exceptions import ValidationError

    from framework_pages.models import Synoniem

    with pytest.raises(ValidationError) as one:
        Synoniem(words="VOG").full_clean()
    assert "Geef minstens twee woorden" in str(one.value)
    with pytest.raises(ValidationError) as empty:
        Synoniem(words="VOG, de het").full_clean()
    assert "te algemeen" in str(empty.value)


def test_suggestions_while_typing_are_a_fragment_of_items(client, edition):
    response = client.get(f"{edition.url}zoeken/suggesties/", {"q": "wervingsp"})
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("html") is None and html.find("main") is None
    links = [a.get_text() for a in html.select("li a")]
    assert any("Wervingsproces opzetten" in text for text in links)
    # Nothing typed yet, or too long: no suggestions, no error page.
    assert client.get(f"{edition.url}zoeken/suggesties/").content.strip() == b""
    assert client.get(f"{edition.url}zoeken/suggesties/", {"q": "x" * 300}).status_code == 200


def test_nothing_found_offers_the_nearest_words_and_their_results(client, edition):
    html = search_html(client, edition, "vrijwiligerswerk")  # one "l" too few
    notice = html.select_one(".search-notice")
    assert notice is not None and "Bedoelde je" in notice.get_text()
    assert notice.a.get_text() == "vrijwilligerswerk"
    assert hits(html)


def test_search_stays_in_its_edition(client, edition, admin):
    from framework_pages.exchange.editions import copy_edition, publish_edition

    new = copy_edition(edition, "2026", user=admin).edition
    publish_edition(new, user=admin)
    html = search_html(client, edition, "werving")
    links = [a["href"] for a in html.select("main a[href]") if "/zoeken/" not in a["href"]]
    assert links and all(link.startswith(edition.url) for link in links)
    # Another edition only when asked: a link to the same query there.
    scope = html.select_one(".search-scope")
    assert "Gezocht in editie 2025." in scope.get_text()
    assert scope.find("a", string="2026")["href"] == f"{new.url}zoeken/?q=werving"


def test_the_number_of_queries_does_not_grow_with_the_content(client, section):
    """Measured with the derived values (lexicon, results) not cached: the worst case."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(query):
        from django.core.cache import caches

        caches["default"].clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(f"{section.edition.url}zoeken/", {"q": query})
        return len(captured)

    queries("werving")  # what any first request does once (site, settings)
    before = queries("vrijwilligers")
    page = section.get_latest_revision_as_object()
    raw = list(page.body.raw_data)
    matrix = next(b for b in raw if b["type"] == "task_matrix")["value"]
    matrix["uitvoerend"]["basis"] += [
        {
            "type": "item",
            "id": f"00000000-0000-4000-8000-{n:012d}",
            "value": {"text": f"Taak {n} voor vrijwilligers", "note": ""},
        }
        for n in range(50)
    ]
    page.body = raw
    page.save_revision().publish()
    assert queries("vrijwilligers") == before


@pytest.mark.parametrize("where", ["zoeken/", "zoeken/suggesties/"])
def test_markup_in_a_query_or_an_item_is_shown_as_text(client, section, where):
    page = section.get_latest_revision_as_object()
    raw = list(page.body.raw_data)
    task = next(b for b in raw if b["type"] == "task_matrix")["value"]["uitvoerend"]["basis"][0]
    task["value"]["text"] = "Werft <img src=x onerror=alert(1)> vrijwilligers"
    page.body = raw
    page.save_revision().publish()
    for query in ("<img src=x onerror=alert(1)>", "werft onerror"):
        response = client.get(f"{section.edition.url}{where}", {"q": query})
        assert response.status_code == 200
        assert "<img src=x" not in response.content.decode()
    # The item is found and its text shown escaped.
    assert "&lt;img src=x <mark>onerror</mark>=alert(1)&gt;" in response.content.decode()


def test_a_long_query_searches_its_first_words_and_says_so(client, edition):
    query = " ".join(["werving", "beheer"] * 6)  # 12 words, 89 characters
    html = search_html(client, edition, query)
    notices = [" ".join(n.get_text().split()) for n in html.select(".search-notice")]
    assert "Alleen de eerste 10 woorden zijn gebruikt." in notices, notices
    assert hits(html)

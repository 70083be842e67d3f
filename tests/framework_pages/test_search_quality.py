"""Search as coordinators use it: words in other forms than the text, on every database.

QUERIES are written from the framework: each names the section and/or the item a reader
expects for it. Recall: the section among the first 10 sections found, or the item among the
first 10 items (or competencies) listed. Shown: the item itself among the first 10 items
listed. The figures are printed (pytest -s) for the issue's note, per database.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection

pytestmark = pytest.mark.django_db

# (query, expected section number or None, expected item text (a part of it) or None)
QUERIES = [
    ("werven", "2.2", "Beheer van de werving en plaatsing"),
    ("wervingsprocessen", "2.3", "Wervingsproces opzetten"),
    ("inclusie", "2.1", "inclusieve organisatie of initiatief voor potentiële"),
    ("intakegesprek", "2.3", "intake-procedure"),
    ("verklaring omtrent gedrag", "2.3", "een VOG"),
    ("beleid", "3.1", None),
    ("ontwerp vrijwilligersbeleid", "3.1", "Kan vrijwilligersbeleid ontwerpen"),
    ("beleid voor werving", "2.2", "Wervingsbeleid ontwikkelen"),
    ("inwerkprogramma's", "2.4", "inwerkprogramma"),
    ("gesprek", "2.4", "formele gesprekken"),
    ("startpakketten", "2.3", "Startpakket voor nieuwe"),
    ("verzekering", "2.3", "verzekeringen"),
    ("privacy bewaking", None, "Kan privacy bewaken"),
    ("divers", "2.1", "diversiteit in de organisatie"),
    ("promotieactiviteiten", "2.1", "promotie-activiteiten"),
    ("campagne", "2.2", "Campagnes ontwikkelen"),
    ("allianties sluiten", "4.3", "sluit allianties"),
    ("netwerk bouwen", "4.3", "Bouwt netwerken op"),
    ("feedbackgesprek", "4.1", "open voor feedback"),
    ("scholing volgen", "4.1", "Volgt relevante scholing"),
    ("ontwikkelplannen", "4.1", "ontwikkelplan"),
    ("ethisch kwestie", None, "Kan ethische kwesties"),
    ("dilemma", "4.4", "dilemma’s"),
    ("begeleider", "2.4", None),
    ("samenwerkingspartner", "3.2", None),
    ("gemeentes", "3.3", "Adviseert de gemeente"),
    ("trainen", "3.3", "Traint (betaalde) collega"),
    ("impact zichtbaar maken", "1", "Maakt de waarde en impact zichtbaar"),
    ("administratie AVG", "2.3", "administratie volgens AVG"),
    ("welkom", "2.3", "welkom ontvangstklimaat"),
    ("knelpunt", "2.3", "Knelpunten signaleren"),
    ("kwaliteitsdoel", "4.2", "kwaliteitsdoelen"),
    ("exitgesprekken", "2.6", "exitgesprek"),
    ("afscheid nemen", "2.6", "afscheid kunnen nemen"),
    ("risicoanalyses", "3.1", "risicoanalyse"),
    ("vrijwilligerscentrale", "2.6", "vrijwilligerscentrales"),
    ("coachen", "2.4", "Coacht en motiveert"),
    ("erkennen", "2.4", "erkenning, waardering"),
    ("beloningen", "2.4", "beloning van vrijwilligers"),
]


def listed(html, heading, selector):
    h2 = html.find("h2", string=heading)
    box = h2.find_next_sibling(["ul", "ol"]) if h2 else None
    if box is None or box.find_previous_sibling("h2") is not h2:
        return []
    return [" ".join(e.get_text().split()) for e in box.select(selector)][:10]


def outcome(client, edition, query, number, item):
    response = client.get(f"{edition.url}zoeken/", {"q": query})
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    sections = listed(html, "Taakgebieden", "li > a > .section-number")
    hits = [" ".join(a.get_text().split()) for a in html.select(".search-hit > a")][:10]
    competencies = listed(html, "Competenties", "li > a")
    item_text = " ".join((item or "").split())
    shown = bool(item) and any(item_text in h for h in hits)
    found = (
        (number in sections) or shown or (bool(item) and any(item_text in c for c in competencies))
    )
    return found, shown


def test_recall_and_matched_items_on_other_word_forms(client, edition):
    assert len(QUERIES) >= 30
    outcomes = {q: outcome(client, edition, q, n, i) for q, n, i in QUERIES}
    with_item = [q for q, _n, i in QUERIES if i]
    recall = sum(found for found, _ in outcomes.values()) / len(QUERIES)
    shown = sum(outcomes[q][1] for q in with_item) / len(with_item)
    missed = [q for q, (found, _) in outcomes.items() if not found]
    not_shown = [q for q in with_item if not outcomes[q][1]]
    print(
        f"\n[{connection.vendor}] {len(QUERIES)} queries: recall@10 {recall:.0%}, "
        f"matched item shown {shown:.0%} (of {len(with_item)}); "
        f"missed {missed}; item not shown {not_shown}"
    )
    assert recall >= 0.9, missed
    assert shown >= 0.8, not_shown

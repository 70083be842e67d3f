"""The public framework pages as a coordinator reads them, and the page rules editors work with."""

import re
import uuid
from html import unescape

import pytest
from django.test import RequestFactory
from django.utils.html import escape

from checklists.forms import field_names
from framework_pages.items import section_items
from framework_pages.models import (
    Competentie,
    FrameworkPage,
    GrondhoudingPage,
    HoofdtaakPage,
    TaakgebiedPage,
)
from framework_pages.views import SEARCH_MAX_LENGTH
from home.models import HomePage

from .factories import (
    body_block,
    chosen_competency_uids,
    document_sections,
    fixture_document,
    section_doc,
    sections_using,
    soup,
    text,
)

pytestmark = pytest.mark.django_db

ALL_NUMBERS = [
    "1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
    "3", "3.1", "3.2", "3.3", "4", "4.1", "4.2", "4.3", "4.4",
]  # fmt: skip


@pytest.fixture
def document():
    return fixture_document()


@pytest.fixture
def pages(edition):
    """{number: live section page (specific)} of the edition."""
    return {p.number: p for p in TaakgebiedPage.objects.descendant_of(edition).live().specific()}


def links(element):
    return [(unescape(a["href"]), text(a)) for a in element.find_all("a")]


# --------------------------------------------------------------------------------------------
# The overview


def test_overview_lists_grondhouding_hoofdtaken_and_taakgebieden_in_order(
    client, edition, document
):
    html = soup(client.get(edition.url))
    outline = html.select_one("ol.outline")
    assert outline is not None, "the edition page has no outline"
    numbers = [text(span) for span in outline.select("span.section-number")]
    assert numbers == ALL_NUMBERS

    # Top level: the grondhouding and the three hoofdtaken; under each hoofdtaak its taakgebieden.
    top = outline.find_all("li", recursive=False)
    assert [text(li.find("a").select_one(".section-number")) for li in top] == ["1", "2", "3", "4"]
    for li, part in zip(top, document["sections"], strict=True):
        link = li.find("a")
        assert text(link) == f"{part['number']} {part['title']}"
        nested = li.find("ol")
        expected = [f"{s['number']} {s['title']}" for s in part.get("taakgebieden", [])]
        assert ([text(a) for a in nested.find_all("a")] if nested else []) == expected

    # Every entry links to its live page.
    urls = {p.number: p.url for p in edition.get_descendants().live().specific()}
    for a in outline.find_all("a"):
        number = text(a.select_one(".section-number"))
        assert a["href"] == urls[number]
    assert len(outline.find_all("a")) == 1 + 3 + 13


def test_overview_has_search_form_and_edition_intro(client, edition, document):
    html = soup(client.get(edition.url))
    assert text(html.find("h1")) == document["edition"]["title"]
    form = html.select_one("form[role=search]")
    assert form["action"] == f"{edition.url}zoeken/"
    assert form.find("input", attrs={"name": "q"}) is not None
    assert "Basistaken zijn de taken waarvan elke coördinator" in text(html)
    # A settled edition does not carry a status notice.
    assert "Status van deze editie" not in text(html)


# --------------------------------------------------------------------------------------------
# A task area


def test_task_area_renders_intro_and_kerntaken(client, section, document):
    doc = section_doc(document, "2.3")
    html = soup(client.get(section.url))
    article = html.find("article")
    assert text(article.find("h1")) == "2.3 Taakgebied: Matchen"

    intro = article.select_one("div.intro")
    intro_doc = body_block(doc, "intro")
    assert text(intro) == text(soup_fragment(intro_doc["html"]))

    kerntaken = article.select_one("section.kerntaken")
    kerntaken_doc = body_block(doc, "kerntaken")
    assert text(kerntaken.find("h2")) == "Kerntaken"
    assert kerntaken_doc["intro"] in text(kerntaken)
    top_items = kerntaken.find("ul").find_all("li", recursive=False)
    assert [li["data-uid"] for li in top_items] == [k["id"] for k in kerntaken_doc["items"]]
    for li, item in zip(top_items, kerntaken_doc["items"], strict=True):
        assert text(li).startswith(" ".join(item["text"].split()))
        subs = li.find("ul")
        expected_children = [c["id"] for c in item.get("children", [])]
        assert ([s["data-uid"] for s in subs.find_all("li")] if subs else []) == expected_children
    assert "Het woord ‘opnieuw’" in text(kerntaken)  # the text after the list


def soup_fragment(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_task_area_matrix_is_a_table_with_headers_and_the_tasks_in_their_cells(
    client, section, document
):
    doc = body_block(section_doc(document, "2.3"), "task_matrix")
    html = soup(client.get(section.url))
    tables = html.find_all("table")
    assert len(tables) == 1
    table = tables[0]
    assert [text(th) for th in table.select("thead th[scope=col]")] == [
        "Basistaken",
        "Aanvullende taken",
    ]
    rows = table.select("tbody tr")
    assert [text(row.find("th", attrs={"scope": "row"})) for row in rows] == [
        "Uitvoerend niveau",
        "Tactisch en strategisch niveau",
    ]
    for row, level in zip(rows, ("uitvoerend", "tactisch_strategisch"), strict=True):
        cells = row.find_all("td")
        assert len(cells) == 2
        for cell, kind in zip(cells, ("basis", "aanvullend"), strict=True):
            tasks = cell.find_all("li")
            assert [li["data-uid"] for li in tasks] == [t["id"] for t in doc[level][kind]]
            assert [text(li) for li in tasks] == [
                " ".join(t["text"].split()) for t in doc[level][kind]
            ]
    assert all(
        doc[level][kind]
        for level in ("uitvoerend", "tactisch_strategisch")
        for kind in ("basis", "aanvullend")
    )


def test_task_area_groups_competencies_under_their_areas_in_the_areas_order(
    client, section, document
):
    doc = section_doc(document, "2.3")
    areas = [a["name"] for a in document["competentiegebieden"]]
    area_of = {c["uid"]: c["area"] for c in document["competenties"]}
    area_name = {a["uid"]: a["name"] for a in document["competentiegebieden"]}
    text_of = {c["uid"]: c["text"] for c in document["competenties"]}

    html = soup(client.get(section.url))
    block = html.select_one("section.competenties")
    assert text(block.find("h2")) == "Bijbehorende competenties"
    groups = block.select("div.competency-area")
    headings = [text(g.find("h3")) for g in groups]
    # Headings follow the areas' order and each appears once.
    assert headings == [a for a in areas if a in headings]
    assert len(headings) == len(set(headings)) >= 2

    shown = []
    for group, heading in zip(groups, headings, strict=True):
        for li in group.select("ul.competency-list > li"):
            uid = li.find("a")["href"].rstrip("/").rsplit("/", 1)[1]
            assert area_name[area_of[uid]] == heading, f"{text_of[uid]} under {heading}"
            shown.append(uid)
            for child in li.select(":scope > ul > li > a"):
                shown.append(child["href"].rstrip("/").rsplit("/", 1)[1])
    assert sorted(shown) == sorted(chosen_competency_uids(doc))

    # Within an area, the page's own order is kept.
    top_level = [c["competentie"] for c in body_block(doc, "competenties")["items"]]
    for group, heading in zip(groups, headings, strict=True):
        in_group = [
            li.find("a")["href"].rstrip("/").rsplit("/", 1)[1]
            for li in group.select("ul.competency-list > li")
        ]
        assert in_group == [u for u in top_level if area_name[area_of[u]] == heading]

    # Each competency links to its own page with its text.
    for a in block.find_all("a"):
        uid = a["href"].rstrip("/").rsplit("/", 1)[1]
        assert a["href"] == f"/editie-2025/competenties/{uid}/"
        assert text(a) == " ".join(text_of[uid].split())


def test_task_area_breadcrumbs(client, section, edition):
    html = soup(client.get(section.url))
    crumbs = html.select_one("nav.breadcrumbs")
    assert links(crumbs) == [
        ("/", "Home"),
        (edition.url, edition.title),
        ("/editie-2025/vrijwilligers-begeleiden/", "2 Vrijwilligers begeleiden"),
    ]
    assert text(crumbs.select_one("[aria-current=page]")) == "Matchen"


def _pager(client, page):
    html = soup(client.get(page.url))
    prev = html.select_one("a[rel=prev]")
    following = html.select_one("a[rel=next]")
    return prev, following


@pytest.mark.parametrize(
    ("number", "previous", "following"),
    [
        ("1", None, "2.1"),
        ("2.1", "1", "2.2"),
        ("2.3", "2.2", "2.4"),
        ("2.6", "2.5", "3.1"),  # across hoofdtaken
        ("3.1", "2.6", "3.2"),
        ("4.4", "4.3", None),
    ],
)
def test_previous_and_next_follow_the_reading_order(client, pages, number, previous, following):
    prev, nxt = _pager(client, pages[number])
    if previous is None:
        assert prev is None
    else:
        assert prev["href"] == pages[previous].url
        assert f"{previous} {pages[previous].title}" in text(prev)
    if following is None:
        assert nxt is None
    else:
        assert nxt["href"] == pages[following].url
        assert f"{following} {pages[following].title}" in text(nxt)


def test_grondhouding_page_has_no_taakgebied_prefix_and_edition_breadcrumb(client, pages, edition):
    html = soup(client.get(pages["1"].url))
    assert text(html.find("h1")) == "1 Ecologische en Mensgerichte Grondhouding"
    assert links(html.select_one("nav.breadcrumbs")) == [
        ("/", "Home"),
        (edition.url, edition.title),
    ]


def test_every_section_page_renders_its_tasks(client, pages, document):
    for doc in document_sections(document):
        html = client.get(pages[doc["number"]].url).content.decode()
        for block in doc["body"]:
            if block["type"] == "task_matrix":
                for level in ("uitvoerend", "tactisch_strategisch"):
                    for kind in ("basis", "aanvullend"):
                        for task in block[level][kind]:
                            assert f'data-uid="{task["id"]}"' in html, (doc["number"], task["text"])


# --------------------------------------------------------------------------------------------
# A competency


def test_competency_page_shows_area_and_exactly_the_sections_that_choose_it(
    client, edition, document
):
    area_name = {a["uid"]: a["name"] for a in document["competentiegebieden"]}
    pages = {p.number: p for p in TaakgebiedPage.objects.descendant_of(edition).live().specific()}
    assert len(document["competenties"]) == 56
    for comp in document["competenties"]:
        response = client.get(f"{edition.url}competenties/{comp['uid']}/")
        html = soup(response)
        assert text(html.find("h1")) == " ".join(comp["text"].split())
        assert f"Competentiegebied: {area_name[comp['area']]}" in text(html.select_one("p.lead"))
        heading = html.find("h2", string=re.compile("Taakgebieden waarin"))
        listed = heading.find_next_sibling("ul")
        expected = sections_using(document, comp["uid"])
        got = [(a["href"], text(a)) for a in listed.find_all("a")] if listed else []
        assert got == [(pages[n].url, f"{n} {pages[n].title}") for n in expected], comp["text"]


def test_competency_chosen_on_several_pages_is_listed_for_each(client, edition, document):
    # 'Kan privacy bewaken en ziet toe op informatieveiligheid' is a shared competency.
    comp = next(c for c in document["competenties"] if c["text"].startswith("Kan privacy bewaken"))
    expected = sections_using(document, comp["uid"])
    assert len(expected) >= 3
    html = soup(client.get(f"{edition.url}competenties/{comp['uid']}/"))
    numbers = [text(s) for s in html.select("main ul .section-number")]
    assert numbers == expected


def test_unknown_competency_uuid_gives_404(client, edition):
    response = client.get(f"{edition.url}competenties/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.parametrize(
    "bad", ["niet-een-uuid", "12345", "9c396036-fd3e-59fb-9a4f-2b6c353dc09", "%27%3B--"]
)
def test_malformed_competency_uuid_gives_404(client, edition, bad):
    response = client.get(f"{edition.url}competenties/{bad}/")
    assert response.status_code == 404


def test_unpublished_competency_gives_404(client, edition):
    comp = Competentie.objects.filter(edition=edition).first()
    comp.live = False
    comp.save()
    assert client.get(f"{edition.url}competenties/{comp.uid}/").status_code == 404


# --------------------------------------------------------------------------------------------
# Search


def search(client, edition, query):
    response = client.get(f"{edition.url}zoeken/", {"q": query})
    return response, soup(response)


def _result_numbers(html):
    heading = html.find("h2", string="Taakgebieden")
    listed = heading.find_next_sibling("ul") if heading else None
    return [text(s) for s in listed.select(".section-number")] if listed else []


def _result_competencies(html):
    heading = html.find("h2", string="Competenties")
    listed = heading.find_next_sibling("ul") if heading else None
    return [text(a) for a in listed.find_all("a")] if listed else []


def test_search_finds_a_task_area_by_a_word_of_one_of_its_tasks(client, edition, document):
    # 'Startpakket' is only in a task of 2.3's matrix, not in its intro or title.
    doc = section_doc(document, "2.3")
    matrix = body_block(doc, "task_matrix")
    tasks = [
        t["text"]
        for level in ("uitvoerend", "tactisch_strategisch")
        for k in ("basis", "aanvullend")
        for t in matrix[level][k]
    ]
    assert any("Startpakket" in t for t in tasks)
    assert "startpakket" not in body_block(doc, "intro")["html"].lower()

    response, html = search(client, edition, "startpakket")
    assert response.status_code == 200
    assert "2.3" in _result_numbers(html)
    link = html.find("a", href=section_doc_url(edition, "2.3"))
    assert link is not None


def section_doc_url(edition, number):
    return TaakgebiedPage.objects.descendant_of(edition).get(number=number).url


def test_search_finds_a_task_area_without_kerntaken_by_a_task_word(client, edition, document):
    doc = section_doc(document, "4.4")
    task = body_block(doc, "task_matrix")["uitvoerend"]["basis"][0]["text"]
    word = max(re.findall(r"\w+", task), key=len)
    _, html = search(client, edition, word)
    assert "4.4" in _result_numbers(html), word


def test_search_finds_competencies_by_text(client, edition, document):
    comp = next(c for c in document["competenties"] if c["text"].startswith("Kan privacy bewaken"))
    _, html = search(client, edition, "privacy bewaken")
    assert " ".join(comp["text"].split()) in _result_competencies(html)
    assert html.find("a", href=f"{edition.url}competenties/{comp['uid']}/") is not None
    # The task areas that choose it are found by that text too.
    found = _result_numbers(html)
    assert set(sections_using(document, comp["uid"])) <= set(found)


def test_search_without_results_says_so(client, edition):
    _, html = search(client, edition, "xylofoonzwaluw")
    assert "Geen taakgebieden gevonden voor ‘xylofoonzwaluw’" in text(html)
    assert "Geen competenties gevonden voor ‘xylofoonzwaluw’" in text(html)


def test_too_long_search_gives_a_dutch_error_and_no_500(client, edition):
    query = "vrijwilligers " * 20  # 280 characters
    assert len(query.strip()) > SEARCH_MAX_LENGTH
    response, html = search(client, edition, query)
    assert response.status_code == 200
    error = html.select_one("#search-error")
    assert error is not None
    assert text(error) == "Gebruik een zoekvraag van hoogstens 200 tekens."
    assert html.find("input", attrs={"name": "q"})["aria-invalid"] == "true"
    assert html.find("h2", string="Taakgebieden") is None  # no results are shown


@pytest.mark.parametrize(
    "query", ['"werving', '"', 'werving"', '"privacy bewaken"', "priv\x00acy", "(", "a:b", "*", "'"]
)
def test_search_never_fails_on_odd_input(client, edition, query):
    response, html = search(client, edition, query)
    assert response.status_code == 200
    assert html.find("h1", string="Zoeken in het beroepsprofiel") is not None


def test_search_in_quotes_finds_the_words(client, edition):
    _, html = search(client, edition, '"privacy bewaken"')
    assert "Kan privacy bewaken en ziet toe op informatieveiligheid" in _result_competencies(html)


def test_search_of_exactly_200_characters_is_accepted(client, edition):
    query = ("werving " * 25)[:200]
    response, html = search(client, edition, query)
    assert response.status_code == 200
    assert html.select_one("#search-error") is None


# --------------------------------------------------------------------------------------------
# Preview


def test_task_area_preview_modes():
    assert [mode for mode, _ in TaakgebiedPage().preview_modes] == ["", "checklist"]
    assert [mode for mode, _ in GrondhoudingPage().preview_modes] == ["", "checklist"]


def test_checklist_preview_is_the_real_step_form(section, admin_user):
    """The "Zelfscan" preview renders the self-assessment's own step form: every item, the
    kerntaken included, with both checkboxes the form gives it (the old separate preview gave
    kerntaken no ontwikkelpunt), and nothing to save."""
    request = RequestFactory().get("/")
    request.user = admin_user
    response = section.serve_preview(request, "checklist")
    response.render()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorbeeld voor redacteuren" in html
    items = section_items(section)
    assert len(items) > 20
    assert any(item.type == "kerntaak" for item in items)
    for item in items:
        assert escape(item.text) in html, item.text
        for name in field_names(item):
            assert f'name="{name}"' in html, (item.type, item.text)
    assert html.count('<input type="checkbox"') == 2 * len(items)
    assert "data-autosave" not in html and 'name="save"' not in html
    # The publication preview is the page itself: the matrix table, no checkboxes.
    publication = section.serve_preview(request, "")
    publication.render()
    assert "<table" in publication.content.decode()
    assert 'type="checkbox"' not in publication.content.decode()


def test_checklist_preview_shows_an_unsaved_change(section, admin_user):
    raw = list(section.body.raw_data)
    matrix = next(b for b in raw if b["type"] == "task_matrix")
    matrix["value"]["uitvoerend"]["basis"][0]["value"]["text"] = "Een taak die nog niet bestaat"
    section.body = raw
    request = RequestFactory().get("/")
    request.user = admin_user
    response = section.serve_preview(request, "checklist")
    response.render()
    assert "Een taak die nog niet bestaat" in response.content.decode()


# --------------------------------------------------------------------------------------------
# Page rules


def test_task_area_can_only_be_created_under_a_hoofdtaak(edition, section):
    home = HomePage.objects.get()
    hoofdtaak = HoofdtaakPage.objects.child_of(edition).first()
    assert TaakgebiedPage.can_create_at(hoofdtaak)
    assert not TaakgebiedPage.can_create_at(edition)
    assert not TaakgebiedPage.can_create_at(home)
    assert not TaakgebiedPage.can_create_at(section)
    assert not HoofdtaakPage.can_create_at(hoofdtaak)
    assert HoofdtaakPage.can_create_at(edition)
    assert not FrameworkPage.can_create_at(edition)


def test_grondhouding_only_under_an_edition_and_once_per_edition(edition):
    home = HomePage.objects.get()
    hoofdtaak = HoofdtaakPage.objects.child_of(edition).first()
    assert not GrondhoudingPage.can_create_at(hoofdtaak)
    assert not GrondhoudingPage.can_create_at(home)
    # 2025 already has its grondhouding.
    assert GrondhoudingPage.objects.child_of(edition).count() == 1
    assert not GrondhoudingPage.can_create_at(edition)

    new = home.add_child(
        instance=FrameworkPage(title="Editie 2030", slug="editie-2030", edition_label="2030")
    )
    assert GrondhoudingPage.can_create_at(new)
    new.add_child(instance=GrondhoudingPage(title="Grondhouding", slug="grondhouding", number="1"))
    new = FrameworkPage.objects.get(pk=new.pk)
    assert not GrondhoudingPage.can_create_at(new)
    # The edition of 2025 is unaffected by the other edition's grondhouding.
    assert not GrondhoudingPage.can_create_at(edition)


def test_admin_offers_only_the_allowed_page_types(admin_client, edition):
    hoofdtaak = HoofdtaakPage.objects.child_of(edition).first()
    add = "/admin/pages/add/framework_pages/{}/{}/"
    assert admin_client.get(add.format("taakgebiedpage", hoofdtaak.pk)).status_code == 200
    # Refused (Wagtail redirects to the dashboard with a message) where the rules forbid it.
    for model, parent in (
        ("taakgebiedpage", edition.pk),
        ("grondhoudingpage", edition.pk),  # 2025 already has one
        ("grondhoudingpage", hoofdtaak.pk),
    ):
        response = admin_client.get(add.format(model, parent))
        assert response.status_code == 302, (model, parent)
        assert response["Location"] == "/admin/"
    response = admin_client.post(
        add.format("grondhoudingpage", edition.pk),
        {"title": "Tweede grondhouding", "slug": "tweede", "number": "1"},
    )
    assert response.status_code == 302
    assert GrondhoudingPage.objects.child_of(edition).count() == 1


# --------------------------------------------------------------------------------------------
# A shared competency


def test_editing_a_competency_shows_on_every_task_area_that_uses_it(
    client, edition, document, pages
):
    comp_doc = next(
        c for c in document["competenties"] if c["text"].startswith("Kan privacy bewaken")
    )
    users = sections_using(document, comp_doc["uid"])
    assert len(users) >= 3
    comp = Competentie.objects.get(edition=edition, uid=comp_doc["uid"])
    old = comp.text
    new = "Kan privacy bewaken, kent de AVG en ziet toe op informatieveiligheid"

    # A saved draft is not shown yet.
    comp.text = new
    revision = comp.save_revision()
    for number in users:
        html = client.get(pages[number].url).content.decode()
        assert escape(old) in html and escape(new) not in html, number

    revision.publish()
    for number in users:
        html = client.get(pages[number].url).content.decode()
        assert escape(new) in html, number
        assert escape(old) not in html, number
    # Pages that do not choose it do not show it.
    for number, page in pages.items():
        if number not in users:
            assert escape(new) not in client.get(page.url).content.decode(), number
    # Its own page shows the new text.
    html = client.get(f"{edition.url}competenties/{comp.uid}/").content.decode()
    assert escape(new) in html

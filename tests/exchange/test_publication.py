"""The publication as a PDF: made from the published pages, every checkbox in it, a table of
contents that tells the right pages, made once per publish, tagged and self-contained."""

import io
import re
import unicodedata
from functools import cache

import pypdf
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import PageViewRestriction

from framework_pages.exchange import publication
from framework_pages.items import section_items
from framework_pages.models import FrameworkPage, TaakgebiedPage
from framework_pages.navigation import edition_outline
from framework_pages.vocabulary import COMPETENTIE
from portal import pdf

from ..framework_pages.factories import publish_body

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not pdf.available(), reason="Pango ontbreekt: make pdf-libs"),
]

NEW_TEXT = "Heet nieuwe vrijwilligers persoonlijk welkom op hun eerste dag."


def normal(text):
    """Text as compared: NFKC (ligatures apart) and without white space, since a line may
    break after "vrijwilligers/" or "co-" where the text has no space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@cache
def extracted(content):
    """The text of each page as pypdf extracts it."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def page_texts(content):
    """The text of each page without its running header and footer (drawn last: the page's
    last two lines), the cover's as it is."""
    return [
        normal(" ".join(text.splitlines() if number == 1 else text.splitlines()[:-2]))
        for number, text in enumerate(extracted(content), start=1)
    ]


@pytest.fixture(scope="module")
def edition_pdf(django_db_blocker):
    """The edition's PDF, made once for this module (the content is the loaded fixture)."""
    with django_db_blocker.unblock():
        edition = FrameworkPage.objects.get(edition_label="2025")
        return publication.build(edition).content


def visible_sections(edition):
    pks = [page.pk for part, sections in edition_outline(edition) for page in (sections or [part])]
    pages = TaakgebiedPage.objects.in_bulk(pks)
    return [pages[pk] for pk in pks if pk in pages]


def shown_order(page):
    """The section's checkbox items in the order the page shows them: kerntaken, the matrix
    cell by cell, then the competencies grouped by area (each with its sub-competencies)."""
    items = section_items(page)
    others = [i for i in items if i.type != COMPETENTIE]
    parents = [i for i in items if i.type == COMPETENTIE and not i.parent_uid]
    children = [i for i in items if i.type == COMPETENTIE and i.parent_uid]
    competencies = []
    for parent in sorted(parents, key=lambda i: i.area_order):
        competencies.append(parent)
        competencies.extend(c for c in children if c.parent_uid == parent.uid)
    return others + competencies


def test_every_checkbox_item_of_the_edition_is_in_the_pdf_in_order(edition, edition_pdf):
    text = " ".join(page_texts(edition_pdf))
    sections = visible_sections(edition)
    assert len(sections) == 14
    position, missing, count = 0, [], 0
    for page in sections:
        heading = text.find(normal(f"{page.number} "), position)
        position = max(position, heading)
        for item in shown_order(page):
            count += 1
            found = text.find(normal(item.text), position)
            if found < 0:
                missing.append(f"{page.number}: {item.text}")
            else:
                position = found + len(normal(item.text))
    assert not missing, "Niet (op zijn plaats) in de PDF:\n" + "\n".join(missing)
    assert count >= 442 - 150  # every checkbox; a shared competency is one item per section


TOC_ENTRY = re.compile(r"^(\d(?:\.\d)?) (.+?) [. ]+ (\d+)$")


def test_the_table_of_contents_gives_every_section_with_its_page(edition, edition_pdf):
    texts = page_texts(edition_pdf)
    toc = next(text for text in extracted(edition_pdf) if text.startswith("Inhoud"))
    entries = {
        number: (title, int(page))
        for number, title, page in (
            TOC_ENTRY.match(line).groups() for line in toc.splitlines() if TOC_ENTRY.match(line)
        )
    }
    for section in visible_sections(edition):
        assert section.number in entries, f"{section.number} niet in de inhoudsopgave"
        title, page_number = entries[section.number]
        assert normal(title) == normal(section.title)
        start = texts[page_number - 1]
        # The section begins there: its heading and the link to its online page.
        assert normal(f"Online: {section.full_url}") in start, section.number
        assert normal(section.title) in start
        # ... and not on the page before.
        assert normal(f"Online: {section.full_url}") not in texts[page_number - 2]


def structure_roles(node, roles=None):
    """Every structure element's role (/S) in the PDF's structure tree."""
    roles = set() if roles is None else roles
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            roles.add(str(node["/S"]))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                structure_roles(kid, roles)
    return roles


def test_the_pdf_is_tagged_dutch_titled_with_embedded_fonts_and_links_to_the_portal(
    edition, edition_pdf
):
    reader = pypdf.PdfReader(io.BytesIO(edition_pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    # Headings, lists, the matrix as a table with header cells, and links are tagged.
    roles = structure_roles(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} <= roles, roles
    assert reader.metadata.title == "Beroepsprofiel coördinator vrijwilligerswerk 2025"
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) == (210, 297)
    fonts, uris = set(), set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts", [font])
            for descendant in descendants:
                descriptor = descendant.get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, descriptor
                fonts.add(str(descriptor["/FontName"]).split("+")[-1])
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A", {})
            if "/URI" in action:
                uris.add(str(action["/URI"]))
    assert fonts and all(name.startswith("Liberation-Sans") for name in fonts), fonts
    site = edition.get_site().root_url
    assert uris and all(uri.startswith(site + "/") for uri in uris), uris
    assert edition.full_url in uris


def test_a_section_pdf_holds_that_section_only(client, edition, section):
    response = client.get(f"/publicatie/editie-2025/{section.number}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="beroepsprofiel-2025-23-matchen.pdf"' in response["Content-Disposition"]
    text = " ".join(page_texts(response.content))
    for item in shown_order(section):
        assert normal(item.text) in text
    other = TaakgebiedPage.objects.descendant_of(edition).get(number="2.4")
    assert normal(f"Online: {other.full_url}") not in text


def test_made_once_per_published_content_and_a_publish_makes_the_next_one_current(
    client, edition, section, monkeypatch
):
    made = []
    build = publication.build
    monkeypatch.setattr(publication, "build", lambda *args: made.append(args) or build(*args))
    url = f"/publicatie/editie-2025/{section.number}.pdf"
    first = client.get(url).content
    assert client.get(url).content == first and client.get(url).status_code == 200
    assert len(made) == 1  # not per request

    raw = list(section.body.raw_data)
    matrix = next(block for block in raw if block["type"] == "task_matrix")
    old_text = matrix["value"]["uitvoerend"]["basis"][0]["value"]["text"]
    matrix["value"]["uitvoerend"]["basis"][0]["value"]["text"] = NEW_TEXT
    publish_body(section, raw)

    text = " ".join(page_texts(client.get(url).content))
    assert len(made) == 2
    assert normal(NEW_TEXT) in text and normal(old_text) not in text


def test_a_draft_changes_nothing_until_it_is_published(client, edition, section):
    url = f"/publicatie/editie-2025/{section.number}.pdf"
    client.get(url)
    raw = list(section.body.raw_data)
    matrix = next(block for block in raw if block["type"] == "task_matrix")
    matrix["value"]["uitvoerend"]["basis"][0]["value"]["text"] = NEW_TEXT
    section.body = raw
    section.save_revision()
    assert normal(NEW_TEXT) not in " ".join(page_texts(client.get(url).content))


def test_only_published_editions_and_visible_sections_have_a_pdf(client, edition, section):
    section.unpublish()
    assert client.get(f"/publicatie/editie-2025/{section.number}.pdf").status_code == 404
    assert client.get("/publicatie/editie-2025/9.9.pdf").status_code == 404
    edition.unpublish()
    assert client.get("/publicatie/editie-2025.pdf").status_code == 404
    assert client.get("/api/edities/2025/pdf/").status_code == 404


def test_a_section_behind_a_password_is_left_out(client, edition, section):
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert client.get(f"/publicatie/editie-2025/{section.number}.pdf").status_code == 404
    html = publication.publication_html(edition)
    assert section.full_url not in html and "2.4 Taakgebied: Begeleiden" in html


def test_the_pages_link_the_pdfs_and_give_their_size_once_made(client, edition, section):
    page = client.get(section.url).content.decode()
    assert (
        'href="/publicatie/editie-2025.pdf"' in page
        and 'href="/publicatie/editie-2025/2.3.pdf"' in page
    )
    assert "Download dit onderdeel als PDF" in page
    made = client.get("/publicatie/editie-2025/2.3.pdf").content
    size = f"{len(made) / 1024:.1f}".replace(".", ",")
    page = client.get(section.url).content.decode()
    assert f"(PDF, {size}\xa0KB)" in page
    assert 'href="/publicatie/editie-2025.pdf"' in client.get(edition.url).content.decode()


def test_the_api_lists_and_serves_the_pdf(client, edition, edition_pdf, monkeypatch):
    monkeypatch.setattr(
        publication, "build", lambda e, s=None: publication.Publication(edition_pdf, "x.pdf")
    )
    entry = client.get("/api/edities/").json()["edities"][0]
    assert entry["pdf"].endswith("/publicatie/editie-2025.pdf")
    response = client.get("/api/edities/2025/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == edition_pdf


@override_settings(PDF_ENABLED=False)
def test_without_the_pdf_engine_the_links_say_so_and_point_to_printing(client, section):
    page = client.get(section.url).content.decode()
    assert "De PDF kan op deze server nu niet worden gemaakt." in page
    assert 'href="/publicatie/' not in page
    response = client.get("/publicatie/editie-2025/2.3.pdf")
    assert response.status_code == 503
    assert "Druk de pagina af" in response.content.decode()
    assert f'href="{section.url}"' in response.content.decode()
    assert client.get("/api/edities/2025/pdf/").status_code == 503


def test_the_engine_reads_only_the_portals_own_files():
    assert pdf.static_path("https://fonts.example.org/font.ttf") is None
    assert pdf.static_path("file:///etc/passwd") is None
    inside = settings.STATICFILES_DIRS[0]
    assert pdf.static_path(f"file://{inside}/../portal/settings/base.py") is None
    assert pdf.static_path("http://localhost/static/../portal/settings/base.py") is None
    assert pdf.static_path("http://localhost/static/fonts/LiberationSans-Regular.ttf")
    html = (
        '<html lang="nl"><head><title>t</title>'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"></head>'
        '<body><img src="file:///etc/hostname" alt=""><p>tekst</p></body></html>'
    )
    content = pdf.render(html, "http://localhost/")
    assert "tekst" in page_texts(content)[0]


def test_while_another_server_makes_the_pdf_this_one_waits_for_it(edition, section, monkeypatch):
    """The lock in the shared cache: a second server does not make the same file again."""
    from portal.page_cache import current_version, shared_cache

    key = publication._key(edition, section)
    shared_cache().add(f"{key}:making:{current_version()}", True)
    theirs = publication.Publication(b"%PDF- made by the other server", "x.pdf")

    def other_server_finishes(_seconds):
        shared_cache().set(key, (current_version(), theirs))

    monkeypatch.setattr(publication.time, "sleep", other_server_finishes)
    monkeypatch.setattr(publication, "build", lambda *args: pytest.fail("made twice"))
    assert publication.publication(edition, section) == theirs


def test_a_release_that_changes_the_layout_makes_new_pdfs(edition, section, monkeypatch):
    made = []
    monkeypatch.setattr(
        publication, "build", lambda *args: made.append(args) or publication.Publication(b"", "")
    )
    publication.publication(edition, section)
    publication.publication(edition, section)
    assert len(made) == 1
    monkeypatch.setattr(pdf, "layout_fingerprint", lambda names: "a-new-stylesheet")
    publication.publication(edition, section)
    assert len(made) == 2


def test_the_layout_fingerprint_follows_the_stylesheet_and_templates():
    first = pdf.layout_fingerprint(publication.LAYOUT_TEMPLATES)
    assert first == pdf.layout_fingerprint(publication.LAYOUT_TEMPLATES)
    assert first != pdf.layout_fingerprint(publication.LAYOUT_TEMPLATES[:1])


def test_make_publication_makes_the_pdfs_beforehand_and_the_pages_give_their_size(
    client, edition, section, monkeypatch
):
    made = []

    def fake_build(edition, part=None):
        made.append(part)
        return publication.Publication(b"%PDF-" + b"x" * 2048, publication.filename(edition, part))

    monkeypatch.setattr(publication, "build", fake_build)
    out = io.StringIO()
    call_command("make_publication", "--onderdelen", stdout=out)
    assert len(made) == 15  # the edition and its 14 sections
    assert "beroepsprofiel-2025.pdf: 2,0" in out.getvalue()
    assert "(PDF, 2,0\xa0KB)" in client.get(edition.url).content.decode()
    call_command("make_publication", stdout=io.StringIO())
    assert len(made) == 15  # already made for this content


@override_settings(PDF_ENABLED=False)
def test_make_publication_says_why_it_cannot():
    with pytest.raises(CommandError, match="De PDF kan op deze server nu niet worden gemaakt"):
        call_command("make_publication", stdout=io.StringIO())

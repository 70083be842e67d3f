"""A new edition as a draft copy of the current one, published and made current."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from framework_pages.exchange.comparison import compare_editions
from framework_pages.exchange.document import export_edition
from framework_pages.exchange.editions import copy_edition, publish_edition
from framework_pages.exchange.problems import DocumentError
from framework_pages.models import Competentie, FrameworkPage, TaakgebiedPage
from home.models import PortalSettings

pytestmark = pytest.mark.django_db


def without_edition(document):
    return {k: v for k, v in document.items() if k not in ("edition", "exported_at")}


def test_copy_is_a_draft_with_a_new_identity_and_the_same_items(client, edition):
    result = copy_edition(edition, "2026")
    copy = FrameworkPage.objects.get(edition_label="2026")
    assert result.created and result.edition.pk == copy.pk
    assert copy.uid != edition.uid
    assert copy.slug == "editie-2026"
    assert copy.title == "Beroepsprofiel coördinator vrijwilligerswerk 2026"
    assert copy.status == "concept"
    assert copy.get_parent().pk == edition.get_parent().pk
    # Drafts: nothing of the copy is visible to the public.
    assert not copy.live
    assert not copy.get_descendants().live().exists()
    assert not Competentie.objects.filter(edition=copy, live=True).exists()
    assert client.get("/editie-2026/").status_code == 404
    # Every item, competency, area and section keeps its identifier.
    assert without_edition(export_edition(copy)) == without_edition(export_edition(edition))
    assert not compare_editions(edition, copy).has_changes
    # The source edition is untouched.
    assert FrameworkPage.objects.get(pk=edition.pk).live
    assert (
        Competentie.objects.filter(edition=edition).count()
        == Competentie.objects.filter(edition=copy).count()
    )


def test_a_taken_label_or_an_empty_one_is_refused(edition):
    before = FrameworkPage.objects.count()
    with pytest.raises(DocumentError) as info:
        copy_edition(edition, "2025")
    assert "2025" in info.value.problems[0].message
    with pytest.raises(DocumentError):
        copy_edition(edition, "  ")
    assert FrameworkPage.objects.count() == before


def test_publishing_the_copy_and_making_it_current(client, edition):
    copy_edition(edition, "2026", title="Beroepsprofiel 2026")
    copy = FrameworkPage.objects.get(edition_label="2026")
    section = TaakgebiedPage.objects.descendant_of(copy).get(number="2.3")
    publish_edition(copy)
    copy.refresh_from_db()
    assert copy.live and copy.title == "Beroepsprofiel 2026"
    assert not copy.get_descendants().not_live().exists()
    assert not Competentie.objects.filter(edition=copy, live=False).exists()
    assert client.get(section.url).status_code == 200

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.current_edition = copy
    settings.save()
    home = client.get("/").content.decode()
    assert "Naar editie 2026" in home and copy.url in home
    # Both editions are published side by side with the same item ids.
    assert (
        client.get(TaakgebiedPage.objects.descendant_of(edition).get(number="2.3").url).status_code
        == 200
    )


def test_new_edition_command(edition):
    out = io.StringIO()
    call_command("new_edition", "--from", "2025", "--label", "2027", stdout=out)
    assert FrameworkPage.objects.filter(edition_label="2027", live=False).exists()
    assert "2027" in out.getvalue()
    with pytest.raises(CommandError, match="2031"):
        call_command("new_edition", "--from", "2031", "--label", "2032", stdout=out)
    with pytest.raises(CommandError, match="2027"):
        call_command("new_edition", "--from", "2025", "--label", "2027", stdout=out)


def _published_copy_with_changes(edition):
    """Edition 2026: a published copy of 2025 with one task reworded and one removed."""
    from framework_pages.exchange.importing import import_edition

    from ..framework_pages.factories import body_block, section_doc

    copy = copy_edition(edition, "2026").edition
    document = export_edition(copy)
    matrix = body_block(section_doc(document, "2.3"), "task_matrix")
    task = matrix["uitvoerend"]["basis"][0]
    old_text = task["text"]
    task["text"] = "Heet <nieuwe> vrijwilligers persoonlijk welkom."
    removed = matrix["uitvoerend"]["basis"].pop(1)
    import_edition(document)
    publish_edition(copy)
    return FrameworkPage.objects.get(pk=copy.pk), old_text, removed["text"]


def test_public_changes_page_compares_with_the_previous_edition(client, edition):
    from ..framework_pages.factories import soup, text

    copy, old_text, removed_text = _published_copy_with_changes(edition)
    page = soup(client.get(copy.url + "wat-is-er-veranderd/"))
    assert text(page.find("h1")) == "Wat is er veranderd"
    assert "Editie 2026 vergeleken met editie 2025" in text(page)
    group = next(s for s in page.select("section.comparison-group") if "2.3 Matchen" in text(s.h3))
    ins = group.find("ins")
    assert "toegevoegd:" in text(ins.select_one(".visually-hidden"))
    assert "<nieuwe>" in text(group)  # escaped in the HTML, read back as text
    assert removed_text in text(group.find("li", class_="comparison-change--removed"))
    assert "1 onderdeel verwijderd" in text(page)
    # From the older edition, the page compares with the newer one; same result.
    older = soup(client.get(edition.url + "wat-is-er-veranderd/"))
    assert "Editie 2026 vergeleken met editie 2025" in text(older)


def test_public_changes_page_without_another_published_edition(client, edition):
    copy_edition(edition, "2026")  # a draft does not count
    response = client.get(edition.url + "wat-is-er-veranderd/")
    assert response.status_code == 404
    assert "geen andere gepubliceerde editie" in response.content.decode()
    response = client.get(edition.url + "wat-is-er-veranderd/?met=2026")
    assert response.status_code == 404
    assert "geen gepubliceerde editie met label ‘2026’" in response.content.decode()


# --------------------------------------------------------------------------------------------
# Admin screens


def test_admin_makes_a_new_edition_and_opens_its_pages(admin_client, edition):
    from ..framework_pages.factories import soup, text

    form = soup(admin_client.get("/admin/edities/nieuw/"))
    assert text(form.find("h1")) == "Nieuwe editie maken"
    response = admin_client.post(
        "/admin/edities/nieuw/", {"source": edition.pk, "label": "2026", "title": ""}
    )
    copy = FrameworkPage.objects.get(edition_label="2026")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{copy.pk}/"
    assert not copy.live
    # The same label again: a clear error at the field, nothing made.
    response = admin_client.post("/admin/edities/nieuw/", {"source": edition.pk, "label": "2026"})
    assert response.status_code == 400
    assert "Er bestaat al een editie met label ‘2026’." in response.content.decode()
    assert FrameworkPage.objects.filter(edition_label="2026").count() == 1


def test_editors_without_the_right_cannot_make_editions(client, edition, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("redactie-test", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert client.get("/admin/edities/nieuw/")["Location"] == "/admin/"
    response = client.post("/admin/edities/nieuw/", {"source": edition.pk, "label": "2029"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not FrameworkPage.objects.filter(edition_label="2029").exists()
    # Comparing is open to every editor.
    assert client.get("/admin/edities/vergelijken/").status_code == 200
    user.groups.add(Group.objects.get(name="Moderators"))
    assert client.get("/admin/edities/nieuw/").status_code == 200


def test_admin_compares_two_editions_with_drafts(admin_client, edition):
    from framework_pages.exchange.importing import import_edition

    from ..framework_pages.factories import body_block, section_doc, soup, text

    copy = copy_edition(edition, "2026").edition
    document = export_edition(copy)
    task = body_block(section_doc(document, "2.3"), "task_matrix")["uitvoerend"]["basis"][0]
    task["text"] = "Heet nieuwe vrijwilligers welkom."
    import_edition(document)  # a draft revision, not published

    page = soup(admin_client.get(f"/admin/edities/vergelijken/?old={edition.pk}&new={copy.pk}"))
    assert "Editie 2025 → editie 2026" in text(page)
    group = next(s for s in page.select("section.comparison-group") if "2.3" in text(s.h3))
    assert "welkom." in [text(ins).removeprefix("toegevoegd: ") for ins in group.find_all("ins")]
    assert "1 onderdeel anders geformuleerd" in text(page)
    same = admin_client.get(f"/admin/edities/vergelijken/?old={edition.pk}&new={edition.pk}")
    assert "Kies twee verschillende edities." in same.content.decode()


def test_admin_publishes_a_whole_edition(admin_client, client, edition, django_user_model):
    from django.contrib.auth.models import Group

    copy = copy_edition(edition, "2026").edition
    # An editor who may not publish cannot use it.
    user = django_user_model.objects.create_user("redactie-publish", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.post("/admin/edities/publiceren/", {"edition": copy.pk})
    assert not FrameworkPage.objects.get(pk=copy.pk).live

    # The screen proposes all of it (a copy, nothing in moderation); the form sends the ticks.
    preview = admin_client.get("/admin/edities/publiceren/", {"edition": copy.pk})
    keys = [row[0].key for row in preview.context["rows"] if row[1]]
    assert len(keys) == len(preview.context["rows"])
    response = admin_client.post("/admin/edities/publiceren/", {"edition": copy.pk, "kies": keys})
    assert response["Location"] == f"/admin/pages/{copy.pk}/"
    assert FrameworkPage.objects.get(pk=copy.pk).live
    assert not copy.get_descendants().not_live().exists()
    assert not Competentie.objects.filter(edition=copy, live=False).exists()


def _default_pair(admin_client):
    from ..framework_pages.factories import soup

    page = soup(admin_client.get("/admin/edities/vergelijken/"))

    def selected(name):
        return page.select_one(f"select[name={name}] option[selected]").get_text(strip=True)

    return selected("old"), selected("new")


def _labels(old, new):
    return (f"{old.title}", f"{new.title}")


def test_compare_defaults_are_old_to_new_in_the_editions_order(admin_client, edition):
    # 2026 a draft, then 2027 made and published: the newest (2027) against the published
    # one before it (2025), never the draft 2026 as "old" of a published 2027.
    draft = copy_edition(edition, "2026").edition
    newest = copy_edition(edition, "2027").edition
    publish_edition(newest)
    assert _default_pair(admin_client) == _labels(edition, newest)
    # The editors reorder the editions: the draft 2026 last, so it is the new one.
    draft.refresh_from_db()
    draft.move(edition.get_parent(), pos="last-child")
    old, new = _default_pair(admin_client)
    assert new == FrameworkPage.objects.get(pk=draft.pk).title
    assert old == FrameworkPage.objects.get(pk=newest.pk).title


def test_compare_defaults_never_put_a_draft_before_a_published_edition(admin_client, edition):
    # A draft placed before the only published edition: the published one is old, the draft new.
    draft = copy_edition(edition, "2024").edition
    draft.refresh_from_db()
    draft.move(FrameworkPage.objects.get(pk=edition.pk), pos="left")
    assert list(FrameworkPage.objects.in_order()) == [draft, edition]
    assert _default_pair(admin_client) == _labels(edition, draft)


def test_editions_link_to_what_changed_both_ways(client, edition):
    from ..framework_pages.factories import soup, text

    # One published edition: nothing to compare with, so no link.
    assert soup(client.get(edition.url)).select_one(".edition-changes") is None
    copy, _old_text, _removed = _published_copy_with_changes(edition)
    changes_url = copy.url + "wat-is-er-veranderd/"

    newer = soup(client.get(copy.url))
    link = newer.select_one(".edition-changes a")
    assert link["href"] == changes_url
    assert text(link) == "Wat is er veranderd ten opzichte van editie 2025"
    assert newer.select_one(".edition-newer") is None

    older = soup(client.get(edition.url))
    assert older.select_one(".edition-changes") is None  # the notice links to the changes
    notice = older.select_one(".edition-newer")
    assert "Er is een nieuwere editie van het beroepsprofiel: editie 2026." in notice.get_text()
    hrefs = [a["href"] for a in notice.find_all("a")]
    assert hrefs == [copy.url, changes_url + "?met=2025"]
    assert "Editie 2026 vergeleken met editie 2025" in text(soup(client.get(hrefs[1])))

    # The changes page links back to both editions.
    lead = soup(client.get(changes_url)).select_one("p.lead")
    assert [a["href"] for a in lead.find_all("a")] == [copy.url, edition.url]

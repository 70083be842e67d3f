"""Every admin screen an editor uses is Dutch: a crawl of the screens a Hoofdredacteur and a
Redacteur open, looking for the English that Wagtail leaves (labels, screen-reader labels,
yes/no values, the default workflow's name)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Workflow

from framework_pages.models import Competentie, HoofdtaakPage

pytestmark = pytest.mark.django_db

# English an editor met on these screens (issue 15), as whole words or phrases.
ENGLISH = ["Password", "True", "False", "Moderators approval", "Actions", "Root", "None"]
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def english_in(html):
    """The ENGLISH phrases in the page's text and in its labels for screen readers."""
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["script", "style", "template"]) + page.select("[hidden]"):
        hidden.decompose()  # never shown nor read out
    texts = [page.get_text(" ")]
    texts += [el[attr] for attr in ATTRIBUTES for el in page.find_all(attrs={attr: True})]
    found = set()
    for phrase in ENGLISH:
        pattern = re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")
        if any(pattern.search(text) for text in texts):
            found.add(phrase)
    return found


def editor(django_user_model, client, group):
    user = django_user_model.objects.create_user(f"nl-{group.lower()}", password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def screens(edition, section):
    hoofdtaak = HoofdtaakPage.objects.get(pk=section.get_parent().pk)
    competency = Competentie.objects.filter(edition=edition).first()
    snippets = "wagtailsnippets_framework_pages_competentie"
    # Two revisions of 2.3 that differ in a yes/no value: a kerntaak no longer a checkbox.
    before = section.save_revision()
    changed = section.get_latest_revision_as_object()
    body = changed.body.raw_data
    kerntaken = next(block for block in body if block["type"] == "kerntaken")
    kerntaken["value"]["items"][0]["value"]["assessable"] = False
    changed.show_in_menus = not changed.show_in_menus
    after = changed.save_revision()
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[Page.get_first_root_node().pk]),
        reverse("wagtailadmin_explore", args=[edition.pk]),
        reverse("wagtailadmin_explore", args=[hoofdtaak.pk]),
        reverse("wagtailadmin_pages:edit", args=[section.pk]),
        reverse("wagtailadmin_pages:history", args=[section.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[section.pk, before.pk, after.pk]),
        reverse(f"{snippets}:list"),
        reverse(f"{snippets}:edit", args=[competency.pk]),
        reverse("wagtailadmin_reports:workflow"),
        reverse("edities-vergelijken:index"),
    ]


@pytest.mark.parametrize("group", ["Hoofdredacteur", "Redacteur"])
def test_the_screens_an_editor_uses_have_no_english(
    client, django_user_model, edition, section, group
):
    editor(django_user_model, client, group)
    found = {}
    for url in screens(edition, section):
        response = client.get(url)
        assert response.status_code == 200, url
        if english := english_in(response.content.decode()):
            found[url] = english
    assert found == {}


def test_the_login_page_is_dutch(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    label = BeautifulSoup(html, "html.parser").find("label", attrs={"for": "id_password"})
    assert label.get_text(strip=True).rstrip("*") == "Wachtwoord"
    assert english_in(html) == set()


def test_the_default_workflow_has_a_dutch_name(client, django_user_model, section):
    workflow = Workflow.objects.get(active=True)
    assert workflow.name == "Redactionele goedkeuring"
    assert [task.name for task in workflow.tasks.all()] == ["Goedkeuring door de hoofdredactie"]
    editor(django_user_model, client, "Redacteur")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[section.pk])).content.decode()
    assert "Stuur door naar Redactionele goedkeuring" in html


def test_yes_no_values_read_ja_and_nee_in_a_revision_comparison(
    client, django_user_model, edition, section
):
    editor(django_user_model, client, "Hoofdredacteur")
    compare = screens(edition, section)[6]
    page = BeautifulSoup(client.get(compare).content.decode(), "html.parser")
    changes = " ".join(el.get_text(" ", strip=True) for el in page.select(".deletion, .addition"))
    assert "ja" in changes.split() and "nee" in changes.split()


def test_the_dashboard_runs_quietly(client, django_user_model):
    """No update check against wagtail.org (it gave CSP errors on the dashboard)."""
    from portal.settings import base

    editor(django_user_model, client, "Hoofdredacteur")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-controller="w-upgrade"' not in html
    assert base.WAGTAIL_ENABLE_UPDATE_CHECK is False


def test_what_wagtails_dutch_leaves_in_english_is_translated_by_the_project():
    """locale/nl: the rich-text toolbar and keyboard shortcuts, the downloads, the help menu."""
    from django.utils.translation import gettext, override

    with override("nl"):
        assert [gettext(s) for s in ("Bold", "Italic", "Download CSV", "Editor Guide")] == [
            "Vet",
            "Cursief",
            "CSV downloaden",
            "Handleiding voor redacteuren",
        ]

"""Moderation covers competencies: a Redacteur's competency edit reaches the moderator's queue
and goes live only on approval; a competency that was never published never shows publicly,
and the moderator is told why the page choosing it cannot be approved yet. The project's own
admin screen for publishing an edition passes axe.
"""

import re

import pytest
from playwright.sync_api import expect

from .test_editor_flow import EDITOR, MATCHEN, MODERATOR, choose_action, log_in

pytestmark = pytest.mark.e2e

NEW_TEXT = "Kan vrijwilligers persoonlijk en op maat uitnodigen"
HIDDEN_TEXT = "Een competentie die nog nooit is gepubliceerd"


@pytest.fixture
def world(site_content):
    """Looked up (and the hidden competency made) before any browser runs."""
    from framework_pages.items import section_items
    from framework_pages.models import Competentie, TaakgebiedPage
    from tests.framework_pages.factories import draft_choosing

    section = TaakgebiedPage.objects.get(number="2.3").specific
    uid = next(i.uid for i in section_items(section) if i.type == "competentie")
    competentie = Competentie.objects.get(edition=section.edition, uid=uid)
    hidden = Competentie.objects.create(
        edition=section.edition, area=competentie.area, text=HIDDEN_TEXT, live=False
    )
    hidden.save_revision()
    other = TaakgebiedPage.objects.get(number="2.4").specific
    draft_choosing(other, hidden).save_revision()
    return {
        "competentie": competentie,
        "other": other,
        "edition": section.edition,
    }


def test_a_competency_edit_goes_live_only_through_moderation(
    browser_context, demo_accounts, world, audit, assert_accessible, screenshot
):
    competentie = world["competentie"]
    old_text = competentie.text
    editor = log_in(browser_context(), *EDITOR)
    editor.goto(f"/admin/snippets/framework_pages/competentie/edit/{competentie.pk}/")
    editor.get_by_label(re.compile(r"^Tekst")).fill(NEW_TEXT)
    choose_action(editor, re.compile(r"^Stuur door naar"))
    expect(editor.get_by_role("status")).to_contain_text("ter goedkeuring")

    visitor = browser_context().new_page()
    visitor.goto(MATCHEN)
    expect(visitor.get_by_role("main")).to_contain_text(old_text)
    expect(visitor.get_by_role("main")).not_to_contain_text(NEW_TEXT)

    # In the moderator's queue; approving publishes it.
    moderator = log_in(browser_context(), *MODERATOR)
    awaiting = moderator.locator("section, .w-panel").filter(
        has=moderator.get_by_role("heading", name="In afwachting van jouw beoordeling")
    )
    awaiting.first.get_by_role("link", name=NEW_TEXT).click()
    expect(moderator).to_have_url(re.compile(rf"/competentie/edit/{competentie.pk}/"))
    choose_action(moderator, "Goedkeuren en publiceren")
    expect(moderator.get_by_role("status")).to_contain_text(NEW_TEXT)
    visitor.reload()
    expect(visitor.get_by_role("main")).to_contain_text(NEW_TEXT)
    audit(visitor)

    # A competency that was never published: not on the public page, and the moderator is
    # told on the page that chooses it why approving has to wait.
    other = world["other"]
    visitor.goto(other.url)
    expect(visitor.get_by_role("main")).not_to_contain_text(HIDDEN_TEXT)
    moderator.goto(f"/admin/pages/{other.pk}/edit/")
    expect(moderator.get_by_text(re.compile("nog niet gepubliceerd"))).to_contain_text(HIDDEN_TEXT)

    # The project's own screen: publishing an edition shows what would go live.
    moderator.goto(f"/admin/edities/publiceren/?edition={world['edition'].pk}")
    table = moderator.get_by_role("table", name="Wat live zou gaan")
    expect(table).to_contain_text(HIDDEN_TEXT)
    assert_accessible(moderator)
    screenshot(moderator, "publish-edition")
